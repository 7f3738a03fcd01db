"""Write the first draft of a strategy document from plain facts about the organisation.

Pure Python, no Django: the selectors gather the facts (readiness results,
headcounts, curriculum, certificates, policies, accounts) and this module turns
them into six Markdown sections and a KPI table. Every sentence uses the
organisation's own numbers, so the draft reads as theirs and not as a template.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialu.strategy.facts import SECTION_TITLES, Draft, Kpi, Section, StrategyFacts
from socialu.strategy.resourcing import Estimate, hours, money


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _percent(value: float) -> str:
    return f"{value:.0f}%"


def _raised(baseline: float, target: int, step: int = 10) -> str:
    """Return *target* as a percentage, or a step above a baseline that already meets it (at most 100%)."""
    if round(baseline) < target:
        return f"{target}%"
    return f"{min(100, round(baseline) + step)}%"


def _and(items: Sequence[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


# --- The sections ----------------------------------------------------------------------------


def goals_body(facts: StrategyFacts) -> str:
    target_people = facts.estimate.learners
    lines = [
        f"{facts.organisation} wants social media to be something its people do well and safely, on behalf of the "
        f"organisation and in their own name, rather than the job of one team. This strategy sets out how we get "
        f"there over the next twelve months.",
        "",
    ]
    readiness = facts.readiness
    if readiness is not None:
        weak = _and([d.title.lower() for d in readiness.weak]) or "none"
        focus = _and([d.title.lower() for d in readiness.focus])
        lines += [
            f"Our readiness assessment (“{readiness.title}”, {_plural(readiness.respondents, 'answer', 'answers')}) "
            f"puts us at **{readiness.index:.0f} out of 100: {readiness.level_title}**. {readiness.level_description}",
            "",
            f"The weak areas are {weak}. This year's goals start with {focus}.",
            "",
        ]
        if readiness.recommended_formats:
            lines += [
                f"The assessment recommends these training formats: {_and(list(readiness.recommended_formats))}.",
                "",
            ]
    else:
        lines += [
            "No readiness assessment has been completed yet, so these goals rest on the organisation's own data. "
            "Run one and regenerate this document to ground it in what leaders and managers say.",
            "",
        ]
    goals = [
        f"Train and certify {facts.target_percent}% of each audience: about {target_people:,} of our "
        f"{facts.active_people:,} active people, starting with leaders and the people who already post for us.",
        "Every official account has a named owner and a backup, and is reviewed on schedule.",
        "Everyone the social media policy applies to has read and acknowledged the current version.",
        "Tie social media to business results we already track (service, sales, hiring, reputation), each with an "
        "owner, a baseline and a target.",
    ]
    if readiness is not None:
        for dimension in readiness.focus:
            score = dimension.score or 0.0
            goals.append(
                f"Raise the {dimension.title.lower()} score from {score:.0f} to at least {min(100, round(score) + 20)} "
                "by the next assessment."
            )
    lines += ["Goals for the year:", "", _bullets(goals)]
    if readiness is not None and readiness.next_steps:
        lines += ["", "First steps the assessment recommends:", "", _bullets(readiness.next_steps)]
    return "\n".join(lines)


def business_case_body(organisation: str, estimate: Estimate) -> str:
    """Return the business case prose; it depends on the estimate alone, so it can be rewritten when that changes."""
    a = estimate.assumptions
    largest = max(estimate.rows, key=lambda row: row.total_hours, default=None)
    sessions = _plural(estimate.sessions, "group session", "group sessions")
    lines = [
        f"Training people to use social media well costs time, and time is the programme's main cost. The estimate "
        f"below counts it from real numbers: the {estimate.headcount:,} active people in the roster by audience, a "
        f"target of {a.target_percent}% of each audience, and the length of each audience's learning path in "
        f"{organisation}'s curriculum.",
        "",
        f"Reaching {estimate.learners:,} people takes about **{hours(estimate.learner_hours)} learner hours** and "
        f"**{hours(estimate.facilitator_hours)} facilitator hours** ({sessions} "
        f"of {a.group_size} people, plus {hours(a.coaching_hours_per_leader)} hours of one-to-one coaching for each "
        f"leader).",
    ]
    if a.cost_per_hour > 0:
        lines += [
            "",
            f"At {money(a.cost_per_hour, a.currency)} an hour, the programme costs about "
            f"**{money(estimate.cost, a.currency)}** in time.",
        ]
    else:
        lines += ["", "Enter a cost per hour under Assumptions to turn these hours into a cost."]
    if largest is not None and largest.total_hours > 0:
        lines += ["", f"{largest.label} accounts for the largest share of the hours."]
    lines += [
        "",
        "Against that cost, weigh what untrained use already costs: slow or inconsistent replies to customers, "
        "posts that need to be taken down, accounts nobody owns, and experts whose voice never reaches the market. "
        "The measurement section sets the numbers we will use to show the return.",
    ]
    return "\n".join(lines)


def competencies_body(facts: StrategyFacts) -> str:
    if not facts.has_curriculum:
        return (
            "There is no curriculum in SocialU yet, so the competencies cannot be listed from it. Import the default "
            "curriculum (`socialu curriculum import default --org SLUG`) or your own, then regenerate this section."
        )
    if not facts.competencies:
        return "The curriculum names no competencies for the courses on the learning paths yet."
    emphasised = [c for c in facts.competencies if c.emphasised]
    others = [c for c in facts.competencies if not c.emphasised]
    lines = [
        f"The learning paths build {_plural(len(facts.competencies), 'competency', 'competencies')}. "
        "Each is something a person can show, not a topic they have heard about.",
    ]
    if emphasised:
        lines += ["", "**Where to put the weight first** (the assessment shows these areas are weak):", ""]
        lines += [f"- **{c.name}**: {c.description} ({c.reason}; taught in {', '.join(c.courses)})" for c in emphasised]
    if others:
        lines += ["", "**Also needed:**" if emphasised else "**Needed:**", ""]
        lines += [f"- **{c.name}**: {c.description}" for c in others]
    return "\n".join(lines)


def communication_body(facts: StrategyFacts) -> str:
    lines = [
        "**Tone.** We sound like people, not a press release: plain words, short sentences, and a name behind every "
        "reply. We are helpful before we are promotional, we admit mistakes quickly and fix them in the open, and we "
        "never argue with a customer in public.",
        "",
        "**Who speaks.** Official accounts speak for the organisation; people speak for themselves on their own "
        "accounts and say where they work when they talk about our products. Only certified spokespeople speak for "
        "us on sensitive subjects.",
        "",
        "**How content is made.**",
        "",
        "1. Each account's owner keeps a simple plan: what the account is for, who it serves and what it will "
        "publish this month.",
        "2. Anyone can suggest a post; the owner or a trained practitioner writes it, checks it with the pre-flight "
        "checker and publishes it.",
        "3. Sensitive topics (results, incidents, legal matters, people) go through the escalation route before "
        "anything is said.",
        "4. Replies to customers follow the response guidelines and are answered within the agreed time.",
        "5. Once a month the owners look at what worked and feed it back into the guidelines and the training.",
    ]
    if facts.policies:
        lines += ["", f"The rules behind this are in {', '.join(f'“{p}”' for p in facts.policies)}."]
    else:
        lines += ["", "No social media policy is published in SocialU yet: publish one before training starts."]
    return "\n".join(lines)


def roles_body(facts: StrategyFacts) -> str:
    rows = ["| Role | What they do | Members now |", "|---|---|---|"]
    duties = {
        "Programme admin": "Runs the programme: people, curriculum, policies, assessments and this strategy.",
        "Facilitator": "Leads group sessions and marks practice work.",
        "Mentor": "Coaches learners one to one, leaders first.",
        "Champion": "Answers colleagues' questions in their own team and spots good examples.",
        "Executive viewer": "Sponsors the programme and reviews its results with the board.",
        "Learner": "Completes their learning path and applies it.",
    }
    for role in facts.roles:
        held = f"{role.members:,}"
        if role.label == "Learner":
            held += f" signed in; {facts.active_people:,} in the roster"
        rows.append(f"| {role.label} | {duties.get(role.label, '')} | {held} |")
    lines = [
        "The programme needs clear owners. The table shows the roles SocialU uses and how many members of SocialU "
        "hold each today.",
        "",
        *rows,
        "",
    ]
    if facts.accounts:
        lines.append(
            f"**Social media accounts.** The registry lists {_plural(facts.accounts, 'account', 'accounts')}: "
            f"{facts.accounts_with_owner:,} have a named owner and {facts.accounts_with_backup:,} a backup owner. "
            "Every account needs both, so that someone always answers for it."
        )
    else:
        lines.append(
            "**Social media accounts.** No accounts are in the registry yet. Listing every official account with an "
            "owner and a backup is one of the first jobs."
        )
    lines += [
        "",
        "The executive sponsor chairs a review each quarter; the programme admin prepares the numbers in the "
        "measurement section below.",
    ]
    return "\n".join(lines)


def measurement_body(facts: StrategyFacts) -> str:
    lines = [
        "We agree to measure a few things well rather than many things badly. The table below sets each measure's "
        "baseline (where we are today, from SocialU's own data), its target and how often it is reviewed.",
        "",
        "**How we keep improving.**",
        "",
        "- Each quarter the sponsor and the programme admin review the measures, agree what to change and record it "
        "as a new version of this document.",
        "- The readiness assessment is repeated every six to twelve months; its trend shows whether the foundations "
        "are getting stronger.",
        "- What learners, facilitators and account owners report is fed back into the curriculum and the guidelines.",
    ]
    if facts.readiness is not None and facts.readiness.disagreements:
        lines += [
            "",
            "**Disagreements to resolve.** The assessment found people see some things differently; each is an "
            "agenda item for the first review:",
            "",
            _bullets(facts.readiness.disagreements),
        ]
    return "\n".join(lines)


def kpis_for(facts: StrategyFacts) -> list[Kpi]:
    """Return the measures with a baseline from real data, a target and a review cadence."""
    kpis: list[Kpi] = [
        {
            "name": "Share of active people certified",
            "baseline": _percent(facts.certified_percent),
            "target": _raised(facts.certified_percent, facts.target_percent),
            "cadence": "Quarterly",
        },
        {
            "name": "Policy acknowledgement coverage",
            "baseline": "No policy yet"
            if facts.acknowledgement_percent is None
            else f"{facts.acknowledgement_percent}%",
            "target": _raised(facts.acknowledgement_percent or 0, 95),
            "cadence": "Monthly",
        },
    ]
    if facts.readiness is not None:
        kpis.append(
            {
                "name": "Readiness index",
                "baseline": f"{facts.readiness.index:.0f}",
                "target": f"{min(100, round(facts.readiness.index) + 15)}",
                "cadence": "Every six months",
            }
        )
    else:
        kpis.append(
            {"name": "Readiness index", "baseline": "Not assessed", "target": "60", "cadence": "Every six months"}
        )
    owned = _percent(100 * facts.accounts_with_owner / facts.accounts) if facts.accounts else "No accounts listed"
    kpis.append(
        {"name": "Official accounts with a named owner", "baseline": owned, "target": "100%", "cadence": "Quarterly"}
    )
    return kpis


def generate(facts: StrategyFacts) -> Draft:
    """Return the six sections and the KPIs of a first draft."""
    bodies = {
        "goals": goals_body(facts),
        "business-case": business_case_body(facts.organisation, facts.estimate),
        "competencies": competencies_body(facts),
        "communication": communication_body(facts),
        "roles": roles_body(facts),
        "measurement": measurement_body(facts),
    }
    sections: list[Section] = [
        {"key": key, "title": title, "body_markdown": bodies[key]} for key, title in SECTION_TITLES.items()
    ]
    return Draft(sections=sections, kpis=kpis_for(facts))
