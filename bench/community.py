"""Benchmark knowledge sharing at scale: search, listing pages and posting, against a bare FTS query.

Run ``python -m bench.community [--items N] [--people N] [--quick] [--json]`` (default 1,000,000 items
across 100,000 people; ``--quick`` uses 20,000 items and 2,000 people, under a minute).

It builds, once, an SQLite database under ``var/bench/community-<items>/`` with the people and the posts
(about 45 % tips, 20 % questions, 35 % answers, each a few sentences made from templates and a vocabulary
of social-media words, tagged with skills and platforms), then rebuilds the FTS5 index. Later runs reuse it.

Each run times, as p95 over many calls:

* **search**: ``selectors.community_search`` for two-word queries (ranking, filters on status and kind,
  highlighting, first 20 hits) and, as the baseline, a **bare FTS5 query** for the same words
  (``MATCH`` and ``ORDER BY rank``, ids only); the ratio of the two;
* **listing**: the first page of the tips page as the view reads it (a Paginator's count and 25 rows);
* **posting**: ``services.tip_post`` with the pre-flight check and the index update (rolled back).

Targets (issue 15): search ≤ 100 ms p95, listing ≤ 150 ms p95, posting ≤ 30 ms, search ≤ 2× the bare query.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.dashboard_build import configure_django, log

WORDS = [
    "caption", "hashtag", "thread", "video", "reel", "carousel", "audience", "engagement", "schedule",
    "analytics", "comment", "reply", "crisis", "complaint", "customer", "brand", "voice", "tone", "launch",
    "event", "livestream", "poll", "newsletter", "profile", "headline", "photo", "accessibility", "alt-text",
    "emoji", "link", "story", "creator", "algorithm", "reach", "follower", "mention", "campaign",
    "recruitment", "employer", "advocacy", "leadership", "podcast", "webinar", "moderation", "privacy",
    "security", "password",
]  # fmt: skip
TEMPLATES = (
    "When you {a} on {p}, keep the {b} short and add a clear {c}.",
    "Our team found that a {a} with a {b} gets more {c} than a plain post.",
    "Before a {a}, check the {b} and agree who answers each {c}.",
    "Try a weekly {a} and measure the {b}; drop what does not help the {c}.",
    "How should we handle a {a} when the {b} turns into a {c}?",
)
PLATFORMS = ["linkedin", "x", "instagram", "facebook", "tiktok", "youtube"]
SKILLS = ["writing-for-social", "video", "community-management", "customer-care", "crisis-response", "accessibility"]
QUERIES = 200
WRITES = 200
PAGES = 100


def _text(rng: random.Random, sentences: int) -> str:
    parts = []
    for _ in range(sentences):
        a, b, c = rng.sample(WORDS, 3)
        parts.append(rng.choice(TEMPLATES).format(a=a, b=b, c=c, p=rng.choice(PLATFORMS)))
    return " ".join(parts)


def build(items: int, people: int) -> int:
    """Fill the database with *people* and *items* posts (once); return the organisation's id."""
    from django.db import connection, transaction
    from django.utils import timezone

    from socialu.community.models import Post, PostKind, PostStatus, PostTag, TagKind
    from socialu.community.search import search_backend
    from socialu.core.models import Organisation
    from socialu.people.models import Person

    organisation, created = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    if not created and Post.objects.filter(organisation=organisation).count() >= items:
        return organisation.pk
    rng = random.Random(15)
    log(f"building {people:,} people and {items:,} posts…")
    with transaction.atomic():
        Person.objects.bulk_create(
            (
                Person(organisation=organisation, employee_id=f"B{n:07d}", name=f"Person {n}",
                       email=f"p{n}@bench.example")
                for n in range(people)
            ),
            batch_size=5000,
        )  # fmt: skip
    person_ids = list(Person.objects.filter(organisation=organisation).values_list("pk", flat=True))
    now = timezone.now()
    made = 0
    questions: list[int] = []
    while made < items:
        batch = min(20_000, items - made)
        with transaction.atomic():
            rows = []
            for index in range(batch):
                roll = rng.random()
                kind = PostKind.TIP if roll < 0.45 else PostKind.QUESTION if roll < 0.65 else PostKind.ANSWER
                if kind == PostKind.ANSWER and not questions:
                    kind = PostKind.QUESTION
                rows.append(
                    Post(
                        organisation=organisation,
                        kind=kind,
                        status=PostStatus.PUBLISHED,
                        author_id=rng.choice(person_ids),
                        parent_id=rng.choice(questions[-5000:]) if kind == PostKind.ANSWER else None,
                        title="" if kind == PostKind.ANSWER else _text(rng, 1)[:120],
                        body=_text(rng, rng.randint(2, 5)),
                        platform=rng.choice(PLATFORMS),
                        published_at=now - timedelta(seconds=made + index),
                    )
                )
            created_posts = Post.objects.bulk_create(rows, batch_size=2000)
            questions.extend(post.pk for post in created_posts if post.kind == PostKind.QUESTION)
            PostTag.objects.bulk_create(
                [
                    PostTag(organisation=organisation, post=post, kind=TagKind.SKILL, slug=rng.choice(SKILLS))
                    for post in created_posts
                    if post.kind != PostKind.ANSWER
                ],
                batch_size=5000,
            )
        made += batch
        log(f"  {made:,} posts")
    log("rebuilding the FTS5 index…")
    search_backend().rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return organisation.pk


def p95(samples: list[float]) -> float:
    """Return the 95th percentile of *samples*, in milliseconds."""
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def timed(call: Callable[[], Any], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def measure(organisation_id: int) -> dict[str, Any]:
    """Time search, the bare query, the listing page and posting; return the figures."""
    from django.core.paginator import Paginator
    from django.db import transaction

    from socialu.community import selectors, services
    from socialu.community.models import PostKind
    from socialu.community.search import SearchFilters, search_backend
    from socialu.community.services import PostContent
    from socialu.core.models import Organisation
    from socialu.people.selectors import people_in

    organisation = Organisation.objects.get(pk=organisation_id)
    rng = random.Random(7)
    queries = [" ".join(rng.sample(WORDS, 2)) for _ in range(QUERIES)]
    backend = search_backend()
    selectors.community_search(organisation=organisation, query=queries[0], filters=SearchFilters())  # warm
    search_samples: list[float] = []
    bare_samples: list[float] = []
    for query in queries:
        start = time.perf_counter()
        selectors.community_search(organisation=organisation, query=query, filters=SearchFilters())
        search_samples.append(time.perf_counter() - start)
        start = time.perf_counter()
        backend.bare(organisation_id=organisation.pk, terms=query.split(), limit=20)
        bare_samples.append(time.perf_counter() - start)

    def listing() -> None:
        posts = selectors.posts_published(organisation=organisation, kind=PostKind.TIP)
        page = Paginator(posts.prefetch_related("tags"), 25).get_page(1)
        list(page.object_list)

    listing_samples = timed(listing, PAGES)
    author = people_in(organisation=organisation).first()
    assert author is not None
    post_samples = []
    for index in range(WRITES):
        content = PostContent(title=f"Bench tip {index}", body=_text(rng, 3), skills=["video"], platform="linkedin")
        with transaction.atomic():
            start = time.perf_counter()
            services.tip_post(organisation=organisation, author=author, content=content)
            post_samples.append(time.perf_counter() - start)
            transaction.set_rollback(True)
    search_p95, bare_p95 = p95(search_samples), p95(bare_samples)
    return {
        "search_p95_ms": round(search_p95, 2),
        "search_median_ms": round(statistics.median(search_samples) * 1000, 2),
        "bare_fts_p95_ms": round(bare_p95, 2),
        "search_to_bare_ratio": round(search_p95 / bare_p95, 2) if bare_p95 else None,
        "listing_p95_ms": round(p95(listing_samples), 2),
        "posting_p95_ms": round(p95(post_samples), 2),
        "posting_median_ms": round(statistics.median(post_samples) * 1000, 2),
    }


def main() -> None:
    """Parse the arguments, build or reuse the data, run the timings and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="20,000 items and 2,000 people (under a minute)")
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    arguments = parser.parse_args()
    items, people = (20_000, 2_000) if arguments.quick else (arguments.items, arguments.people)
    configure_django(Path("var/bench") / f"community-{items}")
    organisation_id = build(items, people)
    figures: dict[str, Any] = {"items": items, "people": people, "database": "sqlite", **measure(organisation_id)}
    targets = [
        ("search p95", figures["search_p95_ms"], 100, "ms"),
        ("listing p95", figures["listing_p95_ms"], 150, "ms"),
        ("posting p95", figures["posting_p95_ms"], 30, "ms"),
        ("search / bare FTS (p95)", figures["search_to_bare_ratio"], 2, "×"),
    ]
    figures["checks"] = [
        {"name": name, "measured": value, "target": target, "unit": unit, "met": value is not None and value <= target}
        for name, value, target, unit in targets
    ]
    if arguments.json:
        print(json.dumps(figures))
        return
    print(f"knowledge sharing with {items:,} items across {people:,} people (SQLite, FTS5)")
    for check in figures["checks"]:
        state = "met" if check["met"] else "NOT MET"
        print(f"{check['name']:<26} {check['measured']:>9} {check['unit']:<3} (target ≤ {check['target']}) {state}")
    print(f"bare FTS5 query p95 {figures['bare_fts_p95_ms']} ms; search median {figures['search_median_ms']} ms")


if __name__ == "__main__":
    main()
