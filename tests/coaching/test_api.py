"""The coaching API: book and move through it, the coach records the log, an admin never reads it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.utils import timezone

from socialu.accounts.models import User
from socialu.accounts.services import api_token_create
from socialu.coaching.models import Booking
from socialu.core.models import Organisation
from tests.coaching.helpers import Cast, cast, slot

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

SECRET = "Afraid of the first comment"


@pytest.fixture
def c(organisation: Organisation) -> Cast:
    return cast(organisation)


def call(user: User, method: str, path: str, body: dict[str, Any] | None = None) -> TestResponse:
    headers = {"Authorization": f"Bearer {api_token_create(user=user, name='tests')[1]}"}
    url = f"/api/v1/orgs/acme/coaching/{path}"
    response: TestResponse = Client().generic(
        method, url, json.dumps(body) if body is not None else "", "application/json", headers=headers
    )
    return response


def test_the_assistant_books_and_moves_through_the_api_and_a_taken_slot_answers_409(c: Cast) -> None:
    first, second = slot(c, hour=9), slot(c, hour=11)
    listed = call(c.assistant_user, "GET", f"engagements/{c.engagement.pk}/open-slots").json()
    assert [row["id"] for row in listed] == [first.pk, second.pk]
    booked = call(c.assistant_user, "POST", f"engagements/{c.engagement.pk}/bookings", {"slot_id": first.pk})
    assert booked.status_code == 201 and booked.json()["log"] is None  # the assistant never reads the log
    again = call(c.executive_user, "POST", f"engagements/{c.engagement.pk}/bookings", {"slot_id": first.pk})
    assert again.status_code == 409 and "just booked" in again.json()["detail"]
    moved = call(c.executive_user, "POST", f"bookings/{booked.json()['id']}/reschedule", {"slot_id": second.pk})
    assert moved.status_code == 200 and moved.json()["starts_at"].startswith(second.starts_at.date().isoformat())


def test_the_coach_records_the_log_and_an_admin_sees_only_that_the_session_happened(c: Cast, admin_user: User) -> None:
    booking = Booking.objects.get(
        pk=call(c.executive_user, "POST", f"engagements/{c.engagement.pk}/bookings", {"slot_id": slot(c).pk}).json()[
            "id"
        ]
    )
    early = call(c.coach_user, "PUT", f"sessions/{booking.pk}/log", {"notes": SECRET})
    assert early.status_code == 409  # not held yet
    past = timezone.now() - timedelta(hours=3)
    type(booking.slot).objects.filter(pk=booking.slot_id).update(starts_at=past, ends_at=past + timedelta(hours=1))
    body = {
        "agenda": "Handling criticism",
        "notes": SECRET,
        "actions": [{"text": "Reply to one comment", "due_on": (date.today() + timedelta(days=7)).isoformat()}],
    }
    assert call(c.executive_user, "PUT", f"sessions/{booking.pk}/log", body).status_code == 403
    recorded = call(c.coach_user, "PUT", f"sessions/{booking.pk}/log", body)
    assert recorded.status_code == 200 and recorded.json()["log"]["notes"] == SECRET

    executive = call(c.executive_user, "GET", f"engagements/{c.engagement.pk}").json()
    assert executive["sessions"][0]["log"]["actions"][0]["text"] == "Reply to one comment"

    admin_engagement = call(admin_user, "GET", f"engagements/{c.engagement.pk}")
    admin_session = call(admin_user, "GET", f"bookings/{booking.pk}")
    overview = call(admin_user, "GET", "overview")
    for answer in (admin_engagement, admin_session, overview):
        assert answer.status_code == 200
        assert SECRET not in answer.content.decode() and "Handling criticism" not in answer.content.decode()
    assert admin_engagement.json()["your_part"] == "overseer"
    assert admin_engagement.json()["sessions"] == [
        {
            "id": booking.pk,
            "starts_at": admin_engagement.json()["sessions"][0]["starts_at"],
            "ends_at": admin_engagement.json()["sessions"][0]["ends_at"],
            "status": "held",
            "log": None,
        }
    ]
    assert overview.json()[0]["sessions_held"] == 1


def test_an_admin_starts_an_engagement_from_the_template(c: Cast, admin_user: User) -> None:
    body = {
        "coach_id": c.coach.pk,
        "executive_id": c.assistant.pk,
        "goal_slugs": ["handle-critical-comment"],
        "starts_on": date.today().isoformat(),
        "target_on": (date.today() + timedelta(days=60)).isoformat(),
    }
    created = call(admin_user, "POST", "engagements", body)
    assert created.status_code == 201
    assert created.json()["goals"] == ["Handle a critical comment"]
    refused = call(admin_user, "POST", "engagements", {**body, "coach_id": c.executive.pk})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "coach_id"
