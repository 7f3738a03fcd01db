"""Demo escalation: the default decision tree and a dozen decision log entries of every kind."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.escalation.models import DecisionLogEntry
from socialu.escalation.services import decision_record, decision_tree_install_default

# (days ago, walker, answers, link, text, note). The link identifies the entry, so seeding twice adds nothing.
DECISIONS: tuple[tuple[int, str, tuple[str, ...], str, str, str], ...] = (
    (
        58,
        "champion@demo.example",
        ("Positive", "Yes"),
        "https://www.instagram.com/p/kestrel-demo-summit-photo",
        "Made it to the top in Kestrel boots, not a blister in sight!",
        "Asked permission to reshare; they said yes.",
    ),
    (
        51,
        "learner@demo.example",
        ("Neither: a neutral mention",),
        "https://x.com/hikerjo/status/1001",
        "Passing the Kestrel store on the way to the trailhead.",
        "",
    ),
    (
        44,
        "mentor@demo.example",
        ("Negative", "None of these", "A troll", "No, it is just provocation"),
        "https://x.com/grumblebot/status/2002",
        "Kestrel tents are for people who think glamping is camping lol",
        "Same account posts this every week.",
    ),
    (
        39,
        "admin@demo.example",
        ("Negative", "None of these", "Misinformed", "Yes, and we have a source"),
        "https://www.facebook.com/groups/trailtalk/posts/3003",
        "Heard Kestrel stopped repairing jackets for free.",
        "Linked the repairs page: free repairs still apply for two years.",
    ),
    (
        33,
        "facilitator@demo.example",
        ("Negative", "None of these", "An unhappy customer with a real problem", "Yes"),
        "https://x.com/sam_walks/status/4004",
        "Third week waiting for my refund from Kestrel. Nobody answers email.",
        "Customer service found the order and refunded it the same day.",
    ),
    (
        27,
        "champion@demo.example",
        ("Negative", "None of these", "A rager", "Yes"),
        "https://www.linkedin.com/feed/update/kestrel-demo-5005",
        "ABSOLUTELY FURIOUS. The zip broke on day one of my trip.",
        "",
    ),
    (
        21,
        "admin@demo.example",
        ("Negative", "A journalist or media outlet asking for comment"),
        "https://x.com/outdoorsdesk/status/6006",
        "Reporter from Outdoor Trade Weekly asking about the recall rumours.",
        "Deadline Friday noon.",
    ),
    (
        16,
        "mentor@demo.example",
        ("Negative", "None of these", "A rager", "No, they just want to vent"),
        "https://x.com/rainydays/status/7007",
        "Why is it always raining when I go hiking?? Even my Kestrel jacket gives up",
        "",
    ),
    (
        11,
        "admin@demo.example",
        ("Negative", "A legal threat, a claim or confidential information"),
        "https://www.facebook.com/kestrel.demo/posts/8008",
        "My lawyer will be in touch about the injury on your climbing wall.",
        "Screenshot saved in the incident folder.",
    ),
    (
        7,
        "facilitator@demo.example",
        ("Negative", "None of these", "Misinformed", "Not sure what the facts are"),
        "https://www.tiktok.com/@trailtok/video/9009",
        "Kestrel is closing all its northern stores, apparently.",
        "",
    ),
    (
        3,
        "champion@demo.example",
        ("Positive", "No, it is a passing remark"),
        "https://x.com/weekendwalker/status/10010",
        "Nice new window display at Kestrel.",
        "",
    ),
    (
        1,
        "admin@demo.example",
        ("Negative", "Many people are piling on: a crisis may be building"),
        "https://x.com/search?q=kestrel-demo-boots",
        "Hundreds of posts about boot soles peeling, growing fast.",
        "Paused scheduled posts while the crisis team meets.",
    ),
)


def seed(organisation: Organisation) -> None:
    """Install the default tree and record the demo decisions that are not there yet."""
    decision_tree_install_default(organisation=organisation)
    users = {user.email: user for user in get_user_model().objects.filter(email__endswith="@demo.example")}
    existing = set(DecisionLogEntry.objects.filter(organisation=organisation).values_list("post_url", flat=True))
    now = timezone.now()
    for days_ago, email, answers, link, text, note in DECISIONS:
        if link in existing:
            continue
        user = users.get(email)
        with transaction.atomic():
            entry = decision_record(
                organisation=organisation,
                answers=list(answers),
                post_url=link,
                post_text=text,
                note=note,
                user_id=user.pk if user else None,
                user_email=email,
                send_notifications=False,
            )
            DecisionLogEntry.objects.filter(pk=entry.pk).update(created_at=now - timedelta(days=days_ago, hours=3))
