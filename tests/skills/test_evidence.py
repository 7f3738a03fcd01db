"""Evidence from real records, its decay, standings, strengths and "find someone who can help with…"."""

from __future__ import annotations

import pytest

from socialu.core.errors import ConflictError, InvalidInputError
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from socialu.skills import selectors, services
from socialu.skills.content import shipped_taxonomy
from socialu.skills.evidence import HALF_LIFE_DAYS, EvidenceKind, decay, evidence_collect
from socialu.skills.models import Skill
from socialu.skills.selectors import ExpertQuery, experts_find, skill_standing, strengths_for, terms_parse
from tests.factories import OrganisationFactory, PersonFactory
from tests.practice.helpers import install, learner_person, reviewed, submitted
from tests.skills.helpers import completed, course, days_ago, quiz_passed, taxonomy


@pytest.fixture
def loaded(organisation: Organisation) -> Organisation:
    taxonomy(organisation)
    return organisation


def _skill(organisation: Organisation, slug: str) -> Skill:
    skill = selectors.skill_get(organisation=organisation, slug=slug)
    assert skill is not None
    return skill


def test_the_taxonomy_loads_once_and_a_second_load_changes_nothing(loaded: Organisation) -> None:
    again = services.taxonomy_load(organisation=loaded, taxonomy=shipped_taxonomy())
    assert again.created == 0
    assert again.updated == 0
    assert selectors.skills_in(organisation=loaded).count() == again.unchanged


def test_evidence_halves_after_one_half_life() -> None:
    now = days_ago(0)
    assert decay(days_ago(HALF_LIFE_DAYS), now) == pytest.approx(0.5, rel=1e-3)
    assert decay(days_ago(2 * HALF_LIFE_DAYS), now) == pytest.approx(0.25, rel=1e-3)


def test_a_completed_course_and_its_quiz_count_for_the_skills_of_its_competencies(loaded: Organisation) -> None:
    person = PersonFactory.create(organisation=loaded)
    craft = course(loaded, "engaging-posts", "engagement-craft")
    completed(person, craft)
    quiz_passed(person, craft, score=80)
    evidence = evidence_collect(organisation=loaded, skills=[_skill(loaded, "video"), _skill(loaded, "paid-social")])
    kinds = sorted(item.kind for item in evidence[(person.pk, "video")])
    assert kinds == [EvidenceKind.COURSE, EvidenceKind.QUIZ]
    assert (person.pk, "paid-social") not in evidence
    quiz = next(item for item in evidence[(person.pk, "video")] if item.kind == EvidenceKind.QUIZ)
    assert "80%" in quiz.label


def test_a_passed_practice_review_counts_for_platform_writing_and_the_situation(loaded: Organisation) -> None:
    scenario = install(loaded)[0]
    reviewer, _ = learner_person(loaded, "lead@acme.example", Role.FACILITATOR)
    _, author = learner_person(loaded, "writer@acme.example")
    reviewed(submitted(loaded, author, scenario), reviewer)
    skills = list(selectors.skills_in(organisation=loaded))
    evidence = evidence_collect(organisation=loaded, skills=skills, person_ids=[author.pk])
    practice_skills = {slug for (_pid, slug), items in evidence.items() if any(i.kind == "practice" for i in items)}
    assert {scenario.platform, "writing-for-social"} <= practice_skills
    label = next(i for i in evidence[(author.pk, "writing-for-social")] if i.kind == "practice").label
    assert scenario.title in label
    assert "Thanks, on its way" not in label  # the draft itself is never shown


def test_standing_ranks_strong_recent_evidence_above_old_and_claims(loaded: Organisation) -> None:
    craft = course(loaded, "engaging-posts", "engagement-craft")
    recent, old, boaster = (PersonFactory.create(organisation=loaded, name=name) for name in ("Recent", "Old", "Boast"))
    completed(recent, craft)
    quiz_passed(recent, craft, score=95)
    completed(old, craft, when=days_ago(3 * HALF_LIFE_DAYS))
    quiz_passed(old, craft, score=95, when=days_ago(3 * HALF_LIFE_DAYS))
    services.self_rating_set(organisation=loaded, person=boaster, skill_slug="video", level=5)
    ranked = [standing.person.name for standing in skill_standing(loaded, _skill(loaded, "video"))]
    assert ranked == ["Recent", "Old", "Boast"]


def test_strengths_for_returns_scores_only_for_skills_with_evidence(loaded: Organisation) -> None:
    person, nobody = PersonFactory.create(organisation=loaded), PersonFactory.create(organisation=loaded)
    completed(person, course(loaded, "crisis-basics", "escalation"))
    strengths = strengths_for(loaded, [person.pk, nobody.pk])
    assert set(strengths) == {person.pk}
    assert {"crisis-response", "customer-care"} <= set(strengths[person.pk])
    assert all(score > 0 for score in strengths[person.pk].values())


def _expert(organisation: Organisation, name: str, **fields: str) -> Person:
    person = PersonFactory.create(organisation=organisation, name=name, **fields)
    completed(person, course(organisation, f"video-{person.pk}", "engagement-craft"))
    quiz_passed(person, course(organisation, f"video-more-{person.pk}", "engagement-craft"), score=90)
    return person


def test_find_lists_people_with_two_items_and_hides_claims_only_and_opted_out(loaded: Organisation) -> None:
    shown = _expert(loaded, "Shown")
    hidden = _expert(loaded, "Hidden")
    services.profile_update(organisation=loaded, person=hidden, listed=False)
    claimer = PersonFactory.create(organisation=loaded, name="Claimer")
    services.self_rating_set(organisation=loaded, person=claimer, skill_slug="video", level=5)
    colleague = PersonFactory.create(organisation=loaded)
    services.endorsement_add(organisation=loaded, endorser=colleague, person_id=claimer.pk, skill_slug="video")
    results = experts_find(organisation=loaded, query=ExpertQuery(skill="video"))
    assert results is not None
    assert [standing.person for standing in results.standings] == [shown]
    assert len(results.standings[0].shown) >= 2


def test_find_with_a_platform_needs_evidence_on_that_platform(loaded: Organisation) -> None:
    scenario = install(loaded)[0]
    reviewer, _ = learner_person(loaded, "lead@acme.example", Role.FACILITATOR)
    on_platform = _expert(loaded, "On platform")
    _expert(loaded, "Elsewhere")
    reviewed(submitted(loaded, on_platform, scenario), reviewer)
    results = experts_find(organisation=loaded, query=ExpertQuery(skill="video", platform=scenario.platform))
    assert results is not None
    assert [standing.person.name for standing in results.standings] == ["On platform"]
    assert any(item.skill_slug == scenario.platform for item in results.standings[0].shown)


def test_find_filters_by_location_language_and_time_zone(loaded: Organisation) -> None:
    berlin = _expert(loaded, "Berlin", location="Berlin")
    _expert(loaded, "Leeds", location="Leeds")
    services.profile_update(
        organisation=loaded, person=berlin, listed=True, languages="de, en", time_zone="Europe/Berlin"
    )
    for query in (
        ExpertQuery(skill="video", location="berl"),
        ExpertQuery(skill="video", language="de"),
        ExpertQuery(skill="video", time_zone="Europe/Berlin"),
    ):
        results = experts_find(organisation=loaded, query=query)
        assert results is not None
        assert [standing.person.name for standing in results.standings] == ["Berlin"]


def test_free_text_names_the_practice_and_the_platform(loaded: Organisation) -> None:
    assert terms_parse(organisation=loaded, text="LinkedIn video") == ("video", "linkedin")
    assert terms_parse(organisation=loaded, text="tiktok") == ("tiktok", "")
    assert terms_parse(organisation=loaded, text="knitting") == ("", "")


def test_another_organisations_evidence_never_counts(loaded: Organisation) -> None:
    other = OrganisationFactory.create(slug="other")
    taxonomy(other)
    stranger = PersonFactory.create(organisation=other)
    completed(stranger, course(other, "engaging-posts", "engagement-craft"))
    assert skill_standing(loaded, _skill(loaded, "video")) == []


def test_endorsing_twice_or_oneself_is_refused(loaded: Organisation) -> None:
    manager = PersonFactory.create(organisation=loaded)
    report = PersonFactory.create(organisation=loaded, manager=manager)
    endorsement = services.endorsement_add(
        organisation=loaded, endorser=manager, person_id=report.pk, skill_slug="video"
    )
    assert endorsement.relation == "manager"
    with pytest.raises(ConflictError):
        services.endorsement_add(organisation=loaded, endorser=manager, person_id=report.pk, skill_slug="video")
    with pytest.raises(InvalidInputError):
        services.endorsement_add(organisation=loaded, endorser=report, person_id=report.pk, skill_slug="video")


def test_a_course_counting_for_skill_and_platform_is_shown_once(loaded: Organisation) -> None:
    person = PersonFactory.create(organisation=loaded, name="Once")
    completed(person, course(loaded, "short-video", "engagement-craft"))
    quiz_passed(person, course(loaded, "video-more", "engagement-craft"), score=90)
    results = experts_find(organisation=loaded, query=ExpertQuery(skill="video", platform="linkedin"))
    assert results is not None
    labels = [item.label for item in results.standings[0].shown]
    assert len(labels) == len(set(labels)) >= 2
