"""Installing scenarios, saving and submitting drafts (bad input included), and reviewing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from socialu.core.errors import ConflictError
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.practice import services
from socialu.practice.drafting import MAX_DRAFT_CHARACTERS, MAX_SUBMIT_CHARACTERS
from socialu.practice.models import Attempt, AttemptStatus, Scenario, ScenarioStatus
from socialu.practice.scenario_files import load_scenario_file, load_scenario_folder, shipped_folder
from tests.practice.helpers import FALCON, GOOD_SCORES, RESTOCK, install, learner_person, reviewed, submitted

pytestmark = pytest.mark.django_db


def test_installing_the_shipped_scenarios_twice_changes_nothing(organisation: Organisation) -> None:
    first = services.scenarios_install_shipped(organisation=organisation)
    second = services.scenarios_install_shipped(organisation=organisation)
    shipped = len(load_scenario_folder(shipped_folder()))
    assert (first.created, first.updated) == (shipped, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, shipped)
    assert Scenario.objects.filter(organisation=organisation).count() == shipped


def test_an_import_updates_a_changed_scenario_by_slug_and_keeps_it_retired(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    services.scenario_status_set(organisation=organisation, slug=scenario.slug, status=ScenarioStatus.RETIRED)
    data = load_scenario_file(shipped_folder() / f"{RESTOCK}.yaml")
    changed = type(data)(**{**data.__dict__, "title": "A new title"})
    result = services.scenarios_import(organisation=organisation, scenarios=[changed])
    scenario.refresh_from_db()
    assert (result.updated, scenario.title, scenario.status) == (1, "A new title", ScenarioStatus.RETIRED)


def test_scenarios_belong_to_one_organisation(organisation: Organisation, other_organisation: Organisation) -> None:
    install(organisation)
    assert not Scenario.objects.filter(organisation=other_organisation).exists()


def test_a_draft_keeps_newlines_tabs_and_right_to_left_text_but_loses_control_characters(
    organisation: Organisation,
) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    typed = "مرحبا Ellie!\r\nLine two\twith a tab\x00\x07\x1b[0m and \u200fa mark"

    saved = services.attempt_draft_save(organisation=organisation, person=person, scenario=scenario, text=typed)

    assert saved.attempt.text == "مرحبا Ellie!\nLine two\twith a tab[0m and \u200fa mark"
    assert saved.cleaned.removed_controls == 3


def test_saving_again_updates_the_one_draft(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    for text in ("first", "second"):
        services.attempt_draft_save(organisation=organisation, person=person, scenario=scenario, text=text)
    assert list(Attempt.objects.filter(person=person).values_list("text", "status")) == [("second", "draft")]


def test_an_empty_submit_is_refused_and_the_draft_stays(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    with pytest.raises(services.PracticeError, match="Your draft is empty"):
        services.attempt_submit(organisation=organisation, person=person, scenario=scenario, text="  \n ")
    assert Attempt.objects.get(person=person).status == AttemptStatus.DRAFT


def test_a_100_kb_paste_is_saved_as_a_draft_but_cannot_be_submitted(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    paste = "Great question! " * 6_400  # 102,400 characters
    with pytest.raises(services.PracticeError, match=f"at most {MAX_SUBMIT_CHARACTERS:,}.*saved as it is"):
        services.attempt_submit(organisation=organisation, person=person, scenario=scenario, text=paste)
    attempt = Attempt.objects.get(person=person)
    assert (attempt.status, attempt.text) == (AttemptStatus.DRAFT, paste)


def test_a_paste_too_long_even_to_save_changes_nothing(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    services.attempt_draft_save(organisation=organisation, person=person, scenario=scenario, text="kept")
    with pytest.raises(services.PracticeError, match="too long to save"):
        services.attempt_draft_save(
            organisation=organisation, person=person, scenario=scenario, text="x" * (MAX_DRAFT_CHARACTERS + 1)
        )
    assert Attempt.objects.get(person=person).text == "kept"


def test_submitting_stores_the_verdict_and_findings_including_the_scenario_traps(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")

    attempt = submitted(organisation, person, scenario, text="Back by the end of the month, guaranteed!")

    assert attempt.status == AttemptStatus.SUBMITTED and attempt.submitted_at is not None
    assert attempt.verdict in {"warn", "block"}
    excerpts = {(f["rule_id"], f["excerpt"].lower()) for f in attempt.findings}
    assert ("scenario-trap", "end of the month") in excerpts


def test_a_new_draft_after_submitting_is_a_new_attempt(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    submitted(organisation, person, scenario)
    services.attempt_draft_save(organisation=organisation, person=person, scenario=scenario, text="Second go")
    assert sorted(Attempt.objects.filter(person=person).values_list("status", flat=True)) == ["draft", "submitted"]


def test_a_retired_scenario_takes_no_answers(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    services.scenario_status_set(organisation=organisation, slug=scenario.slug, status="retired")
    scenario.refresh_from_db()
    with pytest.raises(services.PracticeError, match="retired"):
        services.attempt_draft_save(organisation=organisation, person=person, scenario=scenario, text="hi")


def test_a_review_completes_the_attempt_and_emails_the_learner(
    organisation: Organisation, django_capture_on_commit_callbacks: pytest.FixtureRequest, settings: Any
) -> None:
    settings.SITE_URL = "http://testserver"
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    mentor, _ = learner_person(organisation, "mentor@acme.example", Role.MENTOR)
    attempt = submitted(organisation, person, scenario)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        review = reviewed(attempt, mentor)

    attempt.refresh_from_db()
    assert (attempt.status, attempt.mean_score, attempt.passed) == (AttemptStatus.REVIEWED, 4.0, True)
    assert review.reviewer_name == "Mentor"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lee@acme.example"]
    assert "Mean score: 4.0" in mail.outbox[0].body and scenario.title in mail.outbox[0].subject
    assert f"http://testserver/o/acme/practice/attempts/{attempt.pk}/" in mail.outbox[0].body


def test_nobody_reviews_their_own_answer(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    user, person = learner_person(organisation, "lee@acme.example")
    attempt = submitted(organisation, person, scenario)
    with pytest.raises(services.PracticeError, match="your own answer") as error:
        reviewed(attempt, user)
    assert isinstance(error.value, ConflictError)


def test_a_reviewer_reviews_an_answer_once_and_the_latest_deciding_review_decides(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    first, _ = learner_person(organisation, "first@acme.example", Role.MENTOR)
    second, _ = learner_person(organisation, "second@acme.example", Role.FACILITATOR)
    attempt = submitted(organisation, person, scenario)
    reviewed(attempt, first)
    with pytest.raises(services.PracticeError, match="already reviewed"):
        reviewed(attempt, first)

    reviewed(attempt, second, {**GOOD_SCORES, "policy_compliance": 2})

    attempt.refresh_from_db()
    assert (attempt.mean_score, attempt.passed, attempt.reviews.count()) == (3.6, False, 2)


def test_a_draft_cannot_be_reviewed(organisation: Organisation) -> None:
    scenario = install(organisation)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    mentor, _ = learner_person(organisation, "mentor@acme.example")
    saved = services.attempt_draft_save(organisation=organisation, person=person, scenario=scenario, text="hi")
    with pytest.raises(services.PracticeError, match="still a draft"):
        reviewed(saved.attempt, mentor)


@pytest.mark.parametrize(
    ("scores", "comment", "message"),
    [
        ({**GOOD_SCORES, "tone": 6}, "Fine", "Give tone a score from 1 to 5."),
        ({k: v for k, v in GOOD_SCORES.items() if k != "clarity"}, "Fine", "Give clarity a score"),
        (GOOD_SCORES, "   ", "Write an overall comment"),
    ],
)
def test_a_review_with_bad_scores_or_no_comment_is_refused(
    organisation: Organisation, scores: dict[str, int], comment: str, message: str
) -> None:
    scenario = install(organisation, FALCON)[0]
    _, person = learner_person(organisation, "lee@acme.example")
    mentor, _ = learner_person(organisation, "mentor@acme.example")
    attempt = submitted(organisation, person, scenario)
    with pytest.raises(services.PracticeError, match=message):
        services.review_submit(
            organisation=organisation, attempt=attempt, reviewer=mentor, scores=scores, overall_comment=comment
        )
    assert not attempt.reviews.exists()
