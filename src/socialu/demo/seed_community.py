"""Seed the demo's knowledge-sharing space: tips, questions with answers, a gallery and a few reports.

The words are put together from templates written for the demo, so every run gives the same lived-in
space: 150+ tips, 80+ questions (most answered, some accepted, some still waiting and routed to the
facilitators and champions), 30 gallery examples picked by the admin, and a few reported posts in the
moderation queue (one already hidden by its reports). Everything goes through the real services, so the
pre-flight check runs and the search index is filled.
"""

from __future__ import annotations

import random

from socialu.community import selectors, services
from socialu.community.models import Post, PostKind
from socialu.community.services import PostContent
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.selectors import people_in

TIPS = 156
QUESTIONS = 84
UNANSWERED = 12
GALLERY = 30
PLATFORMS = ["linkedin", "x", "instagram", "facebook", "tiktok", "youtube", "threads"]
SKILLS = ["writing-for-social", "video", "community-management", "customer-care", "listening-analytics",
          "crisis-response", "accessibility", "employee-advocacy", "leadership-voice", "account-security"]  # fmt: skip
TOPICS = [
    ("captions", "video", "Most people watch with the sound off, so the words on screen carry the message."),
    ("alt text", "accessibility", "A one-line description lets screen-reader users follow the post too."),
    ("reply times", "customer-care", "Answering within the hour turns a complaint into a conversation."),
    ("hashtags", "writing-for-social", "Two precise hashtags find the right readers; ten look like spam."),
    ("first lines", "writing-for-social", "The first line is all most readers see before they scroll on."),
    ("holding statements", "crisis-response", "A short, honest holding line buys time without guessing."),
    ("two-step sign-in", "account-security", "Someone who learns the password still cannot get into the account."),
    ("employee posts", "employee-advocacy", "Colleagues sharing in their own words reach people our page never will."),
    ("listening dashboards", "listening-analytics", "A weekly look at mentions shows what people really ask."),
    ("leaders on LinkedIn", "leadership-voice", "A leader's plain, personal post earns more trust than a press line."),
    ("community rules", "community-management", "Pinned rules make moderation fair and predictable."),
    ("short video", "video", "The first two seconds decide whether anyone watches the rest."),
]
OPENERS = ["A small habit that helps:", "Learned this the hard way:", "Quick one from our team:",
           "Something that worked for us this month:", "Worth trying on your next post:"]  # fmt: skip
ADVICE = [
    "Plan {topic} before you write, not after.",
    "Check {topic} on a phone before publishing; most readers are on one.",
    "Keep a shared note of what works for {topic} so the whole team learns.",
    "Ask a colleague to read it once for {topic}; a second pair of eyes catches a lot.",
    "Look back after a week: did {topic} change how people responded?",
]
QUESTION_FORMS = [
    "How do you handle {topic} on {platform}?",
    "What is a good routine for {topic} when the team is small?",
    "Is there a simple checklist for {topic}?",
    "Who should sign off {topic} before a post goes out?",
    "How much time should {topic} take each week?",
]
ANSWER_FORMS = [
    "We keep it simple: {why} Start with one post a week and build from there.",
    "In my team we agreed a short checklist. {why}",
    "Ask the communications team for the template they use. {why}",
    "Try it for a month and compare the numbers. {why}",
]
GALLERY_POSTS = [
    (
        "A calm reply to an angry customer",
        "x",
        "Sorry this happened, Sam. That's not the service we want you to get. We've sent you a message so we can "
        "put it right today.",
        "It owns the problem, uses the person's name and moves the detail to a private channel.",
    ),
    (
        "A leader's thank-you after a busy season",
        "linkedin",
        "This winter our store teams served more walkers than ever. Thank you to everyone who stayed late to fit one "
        "more pair of boots.",
        "Specific, personal and about the team, not the leader.",
    ),
    (
        "An accessible product photo",
        "instagram",
        "New trail map cards are in! [Image: a folded waterproof map card on a mossy rock.]",
        "The description in the caption means everyone can picture it.",
    ),
    (
        "A clear event reminder",
        "facebook",
        "Saturday's river clean-up starts at 10:00 by the boathouse. Gloves and bags provided; bring water.",
        "Time, place and what to bring, in two sentences.",
    ),
    (
        "A short how-to video script",
        "tiktok",
        "Three ways to pack a rucksack so your back thanks you: heavy in the middle, soft things down the sides, "
        "rain layer on top.",
        "A promise in the first line and a payoff people can use straight away.",
    ),
]
REASONS = ["This reads like an advert, not a tip.", "Off topic for this space.", "The advice could get someone in "
           "trouble with our policy."]  # fmt: skip


def _content(rng: random.Random, index: int) -> PostContent:
    topic, skill, why = TOPICS[index % len(TOPICS)]
    body = " ".join([rng.choice(OPENERS), rng.choice(ADVICE).format(topic=topic), why])
    title = f"{topic.capitalize()}: {rng.choice(ADVICE).format(topic=topic).split(',')[0].rstrip('.')}"
    return PostContent(title=title[:190], body=body, skills=[skill], platform=rng.choice(PLATFORMS))


def seed(organisation: Organisation) -> None:
    """Fill the knowledge-sharing space once (a second run adds nothing)."""
    if selectors.posts_published(organisation=organisation, kind=PostKind.TIP).exists():
        return
    rng = random.Random(15)
    people = list(people_in(organisation=organisation, active=True).order_by("pk")[:400])
    admin = people_in(organisation=organisation).filter(user__email="admin@demo.example").first()
    if len(people) < 10 or admin is None:
        return
    authors = [person for person in people if person.pk != admin.pk]
    tips = [
        services.tip_post(organisation=organisation, author=rng.choice(authors), content=_content(rng, index)).post
        for index in range(TIPS)
    ]
    tips = [tip for tip in tips if tip.status == "published"]
    for tip in rng.sample(tips, 60):
        for voter in rng.sample(authors, rng.randint(1, 6)):
            if voter.pk != tip.author_id:
                services.post_vote(organisation=organisation, person=voter, post_id=tip.pk)
    _questions(organisation, rng, authors)
    _gallery(organisation, rng, authors, admin)
    _reports(organisation, rng, authors, tips)


def _questions(organisation: Organisation, rng: random.Random, authors: list[Person]) -> None:
    for index in range(QUESTIONS):
        topic, skill, why = TOPICS[index % len(TOPICS)]
        platform = rng.choice(PLATFORMS)
        asker = rng.choice(authors)
        title = rng.choice(QUESTION_FORMS).format(topic=topic, platform=platform.capitalize())
        question = services.question_ask(
            organisation=organisation,
            author=asker,
            anonymous=index % 9 == 0,
            content=PostContent(title=title, body=f"We are new to {topic} and want to get it right.", skills=[skill]),
        ).post
        if index >= QUESTIONS - UNANSWERED:
            continue
        answers = []
        for helper in rng.sample([person for person in authors if person.pk != asker.pk], rng.randint(1, 3)):
            answers.append(
                services.answer_post(
                    organisation=organisation,
                    author=helper,
                    question_id=question.pk,
                    content=PostContent(body=rng.choice(ANSWER_FORMS).format(why=why)),
                ).post
            )
        answers = [answer for answer in answers if answer.status == "published"]
        if index % 2 == 0 and answers:
            services.post_vote(organisation=organisation, person=asker, post_id=answers[0].pk)
            services.answer_accept(
                organisation=organisation, person=asker, question_id=question.pk, answer_id=answers[0].pk
            )


def _gallery(organisation: Organisation, rng: random.Random, authors: list[Person], admin: Person) -> None:
    audiences = ["practitioner", "leadership", "management", "observer", "infrastructure"]
    for index in range(GALLERY):
        title, platform, body, why = GALLERY_POSTS[index % len(GALLERY_POSTS)]
        topic, skill, _ = TOPICS[index % len(TOPICS)]
        content = PostContent(
            title=f"{title} ({index // len(GALLERY_POSTS) + 1})",
            body=body,
            platform=platform,
            why_it_works=f"{why} A good example of {topic}.",
            audiences=[audiences[index % len(audiences)]],
            skills=[skill],
        )
        post = services.gallery_suggest(organisation=organisation, author=rng.choice(authors), content=content).post
        services.gallery_pick(organisation=organisation, curator=admin, post_id=post.pk)
    # Two more wait for the admin.
    for index in range(2):
        title, platform, body, why = GALLERY_POSTS[index]
        services.gallery_suggest(
            organisation=organisation,
            author=rng.choice(authors),
            content=PostContent(title=f"Suggested: {title}", body=body, platform=platform, why_it_works=why),
        )


def _reports(organisation: Organisation, rng: random.Random, authors: list[Person], tips: list[Post]) -> None:
    reported = [tip for tip in tips if tip.status == "published"][:4]
    for position, tip in enumerate(reported):
        reporters = [person for person in authors if person.pk != tip.author_id]
        count = 3 if position == 0 else 1  # the first reaches the default threshold and is hidden
        for reporter in rng.sample(reporters, count):
            services.post_report(
                organisation=organisation, reporter=reporter, post_id=tip.pk, reason=rng.choice(REASONS)
            )
