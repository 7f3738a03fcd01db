"""Change practice records: install scenarios, save and submit drafts, review attempts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from socialu.core.errors import ConflictError, InvalidInputError
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.practice import scoring, selectors
from socialu.practice.checking import draft_check
from socialu.practice.drafting import (
    EMPTY_MESSAGE,
    TOO_LONG_TO_SAVE_MESSAGE,
    CleanText,
    clean_draft_text,
    too_long_message,
)
from socialu.practice.models import (
    Attempt,
    AttemptStatus,
    PracticeSettings,
    Review,
    ReviewRule,
    Scenario,
    ScenarioStatus,
)
from socialu.practice.scenario_files import (
    Criterion,
    ReplyingTo,
    ScenarioData,
    ScenarioFileError,
    load_scenario_folder,
    parse_scenario,
    shipped_folder,
)

MAX_COMMENT_CHARACTERS = 5_000

# Whose reviews decide under each rule; anyone else's review is advice.
DECIDING_ROLES: dict[str, frozenset[Role]] = {
    ReviewRule.LEADS_DECIDE: frozenset({Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.MENTOR}),
    ReviewRule.LEADS_AND_CHAMPIONS_DECIDE: frozenset(
        {Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.MENTOR, Role.CHAMPION}
    ),
}


class PracticeError(InvalidInputError):
    """A practice action cannot be done; the message tells the person what to do."""


class PracticeConflictError(ConflictError, PracticeError):
    """The request clashes with what already happened (reviewing your own answer, reviewing twice)."""


@dataclass(frozen=True)
class ScenarioImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _scenario_values(data: ScenarioData) -> dict[str, Any]:
    return {
        "title": data.title,
        "platform": data.platform,
        "account_kind": data.account_kind,
        "audiences": list(data.audiences),
        "difficulty": data.difficulty,
        "situation_type": data.situation_type,
        "brief": data.brief,
        "task": data.task,
        "replying_to_author": data.replying_to.author if data.replying_to else "",
        "replying_to_author_kind": data.replying_to.author_kind if data.replying_to else "",
        "replying_to_text": data.replying_to.text if data.replying_to else "",
        "good_looks_like": list(data.good_looks_like),
        "pitfalls": list(data.pitfalls),
        "rubric": {name: {"strong": c.strong, "weak": c.weak} for name, c in data.rubric.items()},
        "model_answer": data.model_answer,
        "model_answer_notes": data.model_answer_notes,
        "policy_traps": list(data.policy_traps),
    }


def scenario_data(scenario: Scenario) -> ScenarioData:
    """Return the stored scenario as file data, ready to write as YAML."""
    rubric = scenario.rubric or {}
    return ScenarioData(
        slug=scenario.slug,
        title=scenario.title,
        platform=scenario.platform,
        account_kind=scenario.account_kind,
        audiences=tuple(scenario.audiences or []),
        difficulty=scenario.difficulty,
        situation_type=scenario.situation_type,
        brief=scenario.brief,
        task=scenario.task,
        good_looks_like=tuple(scenario.good_looks_like or []),
        pitfalls=tuple(scenario.pitfalls or []),
        # In rubric order: PostgreSQL's jsonb does not keep the order keys were written in.
        rubric={
            name: Criterion(strong=rubric[name]["strong"], weak=rubric[name]["weak"])
            for name in scoring.CRITERIA
            if name in rubric
        },
        model_answer=scenario.model_answer,
        model_answer_notes=scenario.model_answer_notes,
        replying_to=ReplyingTo(
            author=scenario.replying_to_author,
            author_kind=scenario.replying_to_author_kind,
            text=scenario.replying_to_text,
        )
        if scenario.replying_to_text
        else None,
        policy_traps=tuple(scenario.policy_traps or []),
    )


MAX_SCENARIO_YAML_CHARACTERS = 100_000


def scenario_update_from_yaml(*, organisation: Organisation, slug: str, yaml_text: str) -> Scenario:
    """Replace the scenario *slug* with the one in *yaml_text* (same format as a scenario file).

    Raise ``PracticeError`` naming the line and field at fault; nothing is saved then.
    """
    scenario = Scenario.objects.filter(organisation=organisation, slug=slug).first()
    if scenario is None:
        raise PracticeError(f"There is no scenario “{slug}”.")
    if len(yaml_text) > MAX_SCENARIO_YAML_CHARACTERS:
        raise PracticeError(f"The scenario is too long: keep it under {MAX_SCENARIO_YAML_CHARACTERS:,} characters.")
    try:
        data = parse_scenario(yaml_text.replace("\r\n", "\n"), name=f"{slug}.yaml", expected_slug=slug)
    except ScenarioFileError as error:
        raise PracticeError(f"The scenario was not saved. {error}") from error
    scenarios_import(organisation=organisation, scenarios=[data])
    scenario.refresh_from_db()
    return scenario


def scenarios_import(*, organisation: Organisation, scenarios: Iterable[ScenarioData]) -> ScenarioImportResult:
    """Create or update the organisation's scenarios by slug; an unchanged scenario is left alone.

    A scenario's status (active or retired) is the organisation's choice and is never changed by an import.
    """
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {scenario.slug: scenario for scenario in Scenario.objects.filter(organisation=organisation)}
        for data in scenarios:
            values = _scenario_values(data)
            current = existing.get(data.slug)
            if current is None:
                Scenario.objects.create(organisation=organisation, slug=data.slug, **values)
                created += 1
            elif any(getattr(current, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(current, name, value)
                current.save()
                updated += 1
            else:
                unchanged += 1
    return ScenarioImportResult(created=created, updated=updated, unchanged=unchanged)


def scenarios_install_shipped(*, organisation: Organisation) -> ScenarioImportResult:
    """Install (or bring up to date) the scenarios shipped with SocialU."""
    return scenarios_import(organisation=organisation, scenarios=load_scenario_folder(shipped_folder()))


def scenario_status_set(*, organisation: Organisation, slug: str, status: str) -> Scenario:
    """Retire a scenario (learners no longer see it) or make it active again."""
    if status not in ScenarioStatus.values:
        raise PracticeError("Choose whether the scenario is active or retired.")
    scenario = Scenario.objects.filter(organisation=organisation, slug=slug).first()
    if scenario is None:
        raise PracticeError(f"There is no scenario “{slug}”. Install the shipped scenarios first.")
    if scenario.status != status:
        scenario.status = status
        scenario.save(update_fields=["status", "updated_at"])
    return scenario


@dataclass(frozen=True)
class DraftSaved:
    """The draft as saved, and what the learner should be told about it."""

    attempt: Attempt
    cleaned: CleanText


def _clean_or_refuse(text: str) -> CleanText:
    cleaned = clean_draft_text(text)
    if cleaned.too_long_to_save:
        raise PracticeError(TOO_LONG_TO_SAVE_MESSAGE)
    return cleaned


def _active_scenario(scenario: Scenario) -> None:
    if scenario.status != ScenarioStatus.ACTIVE:
        raise PracticeError("This scenario has been retired, so it no longer takes answers. Choose another one.")


def attempt_draft_save(*, organisation: Organisation, person: Person, scenario: Scenario, text: str) -> DraftSaved:
    """Save *text* as the person's draft answer to *scenario* (one draft per scenario; made when first saved).

    Control characters other than newline and tab are removed. A draft longer
    than may be submitted is still saved, so that nothing the learner pasted is
    lost; a draft beyond ``MAX_DRAFT_CHARACTERS`` is refused and nothing changes.
    """
    _active_scenario(scenario)
    cleaned = _clean_or_refuse(text)
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .filter(organisation=organisation, person=person, scenario=scenario, status=AttemptStatus.DRAFT)
            .first()
        )
        if attempt is None:
            try:
                with transaction.atomic():
                    attempt = Attempt.objects.create(
                        organisation=organisation, person=person, scenario=scenario, text=cleaned.text
                    )
            except IntegrityError:
                # Another tab saved the first draft at the same moment: update that one.
                attempt = Attempt.objects.get(
                    organisation=organisation, person=person, scenario=scenario, status=AttemptStatus.DRAFT
                )
        if attempt.text != cleaned.text:
            attempt.text = cleaned.text
            attempt.save(update_fields=["text", "updated_at"])
    return DraftSaved(attempt=attempt, cleaned=cleaned)


def attempt_submit(*, organisation: Organisation, person: Person, scenario: Scenario, text: str) -> Attempt:
    """Save *text* as the draft, then submit it for review with the pre-flight verdict and findings.

    The draft is saved first, in its own transaction, so a submit that fails
    (an empty or over-long draft) never loses what was typed.
    """
    saved = attempt_draft_save(organisation=organisation, person=person, scenario=scenario, text=text)
    if saved.cleaned.empty:
        raise PracticeError(EMPTY_MESSAGE)
    if saved.cleaned.too_long_to_submit:
        raise PracticeError(too_long_message(len(saved.cleaned.text)))
    checked = draft_check(organisation=organisation, scenario=scenario, text=saved.cleaned.text)
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=saved.attempt.pk, organisation=organisation)
        if attempt.status != AttemptStatus.DRAFT:
            raise PracticeError("This answer was already submitted. Open the scenario again to start a new attempt.")
        attempt.status = AttemptStatus.SUBMITTED
        attempt.submitted_at = timezone.now()
        if checked is not None:
            attempt.verdict = checked.verdict
            attempt.findings = [finding.to_dict() for finding in checked.result.findings]
        attempt.save()
    return attempt


def _review_email(review: Review, organisation: Organisation) -> None:
    attempt = review.attempt
    person = attempt.person
    if not person.email:
        return
    url = settings.SITE_URL + reverse(
        "practice_attempt", kwargs={"org_slug": organisation.slug, "attempt_id": attempt.pk}
    )
    outcome = "passed" if review.passed else "did not pass yet"
    advice = (
        ""
        if review.decisive
        else "This review is advice from a colleague: whether your answer passes is decided by a mentor's review.\n"
    )
    body = (
        f"Hello {person.name},\n\n"
        f"{review.reviewer_name} reviewed your answer to the practice scenario “{attempt.scenario.title}”.\n"
        f"Mean score: {review.mean_score:.1f} out of 5 — the review {outcome}.\n{advice}\n"
        f"Their comment:\n{review.overall_comment}\n\n"
        f"See every score, the comments and the model answer in SocialU: {url}\n"
    )
    send_mail(f"Your practice answer was reviewed: {attempt.scenario.title}", body, None, [person.email])


def _reviewer_name(organisation: Organisation, reviewer: Any) -> str:
    person = people_in(organisation=organisation).filter(user_id=reviewer.pk).only("name").first()
    return person.name if person is not None else str(reviewer)


@transaction.atomic
def review_rule_set(*, organisation: Organisation, rule: str) -> PracticeSettings:
    """Set whose practice reviews decide whether an answer passes in *organisation*.

    Reviews already given keep the weight they had when they were given.
    """
    if rule not in ReviewRule.values:
        raise PracticeError(f"Choose one of the review rules: {', '.join(ReviewRule.values)}.")
    practice_settings, _ = PracticeSettings.objects.update_or_create(
        organisation=organisation, defaults={"review_rule": rule}
    )
    return practice_settings


def _review_decides(organisation: Organisation, reviewer: Any) -> bool:
    rule = selectors.review_rule(organisation=organisation)
    return RoleAssignment.objects.filter(
        organisation=organisation, user_id=reviewer.pk, role__in=DECIDING_ROLES[rule]
    ).exists()


def review_submit(
    *,
    organisation: Organisation,
    attempt: Attempt,
    reviewer: Any,
    scores: Mapping[str, int],
    overall_comment: str,
    comments: Mapping[str, str] | None = None,
    notify: bool = True,
) -> Review:
    """Record a review of a submitted attempt; a deciding review sets the attempt's mean and verdict.

    The organisation's review rule (:func:`review_rule_set`) says whose
    reviews decide: by default a mentor's, facilitator's or programme admin's.
    Anyone else's review is kept and shown as advice, and leaves the verdict
    (and the review queue) as they were, so a peer's 5/5 never overturns a
    mentor's fail, and only deciding reviews count toward certification.
    Nobody reviews their own answer, and each reviewer reviews an attempt once.
    The learner is emailed when the review is saved (unless *notify* is False, as for seeded demo data).
    """
    problems = scoring.score_problems(scores)
    if problems:
        raise PracticeError(" ".join(problems.values()))
    overall = clean_draft_text(overall_comment or "").text.strip()
    if not overall:
        raise PracticeError("Write an overall comment: say what worked and what to change.")
    cleaned_comments = {
        name: clean_draft_text(str((comments or {}).get(name) or "")).text.strip() for name in scoring.CRITERIA
    }
    if any(len(text) > MAX_COMMENT_CHARACTERS for text in [overall, *cleaned_comments.values()]):
        raise PracticeError(f"Keep each comment under {MAX_COMMENT_CHARACTERS:,} characters.")
    result = scoring.outcome(scores)
    with transaction.atomic():
        locked = (
            Attempt.objects.select_for_update()
            .select_related("person", "scenario")
            .get(pk=attempt.pk, organisation=organisation)
        )
        if locked.status == AttemptStatus.DRAFT:
            raise PracticeError("This answer is still a draft: it can be reviewed once it is submitted.")
        if locked.person.user_id is not None and locked.person.user_id == reviewer.pk:
            raise PracticeConflictError("You cannot review your own answer. Ask a mentor or a peer to review it.")
        if Review.objects.filter(organisation=organisation, attempt=locked, reviewer=reviewer).exists():
            raise PracticeConflictError("You have already reviewed this answer.")
        decisive = _review_decides(organisation, reviewer)
        review = Review.objects.create(
            organisation=organisation,
            attempt=locked,
            reviewer=reviewer,
            decisive=decisive,
            reviewer_name=_reviewer_name(organisation, reviewer),
            overall_comment=overall,
            comments={name: text for name, text in cleaned_comments.items() if text},
            mean_score=result.mean,
            passed=result.passed,
            **{name: scores[name] for name in scoring.CRITERIA},
        )
        if decisive:
            locked.status = AttemptStatus.REVIEWED
            locked.mean_score = result.mean
            locked.passed = result.passed
            locked.reviewed_at = review.created_at
            locked.save(update_fields=["status", "mean_score", "passed", "reviewed_at", "updated_at"])
        if notify:
            transaction.on_commit(lambda: _review_email(review, organisation))
    return review
