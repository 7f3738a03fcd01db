"""The home page shows a learner what to do next, as My learning does."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.models import Lesson
from socialu.learning.services import enrolment_sync, lesson_complete
from socialu.people.models import Person


def _home(client: Client, organisation: Organisation) -> str:
    return client.get(reverse("org_home", args=[organisation.slug])).content.decode()


def test_the_home_page_offers_the_next_lesson_and_moves_on_when_it_is_done(
    curriculum: Organisation, learner: Person, learner_client: Client, basics_lessons: list[Lesson]
) -> None:
    learner.audience = Audience.PRACTITIONER
    learner.save()
    enrolment_sync(organisation=curriculum)
    first, second = basics_lessons[0], basics_lessons[1]

    page = _home(learner_client, curriculum)
    assert "Next up:" in page
    assert reverse("learning_lesson", args=[curriculum.slug, "basics", first.slug]) in page

    lesson_complete(person=learner, lesson=first)

    page = _home(learner_client, curriculum)
    assert reverse("learning_lesson", args=[curriculum.slug, "basics", second.slug]) in page


def test_someone_with_nothing_to_learn_sees_no_learning_panel(
    curriculum: Organisation, learner: Person, learner_client: Client
) -> None:
    page = _home(learner_client, curriculum)
    assert "Next up:" not in page
    assert "All done" not in page
