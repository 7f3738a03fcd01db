"""Champions: nominations by self, manager or admin; approval; terms and renewal; coverage; recognition; digest."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from socialu.core.errors import ConflictError, InvalidInputError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.core.tenancy import roles_of
from socialu.people.models import Person
from socialu.skills.champions import selectors, services
from socialu.skills.models import ChampionRole, Nomination, NominatorKind
from tests.factories import PersonFactory, UnitFactory, member

REASON = "Runs the weekly social clinic for the sales team."


def _nominate(
    organisation: Organisation, person: Person, nominator: Person | None, *, admin: bool = False
) -> Nomination:
    return services.nomination_create(
        organisation=organisation,
        person_id=person.pk,
        role=ChampionRole.CHAMPION,
        reason=REASON,
        nominator=nominator,
        nominator_user_id=None,
        nominator_name=nominator.name if nominator else "Admin",
        as_admin=admin,
    )


def test_self_manager_and_admin_may_nominate_and_a_colleague_may_not(organisation: Organisation) -> None:
    manager = PersonFactory.create(organisation=organisation)
    report = PersonFactory.create(organisation=organisation, manager=manager)
    colleague = PersonFactory.create(organisation=organisation)
    assert _nominate(organisation, report, manager).nominator_kind == NominatorKind.MANAGER
    other = PersonFactory.create(organisation=organisation)
    assert _nominate(organisation, other, other).nominator_kind == NominatorKind.SELF
    third = PersonFactory.create(organisation=organisation)
    assert _nominate(organisation, third, None, admin=True).nominator_kind == NominatorKind.ADMIN
    with pytest.raises(PermissionDeniedError):
        _nominate(organisation, PersonFactory.create(organisation=organisation), colleague)


def test_a_nomination_needs_a_reason_and_is_not_repeated(organisation: Organisation) -> None:
    person = PersonFactory.create(organisation=organisation)
    with pytest.raises(InvalidInputError) as refusal:
        services.nomination_create(
            organisation=organisation,
            person_id=person.pk,
            role="champion",
            reason="yes",
            nominator=person,
            nominator_user_id=None,
            nominator_name="x",
            as_admin=False,
        )
    assert "reason" in refusal.value.errors
    _nominate(organisation, person, person)
    with pytest.raises(ConflictError):
        _nominate(organisation, person, person)


def test_approval_starts_a_term_grants_the_role_and_renewal_extends_it(organisation: Organisation) -> None:
    user = member(organisation, email="cham@acme.example")
    person = PersonFactory.create(organisation=organisation, user=user)
    nomination = _nominate(organisation, person, person)
    term = services.nomination_decide(
        organisation=organisation, nomination=nomination, approve=True, decided_by_id=None
    )
    assert term is not None
    assert (term.ends_on - term.starts_on).days in range(365, 367)
    assert Role.CHAMPION in roles_of(user_id=user.pk, organisation_id=organisation.pk)
    first_end = term.ends_on
    services.term_renew(organisation=organisation, term=term)
    assert term.ends_on > first_end
    assert term.renewals == 1
    with pytest.raises(ConflictError):
        services.nomination_decide(organisation=organisation, nomination=nomination, approve=False, decided_by_id=None)
    services.term_end(organisation=organisation, term=term)
    assert Role.CHAMPION not in roles_of(user_id=user.pk, organisation_id=organisation.pk)


def test_months_later_keeps_to_the_end_of_a_short_month() -> None:
    assert services.months_later(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert services.months_later(date(2026, 11, 15), 12) == date(2027, 11, 15)


def test_coverage_names_divisions_and_locations_without_a_champion(organisation: Organisation) -> None:
    sales, legal = (
        UnitFactory.create(organisation=organisation, name="Sales"),
        UnitFactory.create(organisation=organisation, name="Legal"),
    )
    champion = PersonFactory.create(organisation=organisation, unit=sales, location="Leeds")
    PersonFactory.create(organisation=organisation, unit=legal, location="Paris")
    nomination = _nominate(organisation, champion, champion)
    services.nomination_decide(organisation=organisation, nomination=nomination, approve=True, decided_by_id=None)
    found = selectors.coverage(organisation=organisation)
    assert found.division_gaps == ["Legal"]
    assert found.location_gaps == ["Paris"]
    inside = selectors.coverage(organisation=organisation, unit=sales)
    assert inside.division_gaps == []


def test_recognition_weighs_quality_above_volume() -> None:
    many_weak = selectors._quality(reviews_given=0, reviews_passed=9, mean_score=3.0, courses=0, endorsements=0)
    few_strong = selectors._quality(reviews_given=0, reviews_passed=3, mean_score=5.0, courses=0, endorsements=0)
    assert few_strong > 0.8 * many_weak  # three strong come close to nine weak …
    assert selectors._quality(0, 4, 5.0, 0, 0) > selectors._quality(0, 9, 3.0, 0, 0)  # … and four strong beat them


def test_the_digest_reaches_every_running_term_with_posts_and_gaps(organisation: Organisation) -> None:
    UnitFactory.create(organisation=organisation, name="Legal")
    PersonFactory.create(organisation=organisation, location="Oslo")
    champion = PersonFactory.create(organisation=organisation, email="champ@acme.example")
    nomination = _nominate(organisation, champion, champion)
    services.nomination_decide(organisation=organisation, nomination=nomination, approve=True, decided_by_id=None)
    services.announcement_post(
        organisation=organisation,
        title="Clinic moves to Thursdays",
        body="See you there.",
        author_id=None,
        author_name="Admin",
    )
    assert services.digest_send(organisation=organisation) == 1
    assert mail.outbox[0].to == ["champ@acme.example"]
    assert "Clinic moves to Thursdays" in mail.outbox[0].body
    assert "Location: Oslo" in mail.outbox[0].body
    services.digest_send(organisation=organisation)
    assert "No new announcements" in mail.outbox[1].body


def test_the_digest_runs_as_a_scheduled_job(organisation: Organisation) -> None:
    from socialu.core.scheduling import scheduled_job_execute

    champion = PersonFactory.create(organisation=organisation, email="champ@acme.example")
    nomination = _nominate(organisation, champion, champion)
    services.nomination_decide(organisation=organisation, nomination=nomination, approve=True, decided_by_id=None)
    state = scheduled_job_execute(organisation=organisation, job_key="champions.monthly_digest", trigger="manual")
    assert state.last_outcome == "succeeded"
    assert mail.outbox[-1].to == ["champ@acme.example"]


def test_the_personal_data_export_and_erasure_cover_ratings_endorsements_and_nominations(
    organisation: Organisation,
) -> None:
    from socialu.skills import services as skill_services
    from socialu.skills.models import Endorsement, SelfRating
    from socialu.skills.privacy import skills_erase, skills_rows
    from tests.skills.helpers import taxonomy

    taxonomy(organisation)
    person = PersonFactory.create(organisation=organisation)
    colleague = PersonFactory.create(organisation=organisation)
    skill_services.self_rating_set(organisation=organisation, person=person, skill_slug="video", level=4)
    skill_services.endorsement_add(
        organisation=organisation, endorser=colleague, person_id=person.pk, skill_slug="video"
    )
    _nominate(organisation, person, person)
    records = {row["record"] for row in skills_rows(person)}
    assert {"self-rating", "endorsement received", "champion nomination"} <= records
    skills_erase(person)
    assert not SelfRating.objects.filter(person=person).exists()
    assert not Endorsement.objects.filter(person=person).exists()
    assert Nomination.objects.get(person=person).reason == ""


def test_doctor_finds_a_running_term_of_someone_no_longer_active(organisation: Organisation) -> None:
    from socialu.core.consistency import consistency_report

    person = PersonFactory.create(organisation=organisation)
    nomination = _nominate(organisation, person, person)
    services.nomination_decide(organisation=organisation, nomination=nomination, approve=True, decided_by_id=None)
    Person.objects.filter(pk=person.pk).update(is_active=False)
    found = {outcome.check.key: outcome.result for outcome in consistency_report(organisation=organisation)}
    assert found["champions.terms_at_odds"].count == 1
    assert "no longer active" in found["champions.terms_at_odds"].examples[0].detail
