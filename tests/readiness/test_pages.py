"""The readiness pages: the respondent's form at /r/<token>/ and the admin pages."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from socialu.core.models import Organisation
from socialu.readiness import services
from socialu.readiness.models import Answer, Assessment, AssessmentStatus, Respondent
from tests.readiness.conftest import SLUGS

pytestmark = pytest.mark.django_db


def _clean(page: str) -> None:
    """No inline scripts or styles: the strict content security policy would block them."""
    assert "<script" not in page.split("</head>", 1)[1]
    assert 'style="' not in page


def test_the_form_shows_ten_accessible_questions(leader_token: str) -> None:
    page = Client().get(f"/r/{leader_token}/").content.decode()

    assert page.count("<fieldset") == 10 and page.count("<legend>") == 10
    assert "No goals are written down." in page  # the descriptor at 1
    assert page.count(">Between<") == 20  # 2 and 4 on every question
    assert 'hx-post="/r/' in page and 'hx-trigger="change"' in page
    assert 'hx-trigger="input changed delay:800ms"' in page and 'aria-live="polite"' in page
    assert 'for="value-goals-3"' in page and 'for="note-goals"' in page
    assert "Send my answers" in page
    _clean(page)


def test_an_htmx_change_saves_one_question_and_says_saved(leader_token: str, leader_respondent: Respondent) -> None:
    response = Client().post(
        f"/r/{leader_token}/answer/",
        {"question": "goals", "value-goals": "4", "note-goals": "We have targets", "value-trust": "2"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200 and "Saved" in response.content.decode()
    assert list(Answer.objects.filter(respondent=leader_respondent).values_list("question", "value", "note")) == [
        ("goals", 4, "We have targets")
    ]


def test_an_htmx_save_that_fails_explains_why(leader_token: str) -> None:
    response = Client().post(f"/r/{leader_token}/answer/", {"question": "goals", "value-goals": "9"})

    assert "Choose a number from 1 to 5" in response.content.decode()


def test_without_javascript_a_normal_submit_saves_everything_and_resumes(
    leader_token: str, leader_respondent: Respondent
) -> None:
    data = {f"value-{slug}": "3" for slug in SLUGS} | {"note-culture": "Slow approvals", "action": "save"}

    response = Client().post(f"/r/{leader_token}/", data, follow=True)

    assert Answer.objects.filter(respondent=leader_respondent, value=3).count() == 10
    page = response.content.decode()
    assert "Your answers are saved" in page
    assert page.count('value="3" checked') == 10 and "Slow approvals" in page
    leader_respondent.refresh_from_db()
    assert leader_respondent.submitted_at is None


def test_send_my_answers_marks_them_submitted(leader_token: str, leader_respondent: Respondent) -> None:
    Client().post(f"/r/{leader_token}/", {"value-goals": "5", "action": "send"})

    leader_respondent.refresh_from_db()
    assert leader_respondent.submitted_at is not None
    assert "You sent your answers" in Client().get(f"/r/{leader_token}/").content.decode()


def test_an_unknown_link_gets_a_friendly_page(db: None) -> None:
    response = Client().get("/r/not-a-real-token/")

    assert response.status_code == 404
    assert "We could not find these questions" in response.content.decode()
    assert Client().post("/r/not-a-real-token/answer/", {"question": "goals"}).status_code == 404


def test_a_closed_link_says_so_and_saves_nothing(open_assessment: Assessment, leader_token: str) -> None:
    services.assessment_close(assessment=open_assessment)

    page = Client().get(f"/r/{leader_token}/").content.decode()
    saved = Client().post(f"/r/{leader_token}/answer/", {"question": "goals", "value-goals": "3"}).content.decode()

    assert "This assessment has closed" in page and "<fieldset" not in page
    assert "has closed" in saved and not Answer.objects.exists()


# --- Admin pages ----------------------------------------------------------------------


def test_an_admin_sees_the_empty_state_creates_adds_and_opens(
    organisation: Organisation, admin_client: Client, leader: object, manager: object
) -> None:
    page = admin_client.get("/o/acme/readiness/").content.decode()
    assert "No assessments yet" in page and "ten short questions" in page
    _clean(page)

    response = admin_client.post("/o/acme/readiness/", {"title": "Autumn check", "anonymous": "on"}, follow=True)
    assessment = Assessment.objects.get(title="Autumn check")
    assert assessment.anonymous and response.redirect_chain[-1][0] == f"/o/acme/readiness/{assessment.pk}/"

    admin_client.post(f"/o/acme/readiness/{assessment.pk}/", {"action": "add"})
    admin_client.post(f"/o/acme/readiness/{assessment.pk}/", {"action": "open"})

    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.OPEN and len(mail.outbox) == 2
    page = admin_client.get(f"/o/acme/readiness/{assessment.pk}/").content.decode()
    assert 'id="respondent-count">2<' in page and "<progress" in page and "Send reminders" in page
    assert 'href="/o/acme/readiness/"' in page and ">Readiness</a>" in page
    _clean(page)


def test_adding_by_audience_from_the_page(organisation: Organisation, admin_client: Client, leader: object) -> None:
    assessment = services.assessment_create(organisation=organisation, title="A", anonymous=False, user=None)

    admin_client.post(f"/o/acme/readiness/{assessment.pk}/", {"action": "add", "audiences": ["leadership"]})

    assert Respondent.objects.filter(assessment=assessment).count() == 1
