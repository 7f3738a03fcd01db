"""The demo's skills and champions: the taxonomy, LinkedIn video experts with evidence, a champions network.

Kestrel's content studio holds four people good at LinkedIn video: each has
passed mentor-reviewed practice answers on LinkedIn scenarios, completed the
courses the video skill maps to, and a manager's endorsement. The champions
network has champions in four of the six divisions (Sales and Operations are
the gaps), the chief executive as executive sponsor, a nomination waiting for
the admin, and two posts in the champions' space. Seeding twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.curriculum.models import CourseCompetency, CourseStatus, Quiz
from socialu.learning.models import Enrolment, QuizAttempt
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.practice import services as practice_services
from socialu.practice.models import Attempt, Review, Scenario
from socialu.skills import selectors as skill_selectors
from socialu.skills import services as skill_services
from socialu.skills.champions import services as champion_services
from socialu.skills.models import ChampionRole, ChampionTerm, Endorsement

MENTOR_EMAIL = "mentor@demo.example"
CHAMPION_EMAIL = "champion@demo.example"
VIDEO_TEAM = "Content Studio"
LINKEDIN_SCENARIOS = ("flood-boots-post-linkedin", "award-share-linkedin", "repair-culture-ceo-linkedin")
CHAMPION_DIVISIONS = ("Executive Office", "Marketing and Communications", "Customer Experience", "Technology")
PENDING_DIVISION = "Sales"
STRONG = {"clarity": 5, "tone": 5, "policy_compliance": 5, "helpfulness": 4, "platform_fit": 5}
ANNOUNCEMENTS = (
    ("Welcome to the champions' space", "Post what works in your team here. The **monthly digest** gathers it."),
    ("Office hours: LinkedIn video", "The content studio runs drop-in sessions on Thursdays. Bring a draft."),
)


def _video_experts(organisation: Organisation) -> list[Person]:
    people = people_in(organisation=organisation, active=True).filter(unit__name=VIDEO_TEAM).order_by("employee_id")
    return list(people[:4])


def _practice(organisation: Organisation, person: Person, mentor: User, days_ago: int) -> None:
    scenarios = Scenario.objects.filter(organisation=organisation, slug__in=LINKEDIN_SCENARIOS)
    for index, scenario in enumerate(scenarios[:2]):
        if Attempt.objects.filter(organisation=organisation, person=person, scenario=scenario).exists():
            continue
        attempt = practice_services.attempt_submit(
            organisation=organisation, person=person, scenario=scenario, text=scenario.model_answer
        )
        when = timezone.now() - timedelta(days=days_ago + index * 9)
        Attempt.objects.filter(pk=attempt.pk).update(created_at=when - timedelta(minutes=30), submitted_at=when)
        attempt.refresh_from_db()
        review = practice_services.review_submit(
            organisation=organisation,
            attempt=attempt,
            reviewer=mentor,
            scores=STRONG,
            overall_comment="Native to LinkedIn: a hook in the first line, captions, a clear ask.",
            notify=False,
        )
        Review.objects.filter(pk=review.pk).update(created_at=when + timedelta(days=1))
        Attempt.objects.filter(pk=attempt.pk).update(reviewed_at=when + timedelta(days=1))


def _courses(organisation: Organisation, person: Person, days_ago: int) -> None:
    skill = skill_selectors.skill_get(organisation=organisation, slug="video")
    competencies = list(skill.competencies) if skill else []
    slugs = sorted(
        set(
            CourseCompetency.objects.filter(organisation=organisation, competency__slug__in=competencies).values_list(
                "course__slug", flat=True
            )
        )
    )[:2]
    when = timezone.now() - timedelta(days=days_ago)
    for slug in slugs:
        enrolment, _ = Enrolment.objects.get_or_create(
            organisation=organisation,
            person=person,
            course_slug=slug,
            defaults={"enrolled_at": when - timedelta(days=14)},
        )
        if enrolment.completed_at is None:
            enrolment.completed_at = when
            enrolment.save(update_fields=["completed_at"])
        # The quiz is passed just before the course is completed (a course with a quiz completes on passing it).
        _quiz_passed(
            organisation, person, slug, max(enrolment.completed_at, enrolment.enrolled_at + timedelta(hours=1))
        )


def _quiz_passed(organisation: Organisation, person: Person, course_slug: str, when: datetime) -> None:
    """Give an expert a top score in the course's quiz, so the evidence that lists them does not hang on luck."""
    quiz = (
        Quiz.objects.filter(organisation=organisation, course__slug=course_slug, course__status=CourseStatus.PUBLISHED)
        .select_related("course")
        .first()
    )
    if quiz is None or QuizAttempt.objects.filter(person=person, quiz=quiz, passed=True, score_percent=100).exists():
        return
    QuizAttempt.objects.create(
        organisation=organisation,
        person=person,
        quiz=quiz,
        course_version=quiz.course.version,
        started_at=when - timedelta(minutes=20),
        submitted_at=when - timedelta(minutes=5),
        score_percent=100,
        passed=True,
    )


def _experts(organisation: Organisation) -> None:
    mentor = User.objects.filter(email=MENTOR_EMAIL).first()
    for index, person in enumerate(_video_experts(organisation)):
        if mentor is not None:
            _practice(organisation, person, mentor, days_ago=20 + index * 7)
        _courses(organisation, person, days_ago=40 + index * 11)
        skill_services.self_rating_set(
            organisation=organisation, person=person, skill_slug="video", level=4 + index % 2
        )
        skill_services.profile_update(
            organisation=organisation,
            person=person,
            listed=True,
            languages=["en", "de"] if index % 2 else ["en"],
            time_zone="Europe/London" if index % 2 == 0 else "Europe/Berlin",
        )
        manager = person.manager
        if manager is not None and not Endorsement.objects.filter(organisation=organisation, person=person).exists():
            skill_services.endorsement_add(
                organisation=organisation, endorser=manager, person_id=person.pk, skill_slug="video"
            )


def _first_in(organisation: Organisation, division: str, *, exclude: set[int]) -> Person | None:
    people = people_in(organisation=organisation, active=True).filter(unit__path__startswith=division)
    return people.exclude(pk__in=exclude).exclude(manager__isnull=True).order_by("employee_id").first()


def _approved(organisation: Organisation, person: Person, role: str, reason: str) -> None:
    nomination = champion_services.nomination_create(
        organisation=organisation,
        person_id=person.pk,
        role=role,
        reason=reason,
        nominator=None,
        nominator_user_id=None,
        nominator_name="Programme team",
        as_admin=True,
    )
    champion_services.nomination_decide(
        organisation=organisation, nomination=nomination, approve=True, decided_by_id=None
    )


def _champions(organisation: Organisation) -> None:
    if ChampionTerm.objects.filter(organisation=organisation).exists():
        return
    chosen: set[int] = set()
    demo_champion = people_in(organisation=organisation).filter(email=CHAMPION_EMAIL).first()
    for division in CHAMPION_DIVISIONS:
        person = _first_in(organisation, division, exclude=chosen)
        if demo_champion is not None and demo_champion.unit and demo_champion.unit.path.startswith(division):
            person = demo_champion  # the demo's champion login champions their own division
        if person is None:
            continue
        chosen.add(person.pk)
        _approved(
            organisation,
            person,
            ChampionRole.CHAMPION,
            f"Brings {division} colleagues to the programme and its clinics.",
        )
    chief = people_in(organisation=organisation, active=True).filter(manager__isnull=True).order_by("pk").first()
    if chief is not None:
        _approved(organisation, chief, ChampionRole.EXECUTIVE_SPONSOR, "Posts every week and asks the board to.")
    waiting = _first_in(organisation, PENDING_DIVISION, exclude=chosen)
    if waiting is not None and waiting.manager is not None:
        champion_services.nomination_create(
            organisation=organisation,
            person_id=waiting.pk,
            role=ChampionRole.CHAMPION,
            reason="Shares our product posts with customers and would bring the field sales teams along.",
            nominator=waiting.manager,
            nominator_user_id=None,
            nominator_name=waiting.manager.name,
            as_admin=False,
        )
    for title, body in ANNOUNCEMENTS:
        champion_services.announcement_post(
            organisation=organisation, title=title, body=body, author_id=None, author_name="Programme team"
        )


def seed(organisation: Organisation) -> None:
    """Load the taxonomy, plant the LinkedIn video experts, and build the champions network (once)."""
    skill_services.taxonomy_load_shipped(organisation=organisation)
    _experts(organisation)
    _champions(organisation)
