"""Check the links in a post: blocked domains, link shorteners that hide the destination, domains not on the list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from socialu.policycheck.model import Finding
from socialu.policycheck.rules.base import Checker, Context, Rule, active, gated
from socialu.policycheck.urls import normalised_domain

CATEGORY = "links"


@dataclass(frozen=True, kw_only=True)
class DomainRule(Rule):
    """List domains for one link finding; each domain covers its subdomains too."""

    domains: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LinkRules:
    """Group the link checks.

    ``unlisted`` fires for a link to a domain outside ``allowed_domains`` (only
    when that list is not empty); blocked domains and shorteners are checked first.
    """

    blocked: DomainRule | None = None
    shorteners: DomainRule | None = None
    allowed_domains: tuple[str, ...] = ()
    unlisted: Rule | None = None


def compile_checkers(rules: LinkRules | None, link_gate: int | None = None) -> list[Checker]:
    """Return the link checker, if any link rule is on."""
    if rules is None:
        return []
    blocked = rules.blocked if rules.blocked is not None and active(rules.blocked) else None
    shorteners = rules.shorteners if rules.shorteners is not None and active(rules.shorteners) else None
    unlisted = rules.unlisted if rules.unlisted is not None and active(rules.unlisted) else None
    if unlisted is not None and not rules.allowed_domains:
        unlisted = None
    if blocked is None and shorteners is None and unlisted is None:
        return []

    lookups = [(rule, _DomainLookup(rule.domains)) for rule in (blocked, shorteners) if rule is not None]
    allowed = _DomainLookup(rules.allowed_domains)

    def check(context: Context) -> Iterator[Finding | None]:
        for link in context.links:
            for rule, lookup in lookups:
                domain = lookup.first(link.host)
                if domain is not None:
                    yield context.finding(rule, CATEGORY, link.start, link.end, domain=domain)
                    break
            else:
                if unlisted is not None and allowed.first(link.host) is None:
                    yield context.finding(unlisted, CATEGORY, link.start, link.end, domain=link.host)

    # Every link matches the rule set's link pattern (``link_gate``); without it, the checker always runs.
    return [gated(check, patterns=[link_gate])]


class _DomainLookup:
    """Find which listed domain covers a host (itself or a parent), in a few dictionary look-ups."""

    def __init__(self, domains: tuple[str, ...]) -> None:
        self._domains = domains
        self._positions: dict[str, int] = {}
        for position, domain in enumerate(domains):
            self._positions.setdefault(normalised_domain(domain), position)

    def first(self, host: str) -> str | None:
        """Return the first listed domain that is ``host`` or one of its parents, as listed, or None."""
        parts = host.split(".")
        found = [self._positions.get(".".join(parts[index:])) for index in range(len(parts))]
        positions = [position for position in found if position is not None]
        return self._domains[min(positions)] if positions else None
