"""`socialu coaching …`: the same engagements, slots and bookings as the pages and the API, with --json."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from socialu.coaching.models import Booking, BookingStatus
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.coaching.helpers import future, linked_person


def run(*args: str) -> str:
    out = StringIO()
    call_command("coaching", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_goals_list_the_shipped_template() -> None:
    goals = json.loads(run("goals", "--json"))
    assert {"post-weekly-linkedin", "handle-critical-comment", "understand-listening-reports"} <= {
        goal["slug"] for goal in goals
    }


def test_an_engagement_is_started_a_slot_published_booked_moved_and_cancelled_from_the_command_line(
    organisation: Organisation,
) -> None:
    linked_person(organisation, "coach@acme.example", Role.FACILITATOR)
    linked_person(organisation, "ceo@acme.example")
    linked_person(organisation, "pa@acme.example")
    target = (date.today() + timedelta(days=60)).isoformat()
    created = json.loads(
        run(
            "engagements", "create", "--org", "acme", "--coach", "coach@acme.example", "--executive",
            "ceo@acme.example", "--assistant", "pa@acme.example", "--goal", "post-weekly-linkedin", "--goal",
            "handle-critical-comment", "--target", target, "--json",
        )
    )  # fmt: skip
    assert created["goals"] == ["Post weekly on LinkedIn in my own voice", "Handle a critical comment"]
    slots = []
    for hour in (9, 11):
        starts = future(3, hour).strftime("%Y-%m-%dT%H:%M")
        published = run(
            "slots", "publish", "--org", "acme", "--coach", "coach@acme.example", "--starts", starts, "--json"
        )
        slots.append(json.loads(published)["id"])
    engagement = str(created["id"])
    booked = json.loads(
        run(
            "book",
            "--org",
            "acme",
            "--engagement",
            engagement,
            "--slot",
            str(slots[0]),
            "--as",
            "pa@acme.example",
            "--json",
        )
    )
    booking = str(booked["id"])
    moved = json.loads(
        run(
            "reschedule",
            "--org",
            "acme",
            "--booking",
            booking,
            "--slot",
            str(slots[1]),
            "--as",
            "ceo@acme.example",
            "--json",
        )
    )
    assert moved["sequence"] == 1
    listed = json.loads(run("slots", "list", "--org", "acme", "--coach", "coach@acme.example", "--json"))
    assert [row["booked_for"] for row in listed] == ["", "Ceo"]
    run("cancel", "--org", "acme", "--booking", str(booked["id"]), "--as", "pa@acme.example")
    assert Booking.objects.get().status == BookingStatus.CANCELLED
    overview = json.loads(run("engagements", "list", "--org", "acme", "--json"))
    assert overview[0]["sessions_booked"] == 0 and "notes" not in overview[0]


def test_a_double_booking_exits_1_and_an_unknown_person_exits_2(organisation: Organisation) -> None:
    linked_person(organisation, "coach@acme.example", Role.FACILITATOR)
    linked_person(organisation, "ceo@acme.example")
    linked_person(organisation, "cfo@acme.example")
    target = (date.today() + timedelta(days=60)).isoformat()
    ids = [
        json.loads(
            run("engagements", "create", "--org", "acme", "--coach", "coach@acme.example", "--executive", who,
                "--goal", "post-weekly-linkedin", "--goal", "handle-critical-comment", "--target", target, "--json")
        )["id"]
        for who in ("ceo@acme.example", "cfo@acme.example")
    ]  # fmt: skip
    starts = future(3).strftime("%Y-%m-%dT%H:%M")
    slot = json.loads(
        run("slots", "publish", "--org", "acme", "--coach", "coach@acme.example", "--starts", starts, "--json")
    )["id"]
    run("book", "--org", "acme", "--engagement", str(ids[0]), "--slot", str(slot), "--as", "ceo@acme.example")
    with pytest.raises(CommandError) as clash:
        run("book", "--org", "acme", "--engagement", str(ids[1]), "--slot", str(slot), "--as", "cfo@acme.example")
    assert clash.value.returncode == 1
    with pytest.raises(CommandError) as unknown:
        run("book", "--org", "acme", "--engagement", str(ids[1]), "--slot", str(slot), "--as", "nobody@acme.example")
    assert unknown.value.returncode == 2
