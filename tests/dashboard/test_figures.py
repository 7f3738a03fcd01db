"""The dashboard's numbers: right on a small organisation counted by hand, and equal to a naive recount."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from socialu.certification.models import Certificate
from socialu.core.models import Organisation
from socialu.dashboard import services
from socialu.dashboard.counting import week_starts
from socialu.dashboard.selectors import NO_UNIT, DashboardFilters, ProgrammeDashboard
from socialu.learning.models import Enrolment
from socialu.people.models import Person, UnitKind
from tests.dashboard.conftest import Programme, certify, enrol, make_course, make_tier
from tests.factories import OrganisationFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _dashboard(organisation: Organisation, **filters: object) -> ProgrammeDashboard:
    return services.programme_dashboard(organisation=organisation, filters=DashboardFilters(**filters))  # type: ignore[arg-type]


def test_headline_counts_active_people_and_current_certificates_only(programme: Programme) -> None:
    dashboard = _dashboard(programme.organisation)

    assert dashboard.headcount == 5  # Dee has left
    ambassador, practitioner = dashboard.tiers
    assert (ambassador.name, ambassador.holders) == ("Ambassador", 2)  # Ada and Eve; Eve's two count once
    assert ambassador.percent == pytest.approx(40.0)
    assert (practitioner.name, practitioner.holders) == ("Practitioner", 1)
    assert practitioner.percent == pytest.approx(20.0)


def test_each_tier_is_measured_against_the_organisations_target(programme: Programme) -> None:
    programme.organisation.trained_target_percent = 30
    programme.organisation.save()

    ambassador, practitioner = _dashboard(programme.organisation).tiers

    assert ambassador.target_people == 2  # 30% of 5 people, rounded up
    assert ambassador.met and ambassador.still_needed == 0 and ambassador.progress_percent == 100
    assert not practitioner.met and practitioner.still_needed == 1 and practitioner.progress_percent == 50


def test_breakdown_by_division_counts_people_in_every_unit_below_it(programme: Programme) -> None:
    rows = {row.label: (row.headcount, row.holders) for row in _dashboard(programme.organisation).by_division}

    assert rows == {"North": (2, [1, 1]), "South": (2, [0, 0]), NO_UNIT: (1, [1, 0])}


def test_breakdown_by_audience_and_location(programme: Programme) -> None:
    dashboard = _dashboard(programme.organisation)

    audiences = {row.label: (row.headcount, row.holders) for row in dashboard.by_audience}
    assert audiences == {"Leadership": (1, [1, 0]), "Practitioner": (2, [1, 1]), "Observer": (2, [0, 0])}
    assert [row.label for row in dashboard.by_audience] == ["Leadership", "Practitioner", "Observer"]
    locations = {row.label: (row.headcount, row.holders) for row in dashboard.by_location}
    assert locations == {"London": (2, [1, 1]), "Paris": (2, [0, 0]), "No location": (1, [1, 0])}


def test_filters_narrow_every_figure(programme: Programme) -> None:
    north = _dashboard(programme.organisation, unit_id=programme.north.pk)
    assert north.headcount == 2
    assert [tier.holders for tier in north.tiers] == [1, 1]
    assert [row.label for row in north.by_division] == ["North"]
    assert north.completions == 2  # Ada and Ben

    practitioners_in_london = _dashboard(programme.organisation, audience="practitioner", location="London")
    assert practitioners_in_london.headcount == 2  # Ada and Cy
    assert {course.slug: course.incomplete for course in practitioners_in_london.slowest_courses} == {"intro": 1}


def test_unknown_division_selects_no_one(programme: Programme, other_organisation: Organisation) -> None:
    foreign = UnitFactory.create(organisation=other_organisation, name="Elsewhere")

    assert _dashboard(programme.organisation, unit_id=foreign.pk).headcount == 0


def test_completions_per_week_cover_sixteen_iso_weeks(programme: Programme) -> None:
    dashboard = _dashboard(programme.organisation)

    assert len(dashboard.weeks) == 16
    assert all(week.start.weekday() == 0 for week in dashboard.weeks)
    assert dashboard.weeks[-1].start == timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert dashboard.completions == 3
    expected = Counter(
        timezone.localtime(moment).date() - timedelta(days=timezone.localtime(moment).weekday())
        for moment in Enrolment.objects.filter(completed_at__isnull=False).values_list("completed_at", flat=True)
    )
    assert {week.start: week.count for week in dashboard.weeks if week.count} == dict(expected)


def test_slowest_courses_come_first_with_average_days_and_what_is_still_open(programme: Programme) -> None:
    courses = _dashboard(programme.organisation).slowest_courses

    assert [course.slug for course in courses] == ["deep", "intro"]
    deep, intro = courses
    assert deep.title == "Going deeper"
    assert deep.average_days == pytest.approx(30, abs=0.01)
    assert intro.average_days == pytest.approx(11, abs=0.01)  # 8 and 14 days
    assert (intro.completed, intro.incomplete) == (2, 1)  # Dee left, so her open enrolment is not counted
    assert intro.incomplete_percent == pytest.approx(100 / 3)


def test_an_organisation_without_people_has_empty_figures(organisation: Organisation) -> None:
    dashboard = _dashboard(organisation)

    assert not dashboard.has_people
    assert dashboard.tiers == [] and dashboard.by_division == [] and dashboard.slowest_courses == []
    assert dashboard.completions == 0


def test_figures_never_include_another_organisation(programme: Programme, other_organisation: Organisation) -> None:
    stranger = PersonFactory.create(organisation=other_organisation, location="London")
    certify(stranger, make_tier(other_organisation, "ambassador", "Ambassador", 1))
    enrol(stranger, "intro", enrolled_days_ago=3, completed_days_ago=1)

    dashboard = _dashboard(programme.organisation)

    assert dashboard.headcount == 5
    assert dashboard.tiers[0].holders == 2
    assert dashboard.completions == 3


# --- Keeping the summary up to date ------------------------------------------------------------


def test_a_new_certificate_shows_on_the_next_view(programme: Programme) -> None:
    assert _dashboard(programme.organisation).tiers[1].holders == 1

    certify(programme.people["fay"], programme.practitioner)

    assert _dashboard(programme.organisation).tiers[1].holders == 2


def test_revoking_a_certificate_shows_on_the_next_view(programme: Programme) -> None:
    assert _dashboard(programme.organisation).tiers[1].holders == 1
    certificate = Certificate.objects.get(person=programme.people["ada"], tier=programme.practitioner)

    certificate.revoked_at = timezone.now()
    certificate.save()

    assert _dashboard(programme.organisation).tiers[1].holders == 0


def test_progress_and_roster_changes_mark_the_figures_out_of_date(
    programme: Programme, django_capture_on_commit_callbacks: object
) -> None:
    from socialu.learning.signals import learning_progress_changed
    from socialu.people.signals import people_changed

    services.dashboard_refresh(organisation=programme.organisation)
    snapshot = services.dashboard_snapshot_current(organisation=programme.organisation)[0]
    generation = snapshot.generation

    learning_progress_changed.send(sender=Organisation, organisation=programme.organisation, person_ids=[1])
    people_changed.send(sender=Organisation, organisation=programme.organisation, person_ids=None)

    snapshot.refresh_from_db()
    assert snapshot.generation == generation + 2


def test_a_snapshot_is_valid_until_the_next_certificate_expires(programme: Programme) -> None:
    soon = timezone.now() + timedelta(hours=2)
    certify(programme.people["fay"], programme.ambassador, expires=soon)

    snapshot = services.dashboard_refresh(organisation=programme.organisation)

    assert snapshot.valid_until is not None and snapshot.valid_until <= soon


def test_an_expired_snapshot_is_counted_again(programme: Programme) -> None:
    snapshot = services.dashboard_refresh(organisation=programme.organisation)
    Person.objects.filter(pk=programme.people["fay"].pk).update(is_active=False)  # a bulk change no signal announces
    type(snapshot).objects.filter(pk=snapshot.pk).update(valid_until=timezone.now() - timedelta(seconds=1))

    assert _dashboard(programme.organisation).headcount == 4


def test_a_large_organisations_stale_figures_are_shown_while_a_recount_runs(programme: Programme) -> None:
    snapshot = services.dashboard_refresh(organisation=programme.organisation)
    type(snapshot).objects.filter(pk=snapshot.pk).update(refresh_seconds=30.0)
    certify(programme.people["fay"], programme.practitioner)

    stale = _dashboard(programme.organisation)

    assert stale.stale and stale.tiers[1].holders == 1  # the figures as last counted
    # The test settings run tasks at once, so the queued recount has already happened.
    fresh = _dashboard(programme.organisation)
    assert not fresh.stale and fresh.tiers[1].holders == 2


# --- Against a naive recount ---------------------------------------------------------------------


def test_figures_equal_a_naive_recount_of_random_data(organisation: Organisation) -> None:
    generator = random.Random(3)
    divisions = [UnitFactory.create(organisation=organisation, name=f"D{n}", kind=UnitKind.DIVISION) for n in range(3)]
    teams = [UnitFactory.create(organisation=organisation, name="T", parent=division) for division in divisions]
    units = [*divisions, *teams, None]
    tiers = [make_tier(organisation, f"t{n}", f"Tier {n}", n) for n in range(3)]
    slugs = ["alpha", "beta", "gamma"]
    for slug in slugs:
        make_course(organisation, slug, slug.title())
    now = timezone.now()
    for _ in range(80):
        person = PersonFactory.create(
            organisation=organisation,
            unit=generator.choice(units),
            audience=generator.choice(["observer", "practitioner", "leadership"]),
            location=generator.choice(["London", "Lagos", "Lima", ""]),
            is_active=generator.random() < 0.85,
        )
        for tier in generator.sample(tiers, generator.randrange(3)):
            issued = now - timedelta(days=generator.randrange(1, 500))
            revoked = now if generator.random() < 0.1 else None
            certify(person, tier, issued=issued, revoked=revoked)
        for slug in generator.sample(slugs, generator.randrange(1, 3)):
            enrolled = generator.uniform(1, 200)
            done = generator.random() < 0.6
            enrol(
                person,
                slug,
                enrolled_days_ago=enrolled,
                completed_days_ago=enrolled * generator.random() if done else None,
            )

    dashboard = _dashboard(organisation)

    active = list(Person.objects.filter(organisation=organisation, is_active=True).select_related("unit"))
    assert dashboard.headcount == len(active)
    current = [
        certificate
        for certificate in Certificate.objects.filter(organisation=organisation)
        if certificate.revoked_at is None and certificate.issued_at <= now < certificate.expires_at
    ]
    active_ids = {person.pk for person in active}
    for share in dashboard.tiers:
        holders = {c.person_id for c in current if c.tier_id == share.tier_id and c.person_id in active_ids}
        assert share.holders == len(holders)
    by_division: dict[str, int] = defaultdict(int)
    for person in active:
        by_division[person.unit.path.split(" › ")[0] if person.unit else NO_UNIT] += 1
    assert {row.label: row.headcount for row in dashboard.by_division} == dict(by_division)

    enrolments = list(Enrolment.objects.filter(organisation=organisation))
    starts = week_starts(now)
    for index, week in enumerate(dashboard.weeks):
        end = starts[index + 1] if index + 1 < len(starts) else now + timedelta(seconds=1)
        expected = sum(1 for e in enrolments if e.completed_at and starts[index] <= e.completed_at < end)
        assert week.count == expected
    for course in dashboard.slowest_courses:
        finished = [e for e in enrolments if e.course_slug == course.slug and e.completed_at]
        open_ = [
            e for e in enrolments if e.course_slug == course.slug and not e.completed_at and e.person_id in active_ids
        ]
        assert course.completed == len(finished)
        assert course.incomplete == len(open_)
        seconds = sum((e.completed_at - e.enrolled_at).total_seconds() for e in finished if e.completed_at)
        average = seconds / 86400 / len(finished)
        assert course.average_days == pytest.approx(average, abs=1e-3)


def test_an_organisation_of_its_own_has_its_own_snapshot() -> None:
    first = OrganisationFactory.create(slug="first")
    second = OrganisationFactory.create(slug="second")
    PersonFactory.create(organisation=first)

    assert _dashboard(first).headcount == 1
    assert _dashboard(second).headcount == 0


def test_a_large_organisations_first_count_runs_in_the_background(
    programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "SYNC_REFRESH_PEOPLE", 3)

    first = _dashboard(programme.organisation)

    assert first.computed_at is None and first.stale and first.headcount == 0
    # The test settings run tasks at once, so the queued count has already happened.
    assert _dashboard(programme.organisation).headcount == 5


def test_a_bars_number_never_sits_on_the_target_line() -> None:
    from socialu.dashboard.charts import VALUE_ROOM, breakdown_chart
    from socialu.dashboard.selectors import BreakdownRow

    rows = [BreakdownRow("A", headcount=1000, holders=[n * 3, n]) for n in range(1, 40)]
    chart = breakdown_chart(rows, target_percent=10, series_names=["One", "Two"])

    for group in chart.groups:
        for bar in group.bars:
            # The number starts at the end of its bar, or just past the line when it would run into it.
            assert not bar.text_x < chart.target_x < bar.text_x + VALUE_ROOM
            assert bar.text_x >= bar.x + bar.width


def test_long_labels_are_wrapped_in_full_never_cut() -> None:
    from socialu.dashboard.charts import breakdown_chart
    from socialu.dashboard.selectors import BreakdownRow

    label = "Marketing and Communications, Europe, the Middle East and Africa"
    chart = breakdown_chart([BreakdownRow(label, headcount=10, holders=[5])], target_percent=10, series_names=["One"])

    [group] = chart.groups
    assert len(group.lines) > 1 and all(len(line.text) <= 36 for line in group.lines)
    assert " ".join(line.text for line in group.lines) == label
    assert group.title == f"{label}: One 50.0%"


def test_a_course_finished_in_the_lesson_player_shows_on_the_next_view(
    programme: Programme, django_capture_on_commit_callbacks: Any
) -> None:
    from socialu.curriculum.models import Course, Lesson, Module
    from socialu.learning.services import lesson_complete

    course = Course.objects.get(organisation=programme.organisation, slug="intro")
    module = Module.objects.create(organisation=programme.organisation, course=course, slug="only", title="Only")
    lesson = Lesson.objects.create(
        organisation=programme.organisation, module=module, slug="one", title="One", body="Hi"
    )
    before = _dashboard(programme.organisation)
    assert not before.stale and before.completions == 3

    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(person=programme.people["cy"], lesson=lesson)

    after = _dashboard(programme.organisation)
    assert after.completions == 4
    assert {course.slug: course.incomplete for course in after.slowest_courses}["intro"] == 0


def test_a_refresh_is_queued_once_and_again_if_it_never_ran(programme: Programme, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from socialu.dashboard.models import DashboardSnapshot

    snapshot = services.dashboard_refresh(organisation=programme.organisation)
    # The database backend, as in production: queued tasks wait for a worker instead of running here.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    services._queue_refresh(programme.organisation.pk)
    services._queue_refresh(programme.organisation.pk)
    assert DBTaskResult.objects.count() == 1  # the second waits for the first

    DashboardSnapshot.objects.filter(pk=snapshot.pk).update(refresh_queued_at=timezone.now() - timedelta(hours=2))
    services._queue_refresh(programme.organisation.pk)
    assert DBTaskResult.objects.count() == 2
    # A large organisation's next count waits a while after the last one.
    DashboardSnapshot.objects.filter(pk=snapshot.pk).update(refresh_queued_at=None, refresh_seconds=30.0)
    services._queue_refresh(programme.organisation.pk)
    latest = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert latest is not None and latest.run_after is not None
    assert latest.run_after >= snapshot.computed_at + timedelta(minutes=5)  # type: ignore[operator]
