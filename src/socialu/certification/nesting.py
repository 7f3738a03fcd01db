"""How an organisation's tiers build on each other through "another tier held" requirements.

A higher tier should imply the lower ones: whoever holds Practitioner also
holds Ambassador. Tiers say so with a ``tier_held`` requirement (the default
tiers do: Practitioner requires Ambassador, Professional requires
Practitioner). This module reads those requirements as a graph, so that the
tier editor can warn when an organisation's own tiers would let someone hold a
higher tier without a lower one, the awarding can keep a certificate no longer
valid than the one it builds on, and a revocation can reach the certificates
that build on the one revoked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from socialu.certification.kinds import TIER_HELD
from socialu.certification.models import Tier


def required_tier_slugs(tier: Tier) -> list[str]:
    """Return the slugs of the tiers *tier* directly requires to be held, in requirement order."""
    slugs: list[str] = []
    for requirement in tier.requirements.all():
        slug = requirement.parameters.get("tier") if requirement.kind == TIER_HELD else None
        if isinstance(slug, str) and slug and slug not in slugs:
            slugs.append(slug)
    return slugs


def _graph(tiers: Iterable[Tier]) -> dict[str, list[str]]:
    return {tier.slug: required_tier_slugs(tier) for tier in tiers}


def _reachable(graph: dict[str, list[str]], start: str) -> set[str]:
    """Return every tier *start* requires, directly or through the tiers it requires."""
    seen: set[str] = set()
    stack = list(graph.get(start, []))
    while stack:
        slug = stack.pop()
        if slug in seen:
            continue
        seen.add(slug)
        stack.extend(graph.get(slug, []))
    return seen


def tiers_building_on(tiers: Iterable[Tier], slug: str) -> list[Tier]:
    """Return the tiers that require the tier called *slug*, directly or through another tier."""
    listed = list(tiers)
    graph = _graph(listed)
    return [tier for tier in listed if tier.slug != slug and slug in _reachable(graph, tier.slug)]


def creates_cycle(tiers: Iterable[Tier], tier: Tier, required_slug: str) -> bool:
    """Return whether making *tier* require *required_slug* would make two tiers require each other."""
    graph = _graph(tiers)
    return required_slug == tier.slug or tier.slug in _reachable(graph, required_slug)


@dataclass(frozen=True)
class NestingWarning:
    """A higher tier that someone could hold without a lower one, or tiers nobody can earn."""

    tier: Tier
    message: str
    missing: Tier | None = None  # the lower tier to require, when adding one requirement fixes it


def nesting_warnings(tiers: Iterable[Tier]) -> list[NestingWarning]:
    """Return what is wrong with how *tiers* (with their requirements prefetched) nest, higher tiers first.

    Only active tiers count: a tier that is switched off cannot be earned, so
    it neither needs nor supplies anything.
    """
    active = [tier for tier in tiers if tier.is_active]
    by_slug = {tier.slug: tier for tier in active}
    graph = _graph(active)
    warnings: list[NestingWarning] = []
    for tier in sorted(active, key=lambda item: (-item.rank, item.pk)):
        reached = _reachable(graph, tier.slug)
        if tier.slug in reached:
            warnings.append(
                NestingWarning(
                    tier,
                    f"{tier.name} requires, through other tiers, a tier that requires {tier.name}: nobody can earn "
                    "either. Remove one of the “Another tier held” requirements.",
                )
            )
            continue
        for slug in required_tier_slugs(tier):
            required = by_slug.get(slug)
            if required is not None and required.rank > tier.rank:
                warnings.append(
                    NestingWarning(
                        tier,
                        f"{tier.name} requires {required.name}, which ranks higher. Check the ranks, or require a "
                        "lower tier instead.",
                    )
                )
        for lower in sorted(active, key=lambda item: (-item.rank, item.pk)):
            if lower.rank >= tier.rank or lower.slug in reached:
                continue
            if any(by_slug[slug].rank > lower.rank for slug in reached if slug in by_slug):
                continue  # a tier in between misses it too: the warning about that tier fixes both
            # Requiring the highest lower tier that is missing is enough when that tier nests in turn.
            warnings.append(
                NestingWarning(
                    tier,
                    f"Someone could hold {tier.name} without {lower.name}: {tier.name} does not require "
                    f"{lower.name} to be held. Add the requirement “Another tier held” with "
                    f"{{tier: {lower.slug}}}.",
                    missing=lower,
                )
            )
            break
    return warnings
