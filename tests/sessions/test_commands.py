"""`socialu sessions`: the same services from the command line, with --json and the house exit codes."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.sessions.models import Attendance, Registration, RegistrationStatus
from tests.factories import PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("sessions", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_register_show_move_and_remove_from_the_command_line(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=1, title="CLI workshop")
    people = [PersonFactory.create(organisation=organisation, email=f"p{n}@acme.example") for n in range(3)]
    for person in people:
        run("register", str(session.pk), "--person", person.email, "--org", "acme")

    shown = json.loads(run("show", str(session.pk), "--org", "acme", "--json"))
    assert shown["confirmed"] == 1
    assert shown["waitlisted"] == 2
    last = Registration.objects.get(session=session, person=people[2])
    assert "Now number 1" in run("move", str(last.pk), "1", "--org", "acme")
    first = Registration.objects.get(session=session, person=people[0])
    run("remove", str(first.pk), "--org", "acme")
    last.refresh_from_db()
    assert last.status == RegistrationStatus.OFFERED

    listed = json.loads(run("list", "--org", "acme", "--json"))
    assert [row["title"] for row in listed] == ["CLI workshop"]


def test_attendance_and_jobs_from_the_command_line(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation, capacity=2)
    person = PersonFactory.create(organisation=organisation, email="came@acme.example")
    registered = json.loads(run("register", str(session.pk), "--person", person.email, "--org", "acme", "--json"))
    assert registered["status"] == RegistrationStatus.CONFIRMED
    session.starts_at, session.ends_at = timezone.now() - timedelta(hours=2), timezone.now() - timedelta(hours=1)
    session.save()
    marked = json.loads(
        run("attendance", str(session.pk), "--present", str(registered["id"]), "--org", "acme", "--json")
    )
    assert marked["changed"] == 1
    assert Registration.objects.get(pk=registered["id"]).attendance == Attendance.PRESENT
    assert json.loads(run("expire-offers", "--org", "acme", "--json"))["lapsed"] == 0
    assert "reminders" in json.loads(run("remind", "--org", "acme", "--json"))


def test_refusals_exit_with_the_house_codes(organisation: Organisation) -> None:
    session = SessionFactory.create(organisation=organisation)
    person = PersonFactory.create(organisation=organisation, email="twice@acme.example")
    run("register", str(session.pk), "--person", person.email, "--org", "acme")
    with pytest.raises(CommandError) as conflict:
        run("register", str(session.pk), "--person", person.email, "--org", "acme")
    assert conflict.value.returncode == 1
    with pytest.raises(CommandError) as unknown:
        run("register", str(session.pk), "--person", "nobody@acme.example", "--org", "acme")
    assert unknown.value.returncode == 2
    with pytest.raises(CommandError) as missing:
        run("show", "999999", "--org", "acme")
    assert missing.value.returncode == 3
