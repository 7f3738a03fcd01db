"""The organisation home: staff see the workforce at a glance; learners see only what concerns them."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from socialu.core.models import Organisation
from socialu.people.models import Person
from tests.factories import PersonFactory


def test_staff_see_the_workforce_at_a_glance(organisation: Organisation, admin_client: Client) -> None:
    PersonFactory.create_batch(3, organisation=organisation)
    page = admin_client.get(reverse("org_home", args=[organisation.slug])).content.decode()
    assert "At a glance" in page
    assert "Active people by audience" in page


def test_a_learner_with_nothing_waiting_is_welcomed_without_the_workforce_figures(
    organisation: Organisation, learner: Person, learner_client: Client
) -> None:
    PersonFactory.create_batch(3, organisation=organisation)
    page = learner_client.get(reverse("org_home", args=[organisation.slug])).content.decode()
    assert "At a glance" not in page
    assert "Nothing is waiting for you right now" in page
    assert reverse("preflight_check", args=[organisation.slug]) in page
