"""Demo practice sandbox: the shipped scenarios, answers from a dozen people, reviews, and a queue.

A few people who finished their whole path with excellent quiz results also
have two reviewed answers that passed, a few days after they finished: what
the Professional tier asks for, so the demo shows every tier. Every answer is
written, then submitted, then reviewed, in that order.

Idempotent: scenarios are upserted by slug, and a person who already has a
practice answer is left alone, so running the demo again changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Max, Q
from django.utils import timezone

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.curriculum.models import PathCourse
from socialu.governance.policies.selectors import pending_policies
from socialu.learning.models import Enrolment, QuizAttempt
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.practice import services
from socialu.practice.models import Attempt, Review, Scenario
from socialu.practice.scoring import CRITERIA

MENTOR_EMAIL = "mentor@demo.example"
LEARNER_EMAIL = "learner@demo.example"
NAMED = (
    "admin@demo.example",
    "facilitator@demo.example",
    MENTOR_EMAIL,
    "champion@demo.example",
    "executive@demo.example",
    LEARNER_EMAIL,
)

# The demo learner's three tries at one scenario, each better than the last.
LEARNER_SCENARIO = "restock-date-question"
LEARNER_ATTEMPTS: tuple[tuple[str, tuple[int, int, int, int, int], str], ...] = (
    (
        "It should be back by the end of the month!! Check back then 😊",
        (3, 3, 1, 2, 4),
        "Friendly, but the date is a guess the shop has already missed twice. Don't promise what you don't know.",
    ),
    (
        "Good news, more Moss Alpine 40s are on order! We don't have a date yet. Other colours are in stock now.",
        (4, 3, 4, 3, 4),
        "Honest about the date, well done. Give her a way to hear about it rather than pointing at other colours.",
    ),
    (
        "Moss fans unite 💚 More are on the way, but no confirmed date yet and we'd rather not guess. "
        'Tap "Notify me" on the Alpine 40 page and you\'ll get an email the moment it lands.',
        (5, 5, 5, 4, 4),
        "Warm, honest and useful: the Notify me button is exactly the next step she needed.",
    ),
)

# Other people's answers: (scenario, answer, scores or None to leave it in the queue, overall comment).
OTHERS: tuple[tuple[str, str, tuple[int, int, int, int, int] | None, str], ...] = (
    (
        "angry-customer-delayed-order",
        "So sorry your order is late, that's not good enough. Send us a DM with your order details and we'll chase "
        "it today.",
        (4, 4, 5, 4, 5),
        "Owns the delay and takes the details private. Good.",
    ),
    (
        "troll-mall-hikers",
        "Ha, we see plenty of trails too! Fair enough if we're not for you.",
        (3, 4, 4, 2, 4),
        "Calm, which is right. It could simply have been left alone; one light reply is the most it needed.",
    ),
    (
        "checkout-outage-holding-post",
        "Our checkout is down right now. We're working on it and will update here and on "
        "status.kestrel-outdoor.example within the hour. Your basket is safe.",
        (5, 4, 5, 5, 4),
        "Clear holding post with a time for the next update. Exactly what people need.",
    ),
    (
        "cheaper-competitor-comment",
        "NorthPeak's stuff falls apart after a season, ours lasts.",
        (2, 2, 1, 2, 3),
        "This disparages a competitor and makes an absolute claim. Talk about our warranty instead.",
    ),
    (
        "store-seasonal-hiring-facebook",
        "We're hiring at Harbourside for the winter season! Love the outdoors? Apply on our careers page.",
        (4, 4, 4, 3, 4),
        "Upbeat and clear. Say what the roles are and the closing date next time.",
    ),
    (
        "award-share-linkedin",
        "Proud that my team at Kestrel won a design award for the TrailShell jacket this week! #KestrelEmployee",
        (4, 5, 5, 4, 4),
        "Disclosed and proud without overselling. Nice.",
    ),
    (
        "recall-am-i-affected",
        "Hi, it's only some Alpine 40s. Check the batch code inside the lid and DM us if unsure.",
        (3, 3, 4, 3, 3),
        "Helpful direction, but link the recall page so people can check themselves.",
    ),
    (
        "impersonator-fake-giveaway",
        "Heads up: that giveaway account isn't us. We never ask for card details. Please report it.",
        (5, 4, 5, 4, 5),
        "Quick, clear warning with what to do.",
    ),
    (
        "shop-down-sale-reply",
        "We're on it! The sale will be extended, guaranteed.",
        (3, 3, 2, 3, 4),
        "Don't promise an extension nobody has agreed. Say what you know and when you'll update.",
    ),
    (
        "restock-date-question",
        "Not sure, sorry! Maybe next week?",
        None,
        "",
    ),
    (
        "exec-first-post-x",
        "First post here! Looking forward to sharing what our teams at Kestrel are learning about repair.",
        None,
        "",
    ),
    (
        "troll-mocks-employee-tiktok",
        "Thanks for watching! I love my job and the people I work with. #KestrelEmployee",
        (4, 4, 4, 3, 4),
        "Kind and confident; didn't take the bait.",
    ),
)


# Two passed answers for each of the demo's Professionals, on two different scenarios.
PROFESSIONAL_ANSWERS: tuple[tuple[str, str, tuple[int, int, int, int, int], str], ...] = (
    (
        "angry-customer-delayed-order",
        "I'm sorry, that's a long wait and not what we promised. Please DM us your order number and we'll find "
        "out where it is today and come back to you by 5pm.",
        (5, 4, 5, 5, 4),
        "Apologises, takes it private and gives a time. Exactly right.",
    ),
    (
        "checkout-outage-holding-post",
        "Checkout is down at the moment and we're on it. Baskets are saved. We'll post an update here by 2pm, "
        "or sooner if it's fixed.",
        (4, 5, 5, 4, 5),
        "Calm, honest and gives the next update time.",
    ),
)
# About one active person in this many becomes a Professional in the demo (at least three).
PROFESSIONAL_ONE_IN = 150


def _professional_candidates(organisation: Organisation, count: int, now: datetime) -> list[tuple[Person, datetime]]:
    """Return people who finished their whole path at least ten days ago, scoring 90% or more in every quiz."""
    required: dict[str, set[str]] = {}
    for audience, slug in PathCourse.objects.filter(organisation=organisation, required=True).values_list(
        "path__audience", "course_slug"
    ):
        required.setdefault(audience, set()).add(slug)
    finished: dict[int, dict[str, datetime]] = {}
    for person_id, slug, moment in Enrolment.objects.filter(
        organisation=organisation, completed_at__isnull=False
    ).values_list("person_id", "course_slug", "completed_at"):
        if moment is not None:
            finished.setdefault(person_id, {})[slug] = moment
    best: dict[int, list[int]] = {}
    for person_id, score in (
        QuizAttempt.objects.filter(organisation=organisation, submitted_at__isnull=False)
        .values("person_id", "quiz__course__slug")
        .annotate(best=Max("score_percent"))
        .order_by()
        .values_list("person_id", "best")
    ):
        best.setdefault(person_id, []).append(score or 0)
    chosen = []
    people = (
        people_in(organisation=organisation, active=True)
        .filter(pk__in=list(finished))
        .exclude(Q(email__in=NAMED) | Q(email=""))
        .exclude(pk__in=Attempt.objects.filter(organisation=organisation).values("person_id"))
        .order_by("pk")
    )
    for person in people:
        done = finished[person.pk]
        path = required.get(person.audience, set())
        if not path or not path <= set(done) or min(best.get(person.pk, [0])) < 90:
            continue
        last = max(done[slug] for slug in path)
        if last > now - timedelta(days=10) or pending_policies(organisation=organisation, person=person):
            continue
        chosen.append((person, last))
        if len(chosen) == count:
            break
    return chosen


def _people(organisation: Organisation, count: int) -> list[Person]:
    """Return *count* active roster people (not the named demo logins), the same ones every run."""
    return list(
        people_in(organisation=organisation, active=True)
        .filter(is_external=False)
        .exclude(Q(email__in=NAMED) | Q(email=""))
        .order_by("employee_id")[:count]
    )


def _answer(
    organisation: Organisation,
    person: Person,
    scenario: Scenario,
    *,
    text: str,
    scores: tuple[int, int, int, int, int] | None,
    comment: str,
    mentor: User | None,
    days_ago: int,
) -> None:
    when = timezone.now() - timedelta(days=days_ago)
    _answer_at(organisation, person, scenario, text=text, scores=scores, comment=comment, mentor=mentor, when=when)


def _answer_at(
    organisation: Organisation,
    person: Person,
    scenario: Scenario,
    *,
    text: str,
    scores: tuple[int, int, int, int, int] | None,
    comment: str,
    mentor: User | None,
    when: datetime,
) -> None:
    """Submit an answer written at *when* and, with scores, have the mentor review it a day later."""
    attempt = services.attempt_submit(organisation=organisation, person=person, scenario=scenario, text=text)
    Attempt.objects.filter(pk=attempt.pk).update(created_at=when - timedelta(minutes=25), submitted_at=when)
    if scores is None or mentor is None:
        return
    attempt.refresh_from_db()
    review = services.review_submit(
        organisation=organisation,
        attempt=attempt,
        reviewer=mentor,
        scores=dict(zip(CRITERIA, scores, strict=True)),
        overall_comment=comment,
        notify=False,
    )
    reviewed = when + timedelta(days=1)
    Review.objects.filter(pk=review.pk).update(created_at=reviewed)
    Attempt.objects.filter(pk=attempt.pk).update(reviewed_at=reviewed)


def seed(organisation: Organisation) -> None:
    """Install the scenarios, and give the demo a practice story (once)."""
    services.scenarios_install_shipped(organisation=organisation)
    scenarios = {scenario.slug: scenario for scenario in Scenario.objects.filter(organisation=organisation)}
    mentor = User.objects.filter(email=MENTOR_EMAIL).first()
    learner = people_in(organisation=organisation).filter(email=LEARNER_EMAIL).first()
    if learner is not None and not Attempt.objects.filter(organisation=organisation, person=learner).exists():
        for index, (text, grades, comment) in enumerate(LEARNER_ATTEMPTS):
            days_ago = 30 - index * 12
            _answer(
                organisation,
                learner,
                scenarios[LEARNER_SCENARIO],
                text=text,
                scores=grades,
                comment=comment,
                mentor=mentor,
                days_ago=days_ago,
            )
    for index, (person, (slug, text, scores, comment)) in enumerate(
        zip(_people(organisation, len(OTHERS)), OTHERS, strict=False)
    ):
        if slug not in scenarios or Attempt.objects.filter(organisation=organisation, person=person).exists():
            continue
        _answer(
            organisation,
            person,
            scenarios[slug],
            text=text,
            scores=scores,
            comment=comment,
            mentor=mentor,
            days_ago=20 - index,
        )
    _professionals(organisation, scenarios, mentor)


def _professionals(organisation: Organisation, scenarios: dict[str, Scenario], mentor: User | None) -> None:
    """Give a few excellent path finishers the two passed practice reviews the Professional tier asks for."""
    if mentor is None or not all(slug in scenarios for slug, _, _, _ in PROFESSIONAL_ANSWERS):
        return
    first_slug, first_text, _, _ = PROFESSIONAL_ANSWERS[0]
    if Attempt.objects.filter(organisation=organisation, scenario=scenarios[first_slug], text=first_text).exists():
        return  # seeded on an earlier run
    now = timezone.now()
    active = people_in(organisation=organisation, active=True).count()
    for index, (person, finished) in enumerate(
        _professional_candidates(organisation, max(3, active // PROFESSIONAL_ONE_IN), now)
    ):
        when = finished + timedelta(days=2 + index % 3, hours=3)
        for slug, text, scores, comment in PROFESSIONAL_ANSWERS:
            when = min(when, now - timedelta(days=2))
            _answer_at(
                organisation,
                person,
                scenarios[slug],
                text=text,
                scores=scores,
                comment=comment,
                mentor=mentor,
                when=when,
            )
            when += timedelta(days=3 + index % 4)
