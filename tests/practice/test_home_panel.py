"""Mentors see on the home page how many practice answers wait for them."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.practice.helpers import install, learner_person, reviewed, submitted


def _home(user: User, organisation: Organisation) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("org_home", args=[organisation.slug])).content.decode()


def test_a_mentor_sees_answers_waiting_for_review_until_they_are_reviewed(organisation: Organisation) -> None:
    (scenario,) = install(organisation)
    mentor, _ = learner_person(organisation, "mentor@acme.example", Role.MENTOR)
    learner, person = learner_person(organisation, "lee@acme.example")
    attempt = submitted(organisation, person, scenario)

    page = _home(mentor, organisation)
    assert "A practice answer waits for review" in page
    assert reverse("practice_review_queue", args=[organisation.slug]) in page
    # Learners do not work the queue, so the panel is not theirs.
    assert "waits for review" not in _home(learner, organisation)

    reviewed(attempt, mentor)

    assert "waits for review" not in _home(mentor, organisation)
