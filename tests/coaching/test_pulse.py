"""The progress pulse: supporters chosen by the executive, single-use links, self versus supporters on the page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from socialu.coaching import selectors, services
from socialu.coaching.models import PulseResponse
from socialu.core.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from socialu.core.models import Organisation
from tests.coaching.helpers import Cast, cast

SUPPORTERS = [
    services.SupporterIn(name="Cleo Comms", email="cleo@acme.example"),
    services.SupporterIn(name="Pat Peer", email="pat@acme.example"),
    services.SupporterIn(name="Abe Assistant", email="pa@acme.example"),
]


@pytest.fixture
def c(organisation: Organisation) -> Cast:
    return cast(organisation)


def test_the_executive_chooses_two_to_five_supporters(c: Cast) -> None:
    with pytest.raises(PermissionDeniedError):
        services.supporters_choose(engagement=c.engagement, actor=c.coach, supporters=SUPPORTERS)
    with pytest.raises(InvalidInputError):
        services.supporters_choose(engagement=c.engagement, actor=c.executive, supporters=SUPPORTERS[:1])
    chosen = services.supporters_choose(engagement=c.engagement, actor=c.executive, supporters=SUPPORTERS)
    assert sorted(supporter.name for supporter in chosen) == ["Abe Assistant", "Cleo Comms", "Pat Peer"]


def test_a_round_emails_a_single_use_link_to_the_executive_and_each_supporter(
    c: Cast, django_capture_on_commit_callbacks: object
) -> None:
    services.supporters_choose(engagement=c.engagement, actor=c.executive, supporters=SUPPORTERS)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        _, links = services.pulse_round_open(engagement=c.engagement, stage="start", actor=c.coach)
    assert len(mail.outbox) == 4
    assert {message.to[0] for message in mail.outbox} == {c.executive.email, *(s.email for s in SUPPORTERS)}
    # Only a hash of the token is stored.
    assert not PulseResponse.objects.filter(token_hash__in=[link.token for link in links]).exists()
    with pytest.raises(ConflictError):
        services.pulse_round_open(engagement=c.engagement, stage="start", actor=c.executive)


def test_a_supporter_answers_through_the_link_without_signing_in_and_only_once(
    c: Cast, django_capture_on_commit_callbacks: object
) -> None:
    services.supporters_choose(engagement=c.engagement, actor=c.executive, supporters=SUPPORTERS)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.pulse_round_open(engagement=c.engagement, stage="start", actor=c.executive)
    email = next(message for message in mail.outbox if message.to == ["cleo@acme.example"])
    found = re.search(r"https?://\S+/coaching/pulse/(\S+)/", str(email.body))
    assert found
    url = reverse("coaching_pulse_answer", args=[found.group(1)])
    anonymous = Client()
    page = anonymous.get(url)
    assert page.status_code == 200 and "Erin Executive" in page.content.decode()
    answer = anonymous.post(url, {"rating_0": "4", "rating_1": "3", "rating_2": "5"})
    assert answer.status_code == 200 and "Thank you" in answer.content.decode()
    assert anonymous.get(url).status_code == 410
    again = anonymous.post(url, {"rating_0": "1", "rating_1": "1", "rating_2": "1"})
    assert again.status_code == 410
    assert PulseResponse.objects.get(supporter__email="cleo@acme.example").ratings == [4, 3, 5]


def test_an_incomplete_answer_is_refused_and_nothing_is_lost(c: Cast) -> None:
    services.supporters_choose(engagement=c.engagement, actor=c.executive, supporters=SUPPORTERS)
    _, links = services.pulse_round_open(engagement=c.engagement, stage="start", actor=c.executive)
    with pytest.raises(InvalidInputError):
        services.pulse_answer(token=links[1].token, ratings=[4, 6, 2])
    page = Client().post(reverse("coaching_pulse_answer", args=[links[1].token]), {"rating_0": "4"})
    assert page.status_code == 200 and "Choose a rating" in page.content.decode()
    with pytest.raises(NotFoundError):
        services.pulse_answer(token="not-a-token", ratings=[1, 2, 3])


def test_the_engagement_page_shows_self_versus_supporters_over_time(c: Cast) -> None:
    services.supporters_choose(engagement=c.engagement, actor=c.executive, supporters=SUPPORTERS)
    for stage, own, others in (("start", 2, (2, 3, 1)), ("midpoint", 4, (3, 3, 3))):
        _, links = services.pulse_round_open(engagement=c.engagement, stage=stage, actor=c.coach)
        services.pulse_answer(token=links[0].token, ratings=[own, own, own])
        for link, rating in zip(links[1:], others, strict=True):
            services.pulse_answer(token=link.token, ratings=[rating, 1, 1])
    series = selectors.pulse_series(engagement=c.engagement)
    first = series[0].points
    assert [(p.stage, p.self_rating, p.supporter_rating) for p in first] == [
        ("start", 2.0, 2.0),
        ("midpoint", 4.0, 3.0),
    ]
    client = Client()
    client.force_login(c.executive_user)
    page = client.get(reverse("coaching_engagement", args=[c.organisation.slug, c.engagement.pk])).content.decode()
    assert "<svg" in page and "Midpoint, Supporters: 3.0" in page and 'class="chart-self"' in page
