"""Read, validate, compile and write an organisation's rule set."""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from socialu.policycheck import schema
from socialu.policycheck.matching import Gate, MatcherIndex, PhraseMatcher
from socialu.policycheck.model import RuleSetError
from socialu.policycheck.rules import (
    claims,
    confidential,
    disclosure,
    disparagement,
    links,
    personal_data,
    platform_limits,
    profanity,
    sensitive_events,
    tone,
    topics,
)
from socialu.policycheck.rules.base import Checker, GatedChecker, Rule
from socialu.policycheck.text import View
from socialu.policycheck.urls import LINK_GATE

DEFAULT_RULES_FILE = "default_rules.yaml"
SUPPORTED_VERSION = 1


@dataclass(frozen=True, kw_only=True)
class Rules:
    """Hold the settings of every rule kind; leave a kind out to switch it off."""

    confidential: confidential.ConfidentialRule | None = None
    personal_data: personal_data.PersonalDataRules = field(default_factory=personal_data.PersonalDataRules)
    disclosure: disclosure.DisclosureRule | None = None
    claims: tuple[claims.ClaimRule, ...] = ()
    profanity: profanity.ProfanityRule | None = None
    disparagement: disparagement.DisparagementRule | None = None
    tone: tone.ToneRules = field(default_factory=tone.ToneRules)
    platform_limits: platform_limits.PlatformLimitRules | None = None
    links: links.LinkRules | None = None
    sensitive_events: sensitive_events.SensitiveEventRules | None = None
    financial: tuple[topics.TopicRule, ...] = ()
    politics: tuple[topics.TopicRule, ...] = ()
    internal: tuple[topics.TopicRule, ...] = ()
    promotion: tuple[topics.TopicRule, ...] = ()


_NOTHING: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Dispatch:
    """Say which checkers (by position) a draft's one pass calls for.

    ``always`` run on every draft; the others run only when one of their first words is found in the
    plain reading (``by_word``), one of their matchers in the leetspeak or spelled-out reading
    (``by_matcher``), or one of their patterns in the RE2 set (``by_pattern``).
    """

    always: frozenset[int]
    by_word: dict[str, frozenset[int]]
    by_matcher: dict[View, dict[int, frozenset[int]]]
    by_pattern: dict[int, frozenset[int]]

    @classmethod
    def build(cls, checkers: list[Checker], index: MatcherIndex) -> Dispatch:
        """Return the dispatch table for ``checkers``, whose matchers are filed in ``index``."""
        always: set[int] = set()
        by_word: dict[str, set[int]] = {}
        by_matcher: dict[View, dict[int, set[int]]] = {"leet": {}, "spaced": {}}
        by_pattern: dict[int, set[int]] = {}
        for position, checker in enumerate(checkers):
            if not isinstance(checker, GatedChecker):
                always.add(position)
                continue
            for number in checker.patterns:
                if number is None:
                    always.add(position)
                else:
                    by_pattern.setdefault(number, set()).add(position)
            for matcher, readings in checker.matchers:
                if matcher.index is not index:
                    always.add(position)
                    continue
                for pattern in matcher.pattern_numbers:
                    if pattern is None:
                        always.add(position)
                    else:
                        by_pattern.setdefault(pattern, set()).add(position)
                if not matcher.has_words:
                    continue
                for word in matcher.index_words:
                    by_word.setdefault(word, set()).add(position)
                for reading in readings:
                    if reading != "plain":
                        by_matcher[reading].setdefault(matcher.number, set()).add(position)
        return cls(
            frozenset(always),
            {word: frozenset(positions) for word, positions in by_word.items()},
            {view: {number: frozenset(found) for number, found in table.items()} for view, table in by_matcher.items()},
            {number: frozenset(positions) for number, positions in by_pattern.items()},
        )

    def chosen(self, gate: Gate) -> list[int]:
        """Return, in order, the positions of the checkers that may find something in the draft behind ``gate``."""
        chosen = set(self.always)
        by_word = self.by_word
        chosen.update(*[by_word[word] for word in gate.words() if word in by_word])
        for view in ("leet", "spaced"):
            table = self.by_matcher[view]
            if table:
                chosen.update(*[table[number] for number in gate.matchers(view) if number in table])
        if self.by_pattern:
            by_pattern = self.by_pattern
            chosen.update(*[by_pattern[number] for number in gate.patterns() if number in by_pattern])
        return sorted(chosen)


@dataclass(frozen=True, slots=True)
class CompiledRuleSet:
    """Hold the matchers built from a rule set, ready to check drafts."""

    checkers: tuple[Checker, ...]
    promotional_cues: PhraseMatcher
    index: MatcherIndex
    link_gate: int | None
    dispatch: Dispatch


@dataclass(frozen=True, kw_only=True)
class RuleSet:
    """Hold an organisation's rule set: its name, the words that make a post promotional, and the rules."""

    version: int = SUPPORTED_VERSION
    name: str = ""
    promotional_cues: tuple[str, ...] = ()
    rules: Rules = field(default_factory=Rules)

    def validate(self, path: str) -> None:
        """Raise ``RuleSetError`` for an unknown version or two rules sharing an id."""
        if self.version != SUPPORTED_VERSION:
            raise RuleSetError(f"version: this checker reads rule sets of version {SUPPORTED_VERSION}")
        seen: dict[str, str] = {}
        for rule_path, rule in _walk_rules(self.rules, "rules"):
            if rule.id in seen:
                raise RuleSetError(f"{rule_path}.id: the id {rule.id!r} is already used by {seen[rule.id]}")
            seen[rule.id] = rule_path

    @functools.cached_property
    def compiled(self) -> CompiledRuleSet:
        """Return the rule set's matchers, built the first time they are needed."""
        rules = self.rules
        index = MatcherIndex()
        with index.collecting():
            link_gate = index.add_pattern(LINK_GATE)
            checkers, cues = self._compile(rules, self.promotional_cues, link_gate)
        return CompiledRuleSet(tuple(checkers), cues, index, link_gate, Dispatch.build(checkers, index))

    @staticmethod
    def _compile(rules: Rules, cues: tuple[str, ...], link_gate: int | None) -> tuple[list[Checker], PhraseMatcher]:
        checkers: list[Checker] = [
            *confidential.compile_checkers(rules.confidential),
            *personal_data.compile_checkers(rules.personal_data),
            *disclosure.compile_checkers(rules.disclosure),
            *claims.compile_checkers(rules.claims),
            *profanity.compile_checkers(rules.profanity),
            *disparagement.compile_checkers(rules.disparagement),
            *tone.compile_checkers(rules.tone),
            *platform_limits.compile_checkers(rules.platform_limits),
            *links.compile_checkers(rules.links, link_gate),
            *sensitive_events.compile_checkers(rules.sensitive_events),
            *topics.compile_checkers(rules.financial, "financial"),
            *topics.compile_checkers(rules.politics, "politics"),
            *topics.compile_checkers(rules.internal, "internal"),
            # Paid promotion without "#ad" is a failure to disclose, like the employee who does not say so.
            *topics.compile_checkers(rules.promotion, "disclosure"),
        ]
        return checkers, PhraseMatcher(cues)

    def to_dict(self) -> dict[str, Any]:
        """Return the rule set as plain data that ``load_rule_set`` reads back."""
        result: dict[str, Any] = schema.dump(self)
        return result

    def to_yaml(self) -> str:
        """Return the rule set as YAML that ``load_rule_set`` reads back to an equal rule set."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=100)


def _walk_rules(value: object, path: str) -> Iterator[tuple[str, Rule]]:
    """Yield every rule inside ``value`` with its path."""
    if isinstance(value, Rule):
        yield path, value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _walk_rules(getattr(value, item.name), f"{path}.{item.name}")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _walk_rules(item, f"{path}[{index}]")


def load_rule_set(source: str | Mapping[str, Any]) -> RuleSet:
    """Return the rule set in ``source`` (YAML text or a mapping), checked and compiled.

    Raise ``RuleSetError`` naming the rule and field at fault, such as
    ``rules.personal_data.extra_patterns[2].pattern: not a valid regular expression: …``.
    """
    data: object = source
    if isinstance(source, str):
        try:
            data = yaml.safe_load(source)
        except yaml.YAMLError as error:
            where = ""
            mark = getattr(error, "problem_mark", None)
            if mark is not None:
                where = f" at line {mark.line + 1}, column {mark.column + 1}"
            problem = getattr(error, "problem", None) or "it cannot be read"
            raise RuleSetError(f"rule set: not valid YAML{where}: {problem}") from None
    if data is None:
        raise RuleSetError("rule set: it is empty")
    rule_set = schema.build(RuleSet, data, "")
    rule_set.compiled  # noqa: B018 - build the matchers now, so a problem shows when the rules are loaded
    return rule_set


@functools.cache
def default_rule_set() -> RuleSet:
    """Return the rule set shipped with SocialU, written for the demo organisation Kestrel Outdoor Co."""
    text = importlib.resources.files("socialu.policycheck").joinpath(DEFAULT_RULES_FILE).read_text(encoding="utf-8")
    return load_rule_set(text)
