"""Demo practice sandbox: the shipped scenarios, answers from a dozen people, reviews, and a queue.

Idempotent: scenarios are upserted by slug, and a person who already has a
practice answer is left alone, so running the demo again changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.practice import services
from socialu.practice.models import Attempt, Scenario
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
    attempt = services.attempt_submit(organisation=organisation, person=person, scenario=scenario, text=text)
    when = timezone.now() - timedelta(days=days_ago)
    Attempt.objects.filter(pk=attempt.pk).update(created_at=when, submitted_at=when)
    if scores is None or mentor is None:
        return
    attempt.refresh_from_db()
    services.review_submit(
        organisation=organisation,
        attempt=attempt,
        reviewer=mentor,
        scores=dict(zip(CRITERIA, scores, strict=True)),
        overall_comment=comment,
        notify=False,
    )
    Attempt.objects.filter(pk=attempt.pk).update(reviewed_at=when + timedelta(days=1))


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
