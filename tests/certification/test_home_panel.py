"""The home page tells a member how close they are to a certificate, then what they hold."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from socialu.certification.models import Tier
from socialu.core.models import Organisation
from socialu.people.models import Person
from tests.certification.support import complete_basics


def _home(client: Client, organisation: Organisation) -> str:
    return client.get(reverse("org_home", args=[organisation.slug])).content.decode()


def test_the_home_page_names_the_courses_left_then_the_certificate_held(
    curriculum: Organisation,
    ambassador: Tier,
    learner: Person,
    learner_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    before = _home(learner_client, curriculum)
    assert "Your certification" in before
    assert "one requirement left" in before
    assert reverse("course_detail", args=[curriculum.slug, "basics"]) in before

    with django_capture_on_commit_callbacks(execute=True):
        complete_basics(learner)

    after = _home(learner_client, curriculum)
    assert "You hold the <strong>Ambassador</strong> certificate" in after
    assert "requirement left" not in after


def test_without_tiers_there_is_no_certification_panel(curriculum: Organisation, learner_client: Client) -> None:
    assert "Your certification" not in _home(learner_client, curriculum)
