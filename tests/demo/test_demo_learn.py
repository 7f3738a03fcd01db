"""The demo's curriculum can be authored and its learners followed, from the browser and the command line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.curriculum.authoring.selectors import authoring_courses

pytestmark = pytest.mark.django_db(transaction=True)


def seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())


def learning(*args: str) -> str:
    out = StringIO()
    call_command("learning", *args, stdout=out)
    return out.getvalue()


def test_the_demo_curriculum_is_published_and_its_learners_can_be_followed(monkeypatch: pytest.MonkeyPatch) -> None:
    seed(monkeypatch)
    demo = Organisation.objects.get(slug="demo")

    courses = authoring_courses(organisation=demo)
    assert len(courses) >= 14
    assert all(entry.published is not None and entry.draft is None for entry in courses)

    admin = Client()
    admin.force_login(User.objects.get(email="admin@demo.example"))
    for path in ("/o/demo/authoring/", "/o/demo/authoring/paths/", "/o/demo/learning/manage/"):
        assert admin.get(path).status_code == 200, path
    assert admin.get("/o/demo/authoring/courses/policy-essentials/").status_code == 200

    progress = json.loads(learning("progress", "--org", "demo", "--person", "learner@demo.example", "--json"))
    assert progress["courses"]
    assert any(course["lessons_done"] > 0 for course in progress["courses"])

    learning("remind", "--org", "demo")
    sent = len(mail.outbox)
    learning("remind", "--org", "demo")
    assert len(mail.outbox) == sent  # nobody is reminded twice in a week
