"""Browsing the curriculum: the catalogue, a course outline, and reading a lesson."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.curriculum.models import Course
from socialu.curriculum.services import curriculum_import, default_folder
from socialu.learning.models import Enrolment
from tests.curriculum.test_coursefiles import COURSE, write_curriculum
from tests.factories import PersonFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_client(organisation: Organisation) -> Client:
    client = Client()
    client.force_login(member(organisation, email="learner@acme.example"))
    return client


def test_the_catalogue_shows_every_audience_path_and_all_ten_components(
    organisation: Organisation, learner_client: Client
) -> None:
    curriculum_import(organisation=organisation, folder=default_folder())
    page = learner_client.get("/o/acme/curriculum/").content.decode()
    for title in ("Leading the social organisation", "Managing social employees", "Why social media matters here"):
        assert title in page
    assert page.count('class="panel" aria-labelledby="component-') == 10
    assert "Social media policy essentials" in page


def test_without_a_curriculum_a_learner_gets_a_plain_explanation_and_no_command(
    organisation: Organisation, learner_client: Client
) -> None:
    page = learner_client.get("/o/acme/curriculum/").content.decode()
    assert "No curriculum yet" in page
    assert "Your programme team has not set up the courses yet" in page
    assert "Install the default curriculum" not in page
    assert "socialu curriculum" not in page


def test_without_a_curriculum_an_admin_installs_the_default_one_with_a_button(
    organisation: Organisation, admin_client: Client
) -> None:
    page = admin_client.get("/o/acme/curriculum/").content.decode()
    assert 'action="/o/acme/authoring/install-default/"' in page and "Install the default curriculum" in page
    assert "socialu curriculum" not in page

    response = admin_client.post("/o/acme/authoring/install-default/", follow=True)

    assert response.redirect_chain[-1][0] == "/o/acme/curriculum/"
    page = response.content.decode()
    assert "The default curriculum is installed" in page
    assert page.count('class="panel" aria-labelledby="component-') == 10
    assert Course.objects.filter(organisation=organisation, slug="policy-essentials").exists()


def test_installing_the_default_curriculum_enrols_people_in_their_audience_path(
    organisation: Organisation, admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    person = PersonFactory.create(organisation=organisation, audience="practitioner")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/o/acme/authoring/install-default/")

    assert Enrolment.objects.filter(organisation=organisation, person=person).exists()


def test_installing_the_default_curriculum_twice_changes_nothing(
    organisation: Organisation, admin_client: Client
) -> None:
    admin_client.post("/o/acme/authoring/install-default/")
    courses = Course.objects.filter(organisation=organisation).count()

    response = admin_client.post("/o/acme/authoring/install-default/", follow=True)

    assert "already installed" in response.content.decode()
    assert Course.objects.filter(organisation=organisation).count() == courses


def test_a_learner_cannot_install_the_default_curriculum(organisation: Organisation, learner_client: Client) -> None:
    response = learner_client.post("/o/acme/authoring/install-default/")

    assert response.status_code == 403
    assert not Course.objects.filter(organisation=organisation).exists()


def test_a_course_page_lists_its_lessons_and_quiz(
    organisation: Organisation, learner_client: Client, tmp_path: Path
) -> None:
    curriculum_import(organisation=organisation, folder=write_curriculum(tmp_path))
    page = learner_client.get("/o/acme/curriculum/basics/").content.decode()
    assert "First module" in page
    assert 'href="/o/acme/curriculum/basics/hello/"' in page
    assert "a quiz of 1 question; the pass mark is 80%" in page


def test_a_lesson_is_rendered_safely_with_its_neighbours(
    organisation: Organisation, learner_client: Client, tmp_path: Path
) -> None:
    course = COURSE.replace(
        "        estimated_minutes: 5\n",
        "        estimated_minutes: 5\n      - slug: second\n        title: Second\n"
        "        file: lessons/second.md\n        estimated_minutes: 4\n",
    )
    folder = write_curriculum(tmp_path, course=course)
    (folder / "courses" / "basics" / "lessons" / "second.md").write_text(
        "## Part two\n\n<script>alert(1)</script>\n\n**Bold** text.\n", encoding="utf-8"
    )
    curriculum_import(organisation=organisation, folder=folder)
    first = learner_client.get("/o/acme/curriculum/basics/hello/").content.decode()
    assert "<h2>Hello</h2>" in first
    assert 'href="/o/acme/curriculum/basics/second/" rel="next"' in first
    second = learner_client.get("/o/acme/curriculum/basics/second/").content.decode()
    assert "<strong>Bold</strong>" in second
    assert "<script>alert(1)</script>" not in second
    assert "Lesson 2 of 2" in second
    assert 'rel="prev"' in second


def test_unknown_courses_and_lessons_answer_404(organisation: Organisation, learner_client: Client) -> None:
    assert learner_client.get("/o/acme/curriculum/nope/").status_code == 404
    assert learner_client.get("/o/acme/curriculum/nope/nothing/").status_code == 404


def test_another_organisations_course_answers_404(
    organisation: Organisation, other_organisation: Organisation, tmp_path: Path
) -> None:
    curriculum_import(organisation=other_organisation, folder=write_curriculum(tmp_path))
    client = Client()
    client.force_login(member(organisation, Role.PROGRAMME_ADMIN))
    assert client.get("/o/acme/curriculum/basics/").status_code == 404
    assert client.get("/o/globex/curriculum/basics/").status_code == 404
