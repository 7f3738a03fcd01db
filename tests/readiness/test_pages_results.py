"""The results page: scores computed by the pure modules, disagreements, recommendations and trend."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.readiness import recommending, scoring, selectors, services
from socialu.readiness.models import Assessment, Respondent
from socialu.readiness.questions import default_questions
from tests.factories import PersonFactory, member
from tests.readiness.conftest import answer_all

pytestmark = pytest.mark.django_db


def _run(
    organisation: Organisation, title: str, values: dict[Audience, list[int]], *, anonymous: bool = False
) -> Assessment:
    """Run an assessment where each audience's people answer every question with the given values."""
    assessment = services.assessment_create(organisation=organisation, title=title, anonymous=anonymous, user=None)
    people = []
    for audience, answers in values.items():
        for value in answers:
            person = PersonFactory.create(
                organisation=organisation, audience=audience, name=f"Named {audience} {value}"
            )
            people.append((person, value))
    services.respondents_add(assessment=assessment, people=[person for person, _ in people])
    services.assessment_open(assessment=assessment)
    for person, value in people:
        answer_all(Respondent.objects.get(assessment=assessment, person=person), value)
    return assessment


SPLIT = {Audience.LEADERSHIP: [5, 5], Audience.MANAGEMENT: [1, 1]}


def test_results_show_the_index_level_and_a_disagreement_between_audiences(
    organisation: Organisation, admin_client: Client
) -> None:
    assessment = _run(organisation, "Split", SPLIT)

    response = admin_client.get(f"/o/acme/readiness/{assessment.pk}/results/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="readiness-index">50<' in page and "Building" in page
    assert escape(scoring.LEVELS[1].description) in page
    assert "Leadership and management disagree on goals: leadership mean 5.0, management 1.0." in page
    assert "<meter" in page and "<progress" in page and "The dimensions" in page and "rd-bars" in page
    assert "Named leadership 5" in page or "Notes" not in page  # names only appear beside notes
    assert "<script" not in page.split("</head>", 1)[1] and 'style="' not in page


def test_results_show_a_recommendation_with_its_reason(organisation: Organisation, admin_client: Client) -> None:
    assessment = _run(organisation, "Low", {Audience.LEADERSHIP: [1, 2], Audience.MANAGEMENT: [2]})
    _, questions = default_questions()
    responses = selectors.responses_for(assessment=assessment)
    score = scoring.score_assessment([q.definition() for q in questions], responses)
    recommended = [f for f in recommending.recommend(score, responses).training_mix if f.status == "recommended"]
    assert recommended  # low answers call for training

    page = admin_client.get(f"/o/acme/readiness/{assessment.pk}/results/").content.decode()

    assert escape(recommended[0].title) in page and escape(recommended[0].reasons[0]) in page
    assert "Recommended" in page
    # The executive coaching item leads an admin to the coaching engagements.
    assert 'href="/o/acme/coaching/overview/">Run 1:1 coaching in SocialU</a>' in page


def test_the_trend_compares_with_the_previous_closed_assessment(
    organisation: Organisation, admin_client: Client
) -> None:
    before = _run(organisation, "Last year", {Audience.LEADERSHIP: [2, 2]})
    services.assessment_close(assessment=before)
    now = _run(organisation, "This year", {Audience.LEADERSHIP: [4, 4]})

    page = admin_client.get(f"/o/acme/readiness/{now.pk}/results/").content.decode()
    first = admin_client.get(f"/o/acme/readiness/{before.pk}/results/").content.decode()

    assert "Trend since Last year" in page and "changed by +50 points" in page
    assert "Trend since" not in first


def test_anonymous_results_show_no_names(organisation: Organisation, admin_client: Client) -> None:
    assessment = _run(organisation, "Quiet", SPLIT, anonymous=True)
    respondent = Respondent.objects.filter(assessment=assessment).select_related("person").first()
    assert respondent is not None
    services.answer_save(respondent=respondent, question="goals", value=5, note="A candid note")
    services.assessment_close(assessment=assessment)

    page = admin_client.get(f"/o/acme/readiness/{assessment.pk}/results/").content.decode()

    assert "A candid note" in page
    assert "Named" not in page and respondent.person.name not in page


def test_names_appear_beside_notes_when_not_anonymous(organisation: Organisation, admin_client: Client) -> None:
    assessment = _run(organisation, "Open book", SPLIT)
    respondent = Respondent.objects.filter(assessment=assessment).select_related("person").first()
    assert respondent is not None
    services.answer_save(respondent=respondent, question="goals", value=5, note="Signed note")

    page = admin_client.get(f"/o/acme/readiness/{assessment.pk}/results/").content.decode()

    assert escape(respondent.person.name) in page and "Signed note" in page


def test_a_learner_gets_403_and_an_executive_viewer_may_read(organisation: Organisation) -> None:
    assessment = _run(organisation, "Split", SPLIT)
    learner, viewer = Client(), Client()
    learner.force_login(member(organisation))
    viewer.force_login(member(organisation, Role.EXECUTIVE_VIEWER))

    assert learner.get(f"/o/acme/readiness/{assessment.pk}/results/").status_code == 403
    assert viewer.get(f"/o/acme/readiness/{assessment.pk}/results/").status_code == 200
    assert viewer.get("/o/acme/readiness/").status_code == 403
    latest = viewer.get("/o/acme/readiness/results/")
    assert latest.status_code == 302 and latest["Location"] == f"/o/acme/readiness/{assessment.pk}/results/"
    home = viewer.get("/o/acme/").content.decode()
    assert 'href="/o/acme/readiness/results/"' in home


def test_another_organisations_assessment_is_not_found(
    organisation: Organisation, other_organisation: Organisation, admin_client: Client
) -> None:
    theirs = services.assessment_create(organisation=other_organisation, title="Theirs", anonymous=False, user=None)

    assert admin_client.get(f"/o/acme/readiness/{theirs.pk}/results/").status_code == 404
    assert admin_client.get(f"/o/acme/readiness/{theirs.pk}/").status_code == 404
    assert admin_client.get(f"/o/globex/readiness/{theirs.pk}/").status_code == 404
