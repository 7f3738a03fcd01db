"""Measure how well "find someone who can help with…" ranks people: nDCG@10, P@5 and MAP.

Run ``python -m bench.experts [--people N] [--quick] [--json]`` (default 4,000 people;
``--quick`` 1,200, well under a minute).

It builds a fresh SQLite organisation with the shipped taxonomy and scenarios,
then for each of ten skills **plants true experts through real evidence** —
completed courses and passed quizzes tied to the skill's competency, practice
answers whose review passed with high rubric scores on matching scenarios,
certificates whose tier requires the skill's courses — amid noise that is also
real evidence:

* everyone completes a few general courses (tied to competencies many skills
  share) with middling quiz scores, over the last three years;
* a third dabble: one course of a random skill;
* keen generalists take the courses of five skills each;
* boasters rate themselves 5 in skills they have no evidence for, and collect
  peer endorsements;
* former experts hold the full expert evidence, but four years old;
* a fifth of people pass one random practice scenario with middling scores.

The judgements are the planted experts (8 per skill; each skill also has its
own course competency, as an admin would map it). For every skill, the search
SocialU runs (``experts_find``) is scored against them, and, as baselines
measured in the same run on the same evidence, two rankings a simpler tool
would make: by what people claim (self-rating, then endorsements) and by the
raw count of evidence items (no weights, no decay).

Targets: nDCG@10 ≥ 0.8 and P@5 ≥ 0.8 (means over the skills).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.roster_import import configure_django

SEED = 1414
EXPERTS_PER_SKILL = 8
FORMER_EXPERTS_PER_SKILL = 2
SKILLS = (
    "video",
    "crisis-response",
    "customer-care",
    "community-management",
    "paid-social",
    "listening-analytics",
    "linkedin",
    "x",
    "leadership-voice",
    "accessibility",
)
# Which scenarios count for a skill: by platform (platform skills) or by situation.
SITUATIONS = {
    "crisis-response": {"crisis", "outage", "sensitive-event", "misinformation"},
    "customer-care": {"customer-complaint", "angry-fair-customer", "unanswerable-question"},
    "community-management": {"troll", "competitor-jab"},
    "leadership-voice": {"thought-leadership"},
}
GENERAL_COMPETENCIES = ("engagement-craft", "platform-judgement", "measurement", "response-judgement")
CRITERIA = ("clarity", "tone", "policy_compliance", "helpfulness", "platform_fit")


def dcg(relevances: list[int]) -> float:
    return sum(rel / math.log2(rank + 2) for rank, rel in enumerate(relevances))


def ndcg_at(ranked: list[int], relevant: set[int], k: int) -> float:
    ideal = dcg([1] * min(len(relevant), k))
    return dcg([1 if pid in relevant else 0 for pid in ranked[:k]]) / ideal if ideal else 0.0


def precision_at(ranked: list[int], relevant: set[int], k: int) -> float:
    return sum(1 for pid in ranked[:k] if pid in relevant) / k


def average_precision(ranked: list[int], relevant: set[int]) -> float:
    hits, total = 0, 0.0
    for rank, pid in enumerate(ranked, start=1):
        if pid in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


class Builder:
    """Write real evidence rows for the bench organisation, in bulk."""

    def __init__(self, organisation: Any, rng: random.Random, now: datetime) -> None:
        from socialu.certification.models import Tier
        from socialu.curriculum.models import Competency, Component, Course, CourseCompetency, CourseStatus, Quiz
        from socialu.practice.models import Scenario
        from socialu.skills.models import Skill

        self.organisation, self.rng, self.now = organisation, rng, now
        self.enrolments: list[Any] = []
        self.quiz_attempts: list[Any] = []
        self.attempts: list[tuple[Any, dict[str, int]]] = []
        self.certificates: list[Any] = []
        self.ratings: list[Any] = []
        self.endorsements: list[Any] = []
        component = Component.objects.create(
            organisation=organisation, number=1, slug="bench", title="Bench", summary="Bench."
        )

        def course(slug: str, competency_slug: str) -> Any:
            competency, _ = Competency.objects.get_or_create(
                organisation=organisation, slug=competency_slug, defaults={"name": competency_slug, "description": "."}
            )
            made = Course.objects.create(
                organisation=organisation,
                slug=slug,
                title=slug,
                summary=".",
                component=component,
                status=CourseStatus.PUBLISHED,
                published_at=now,
            )
            Quiz.objects.create(organisation=organisation, course=made, title=slug)
            CourseCompetency.objects.create(organisation=organisation, course=made, competency=competency)
            return made

        self.skill_courses: dict[str, list[Any]] = {}
        self.tiers: dict[str, Any] = {}
        for slug in SKILLS:
            own = f"bench-{slug}"
            skill = Skill.objects.get(organisation=organisation, slug=slug)
            skill.competencies = [own, *skill.competencies]
            skill.save()
            self.skill_courses[slug] = [course(f"{slug}-foundations", own), course(f"{slug}-advanced", own)]
            tier = Tier.objects.create(organisation=organisation, slug=f"{slug}-specialist", name=f"{slug} specialist")
            tier.requirements.create(
                organisation=organisation,
                kind="courses_passed",
                parameters={"courses": [c.slug for c in self.skill_courses[slug]]},
            )
            self.tiers[slug] = tier
        self.general_courses = [course(f"general-{c}-{n}", c) for c in GENERAL_COMPETENCIES for n in (1, 2)]
        scenarios = list(Scenario.objects.filter(organisation=organisation))
        self.scenarios_for: dict[str, list[Any]] = {}
        for slug in SKILLS:
            self.scenarios_for[slug] = [
                s for s in scenarios if s.platform == slug or s.situation_type in SITUATIONS.get(slug, set())
            ]
        self.all_scenarios = scenarios

    def moment(self, days_back_low: float, days_back_high: float) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(days_back_low, days_back_high))

    def completes(self, person: Any, course: Any, when: datetime, score: int | None) -> None:
        from socialu.learning.models import Enrolment, QuizAttempt

        self.enrolments.append(
            Enrolment(
                organisation=self.organisation,
                person=person,
                course_slug=course.slug,
                enrolled_at=when - timedelta(days=7),
                completed_at=when,
                completed_version=1,
            )
        )
        if score is not None:
            self.quiz_attempts.append(
                QuizAttempt(
                    organisation=self.organisation,
                    person=person,
                    quiz=course.quiz,
                    course_version=1,
                    started_at=when - timedelta(minutes=20),
                    submitted_at=when,
                    score_percent=score,
                    passed=True,
                )
            )

    def practises(self, person: Any, scenario: Any, when: datetime, low: int, high: int) -> None:
        from socialu.practice.models import Attempt

        scores = {criterion: self.rng.randint(low, high) for criterion in CRITERIA}
        mean = sum(scores.values()) / len(scores)
        attempt = Attempt(
            organisation=self.organisation,
            person=person,
            scenario=scenario,
            text="(bench)",
            status="reviewed",
            verdict="pass",
            mean_score=mean,
            passed=True,
            submitted_at=when,
            reviewed_at=when,
        )
        self.attempts.append((attempt, scores))

    def certified(self, person: Any, skill: str, when: datetime) -> None:
        from socialu.certification.models import Certificate

        tier = self.tiers[skill]
        self.certificates.append(
            Certificate(
                organisation=self.organisation,
                person=person,
                tier=tier,
                code=f"B{len(self.certificates):08d}",
                holder_name=person.name,
                tier_name=tier.name,
                issued_at=when,
                expires_at=when + timedelta(days=365),
            )
        )

    def rates(self, person: Any, skill: Any, level: int, when: datetime) -> None:
        from socialu.skills.models import SelfRating

        self.ratings.append(
            SelfRating(organisation=self.organisation, person=person, skill=skill, level=level, rated_at=when)
        )

    def endorsed(self, person: Any, skill: Any, endorser: Any, when: datetime) -> None:
        from socialu.skills.models import Endorsement

        self.endorsements.append(
            Endorsement(
                organisation=self.organisation,
                person=person,
                skill=skill,
                endorser=endorser,
                relation="peer",
                created_at=when,
            )
        )

    def expert(self, person: Any, slug: str, skill: Any, *, years_ago: float = 0.0) -> None:
        """Give *person* the evidence of a true expert in *slug* (dated *years_ago* years back)."""
        shift = 365 * years_ago
        for course in self.skill_courses[slug]:
            if years_ago or self.rng.random() < 0.85:
                self.completes(person, course, self.moment(shift + 10, shift + 200), self.rng.randint(88, 100))
        matching = self.scenarios_for[slug]
        for scenario in self.rng.sample(matching, k=min(len(matching), self.rng.randint(2, 4))):
            self.practises(person, scenario, self.moment(shift + 5, shift + 150), 4, 5)
        if self.rng.random() < 0.6 or not matching:
            self.certified(person, slug, self.moment(shift + 5, shift + 100))
        self.rates(person, skill, self.rng.choice((3, 4, 5)), self.moment(shift + 1, shift + 60))

    def save(self) -> None:
        from socialu.certification.models import Certificate
        from socialu.learning.models import Enrolment, QuizAttempt
        from socialu.practice.models import Attempt, Review
        from socialu.skills.models import Endorsement, SelfRating

        Enrolment.objects.bulk_create(self.enrolments, batch_size=2000, ignore_conflicts=True)
        QuizAttempt.objects.bulk_create(self.quiz_attempts, batch_size=2000)
        # Attempts first (their ids are needed by the reviews): one per person and scenario.
        unique: dict[tuple[int, int], tuple[Any, dict[str, int]]] = {}
        for attempt, scores in self.attempts:
            unique[(attempt.person.pk, attempt.scenario.pk)] = (attempt, scores)
        saved = Attempt.objects.bulk_create([attempt for attempt, _ in unique.values()], batch_size=2000)
        reviews = [
            Review(
                organisation=self.organisation,
                attempt=attempt,
                reviewer=None,
                reviewer_name="Bench reviewer",
                overall_comment="(bench)",
                mean_score=attempt.mean_score or 0.0,
                passed=True,
                decisive=True,
                **scores,
            )
            for attempt, (_, scores) in zip(saved, unique.values(), strict=True)
        ]
        created = Review.objects.bulk_create(reviews, batch_size=2000)
        for review, attempt in zip(created, saved, strict=True):
            review.created_at = (
                attempt.reviewed_at or self.now
            )  # auto_now_add stamped "now"; the review is dated with its attempt
        Review.objects.bulk_update(created, ["created_at"], batch_size=1000)
        Certificate.objects.bulk_create(self.certificates, batch_size=2000)
        SelfRating.objects.bulk_create(self.ratings, batch_size=2000, ignore_conflicts=True)
        Endorsement.objects.bulk_create(self.endorsements, batch_size=2000, ignore_conflicts=True)


def _noise(build: Builder, person: Any, people: list[Any], skills: dict[str, Any]) -> None:
    """Give *person* the noise evidence: general courses, and maybe dabbling, generalism, boasting, practice."""
    rng = build.rng
    for course in rng.sample(build.general_courses, k=3):
        build.completes(person, course, build.moment(10, 1100), rng.randint(60, 85))
    roll = rng.random()
    if roll < 0.33:
        dabble = rng.choice(SKILLS)
        build.completes(person, rng.choice(build.skill_courses[dabble]), build.moment(10, 700), rng.randint(70, 85))
    elif roll < 0.43:  # keen generalists
        for slug in rng.sample(SKILLS, k=5):
            build.completes(person, build.skill_courses[slug][0], build.moment(10, 400), rng.randint(80, 90))
    elif roll < 0.48:  # boasters
        colleagues = rng.sample(people, k=2)
        for slug in rng.sample(SKILLS, k=4):
            build.rates(person, skills[slug], 5, build.moment(1, 100))
            for colleague in colleagues:
                if colleague.pk != person.pk:
                    build.endorsed(person, skills[slug], colleague, build.moment(1, 200))
    if rng.random() < 0.2:
        build.practises(person, rng.choice(build.all_scenarios), build.moment(10, 500), 3, 4)


def _build(people_count: int, rng: random.Random) -> tuple[Any, dict[str, set[int]]]:
    """Create the organisation, its people and all evidence; return it and the planted experts per skill."""
    from django.utils import timezone

    from socialu.core.models import Organisation
    from socialu.people.models import Person
    from socialu.practice import services as practice_services
    from socialu.practice.scenario_files import load_scenario_folder, shipped_folder
    from socialu.skills import services
    from socialu.skills.models import Skill

    now = timezone.now()
    organisation = Organisation.objects.create(slug="bench", name="Bench Ltd")
    services.taxonomy_load_shipped(organisation=organisation)
    practice_services.scenarios_import(organisation=organisation, scenarios=load_scenario_folder(shipped_folder()))
    Person.objects.bulk_create(
        Person(
            organisation=organisation,
            employee_id=f"B{n:06d}",
            name=f"Person {n:05d}",
            email=f"p{n}@bench.example",
            location=rng.choice(("Leeds", "Berlin", "Paris", "Oslo")),
        )
        for n in range(people_count)
    )
    people = list(Person.objects.filter(organisation=organisation).order_by("pk"))
    skills = {skill.slug: skill for skill in Skill.objects.filter(organisation=organisation)}
    build = Builder(organisation, rng, now)
    rng.shuffle(people)
    experts: dict[str, set[int]] = {}
    cursor = 0
    for slug in SKILLS:
        planted = people[cursor : cursor + EXPERTS_PER_SKILL]
        former = people[cursor + EXPERTS_PER_SKILL : cursor + EXPERTS_PER_SKILL + FORMER_EXPERTS_PER_SKILL]
        cursor += EXPERTS_PER_SKILL + FORMER_EXPERTS_PER_SKILL
        experts[slug] = {person.pk for person in planted}
        for person in planted:
            build.expert(person, slug, skills[slug])
        for person in former:
            build.expert(person, slug, skills[slug], years_ago=4)
    for person in people:
        _noise(build, person, people, skills)
    build.save()
    return organisation, experts


def _ranking_by(evidence: dict[tuple[int, str], list[Any]], slug: str, key: Any) -> list[int]:
    scored = [(key(items), person_id) for (person_id, skill_slug), items in evidence.items() if skill_slug == slug]
    return [
        person_id
        for value, person_id in sorted(scored, key=lambda pair: (-pair[0][0], -pair[0][1], pair[1]))
        if value[0] > 0 or value[1] > 0
    ]


def _scores(ranked: list[int], relevant: set[int]) -> dict[str, float]:
    return {
        "ndcg10": ndcg_at(ranked, relevant, 10),
        "p5": precision_at(ranked, relevant, 5),
        "ap": average_precision(ranked, relevant),
    }


def run(people_count: int) -> dict[str, Any]:
    """Build the organisation, rank every skill three ways, and return the figures."""
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="socialu-bench-experts-") as temporary:
        configure_django(Path(temporary) / "data")
        started = time.perf_counter()
        organisation, experts = _build(people_count, rng)
        build_s = time.perf_counter() - started
        from socialu.skills.evidence import CLAIMED_KINDS, evidence_collect
        from socialu.skills.models import Skill
        from socialu.skills.selectors import ExpertQuery, experts_find

        per_skill: dict[str, dict[str, dict[str, float]]] = {}
        search_ms: list[float] = []
        skills = list(Skill.objects.filter(organisation=organisation, slug__in=SKILLS))
        evidence = evidence_collect(organisation=organisation, skills=skills)
        for slug in SKILLS:
            begun = time.perf_counter()
            experts_find(organisation=organisation, query=ExpertQuery(skill=slug), limit=25)  # as the page asks
            search_ms.append((time.perf_counter() - begun) * 1000)
            results = experts_find(organisation=organisation, query=ExpertQuery(skill=slug))  # the whole ranking
            assert results is not None
            ours = [standing.person.pk for standing in results.standings]
            claimed = _ranking_by(
                evidence,
                slug,
                lambda items: (
                    max((i.weight for i in items if i.kind == "self_rating"), default=0.0),
                    sum(1 for i in items if i.kind == "endorsement"),
                ),
            )
            counted = _ranking_by(evidence, slug, lambda items: (len(items), 0))
            per_skill[slug] = {
                "ours": _scores(ours, experts[slug]),
                "claims": _scores(claimed, experts[slug]),
                "raw_count": _scores(counted, experts[slug]),
            }
            assert all(len(standing.shown) >= 2 for standing in results.standings)
            assert not [s for s in results.standings if all(i.kind in CLAIMED_KINDS for i in s.items)]

    def mean(method: str, metric: str) -> float:
        return statistics.fmean(per_skill[slug][method][metric] for slug in SKILLS)

    methods = ("ours", "claims", "raw_count")
    summary = {
        method: {metric: round(mean(method, metric), 4) for metric in ("ndcg10", "p5", "ap")} for method in methods
    }
    checks = [
        {
            "name": "nDCG@10, mean over skills",
            "measured": summary["ours"]["ndcg10"],
            "target": 0.8,
            "unit": "",
            "met": summary["ours"]["ndcg10"] >= 0.8,
        },
        {
            "name": "P@5, mean over skills",
            "measured": summary["ours"]["p5"],
            "target": 0.8,
            "unit": "",
            "met": summary["ours"]["p5"] >= 0.8,
        },
    ]
    return {
        "people": people_count,
        "skills": list(SKILLS),
        "experts_per_skill": EXPERTS_PER_SKILL,
        "build_s": round(build_s, 1),
        "search_ms_median": round(statistics.median(search_ms), 1),
        "summary": summary,
        "map": summary["ours"]["ap"],
        "per_skill": {
            slug: {m: {k: round(v, 3) for k, v in scores.items()} for m, scores in values.items()}
            for slug, values in per_skill.items()
        },
        "load_average": list(os.getloadavg()),
        "python": sys.version.split()[0],
        "checks": checks,
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the command line, run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=4_000, help="how many people (default 4,000)")
    parser.add_argument("--quick", action="store_true", help="1,200 people, a run of well under a minute")
    parser.add_argument("--json", action="store_true", help="print the figures as one line of JSON")
    arguments = parser.parse_args(argv)
    figures = run(1_200 if arguments.quick else arguments.people)
    if arguments.json:
        # The last line printed is one JSON object (the house convention for benchmarks).
        print(json.dumps(figures, ensure_ascii=False))
        return
    print(
        f"Expert finder: {figures['people']:,} people, {len(figures['skills'])} skills, "
        f"{figures['experts_per_skill']} planted experts each (built in {figures['build_s']} s; "
        f"one search {figures['search_ms_median']} ms median)"
    )
    print(f"  {'ranking':<28}{'nDCG@10':>9}{'P@5':>7}{'MAP':>7}")
    names = {
        "ours": "SocialU (evidence, decay)",
        "claims": "baseline: self-rating",
        "raw_count": "baseline: raw item count",
    }
    for method, label in names.items():
        row = figures["summary"][method]
        print(f"  {label:<28}{row['ndcg10']:>9.3f}{row['p5']:>7.3f}{row['ap']:>7.3f}")
    print(
        "  per skill (ours): "
        + ", ".join(f"{slug} {values['ours']['ndcg10']:.2f}" for slug, values in figures["per_skill"].items())
    )
    for check in figures["checks"]:
        state = "met" if check["met"] else "NOT met"
        print(f"  {check['name']}: {check['measured']:.3f} (target ≥ {check['target']}) — {state}")


if __name__ == "__main__":
    main()
