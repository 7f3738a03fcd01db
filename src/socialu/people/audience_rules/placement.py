"""Place people in audiences by an organisation's rules: pure Python over the rows of a roster file.

The first rule that matches a person decides; a person no rule matches keeps
the audience they have. Depth and direct reports come from the file's
manager column (a person whose manager is not in the file counts as the top).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

KIND_TOP_OF_TREE = "top_of_tree"
KIND_JOB_TITLE = "job_title"
KIND_HAS_DIRECT_REPORTS = "has_direct_reports"
KIND_MAX_DEPTH = "max_depth"
KIND_UNIT = "unit"
KIND_EXTERNAL = "external"
KINDS = (KIND_TOP_OF_TREE, KIND_JOB_TITLE, KIND_HAS_DIRECT_REPORTS, KIND_MAX_DEPTH, KIND_UNIT, KIND_EXTERNAL)
_UNIT_SEPARATORS = re.compile("\\s*[>\u203a/|]\\s*")


@dataclass(frozen=True)
class Rule:
    """One rule: when a person matches *kind* (with *value*), they join *audience*."""

    position: int
    kind: str
    value: str
    audience: str

    def describe(self) -> str:
        """Return the rule as a sentence ("Rule 3: job title contains Chief, VP → leadership")."""
        condition = {
            KIND_TOP_OF_TREE: "top of the tree",
            KIND_JOB_TITLE: f"job title contains {self.value}",
            KIND_HAS_DIRECT_REPORTS: "has direct reports",
            KIND_MAX_DEPTH: f"at most {self.value} levels below the top",
            KIND_UNIT: f"in unit {self.value}",
            KIND_EXTERNAL: "external partner",
        }.get(self.kind, self.kind)
        return f"Rule {self.position}: {condition} → {self.audience}"


@dataclass(frozen=True)
class Member:
    """What the rules look at in one row of the file."""

    employee_id: str
    job_title: str = ""
    manager_id: str = ""
    unit: str = ""
    is_external: bool = False


DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(1, KIND_EXTERNAL, "", "observer"),
    Rule(2, KIND_TOP_OF_TREE, "", "leadership"),
    Rule(
        3,
        KIND_JOB_TITLE,
        "Chief, CEO, CFO, COO, CTO, CIO, CMO, CHRO, President, Vice President, VP, SVP, EVP",
        "leadership",
    ),
    Rule(4, KIND_HAS_DIRECT_REPORTS, "", "management"),
)


def unit_names(text: str) -> list[str]:
    """Return the names of a unit path ("Sales > EMEA") in lower case, top first."""
    return [name.casefold() for name in _UNIT_SEPARATORS.split(text.strip()) if name]


def keywords(value: str) -> list[str]:
    """Return the words of a job title rule, split on commas."""
    return [word.strip() for word in value.split(",") if word.strip()]


def check_rule(kind: str, value: str) -> str:
    """Return what is wrong with a rule's value (empty when it is fine)."""
    if kind not in KINDS:
        return f"“{kind}” is not a kind of rule. Use one of: {', '.join(KINDS)}."
    if kind == KIND_JOB_TITLE and not keywords(value):
        return "Give the words to look for in job titles, separated by commas (for example: Chief, VP)."
    if kind == KIND_UNIT and not unit_names(value):
        return "Give the unit's name or path (for example: Sales > EMEA)."
    if kind == KIND_MAX_DEPTH and not (value.strip().isdigit() and int(value) <= 100):
        return "Give the number of levels below the top as a whole number from 0 to 100 (0 is the top)."
    return ""


def _title_pattern(value: str) -> re.Pattern[str]:
    words = sorted(keywords(value), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")(?!\w)", re.IGNORECASE)


def _depths(members: Sequence[Member]) -> dict[str, int]:
    """Return each person's number of managers above them within the file (cycles stop the count)."""
    manager_of = {member.employee_id: member.manager_id for member in members}
    depths: dict[str, int] = {}
    for start in manager_of:
        chain: list[str] = []
        seen: set[str] = set()
        current = start
        while current in manager_of and current not in depths and current not in seen:
            seen.add(current)
            chain.append(current)
            current = manager_of[current]
        base = depths.get(current, -1) if current in depths else -1
        for offset, employee_id in enumerate(reversed(chain)):
            depths[employee_id] = base + 1 + offset
    return depths


def place(members: Iterable[Member], rules: Sequence[Rule]) -> dict[str, Rule]:
    """Return employee id -> the first rule that matches the person; people no rule matches are left out."""
    people = [member for member in members if member.employee_id]
    in_file = {member.employee_id for member in people}
    managers = {member.manager_id for member in people if member.manager_id}
    depths = _depths(people) if any(rule.kind == KIND_MAX_DEPTH for rule in rules) else {}
    titles = {rule.position: _title_pattern(rule.value) for rule in rules if rule.kind == KIND_JOB_TITLE}
    units = {rule.position: unit_names(rule.value) for rule in rules if rule.kind == KIND_UNIT}
    placed: dict[str, Rule] = {}
    for member in people:
        has_reports = member.employee_id in managers
        is_top = has_reports and member.manager_id not in in_file
        member_unit = unit_names(member.unit) if units else []
        for rule in rules:
            kind = rule.kind
            if (
                (kind == KIND_EXTERNAL and member.is_external)
                or (kind == KIND_TOP_OF_TREE and is_top)
                or (kind == KIND_HAS_DIRECT_REPORTS and has_reports)
                or (kind == KIND_JOB_TITLE and titles[rule.position].search(member.job_title))
                or (kind == KIND_MAX_DEPTH and depths.get(member.employee_id, 0) <= int(rule.value or 0))
                or (kind == KIND_UNIT and member_unit[: len(units[rule.position])] == units[rule.position])
            ):
                placed[member.employee_id] = rule
                break
    return placed
