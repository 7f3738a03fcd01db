"""Keep a post within each platform's length, hashtag and mention limits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from socialu.policycheck.model import Finding, Platform, RuleSetError
from socialu.policycheck.rules.base import Checker, Context, Rule, active
from socialu.policycheck.text import WIDE_PATTERN, grapheme_offsets, has_joiners, weighted_length

CATEGORY = "platform_limits"

_HASHTAG = re.compile(r"(?<![\w&#])#[^\W_]\w*")
_MENTION = re.compile(r"(?<![\w@.])@\w{1,50}(?![\w@]*\.[a-z]{2,})")


@dataclass(frozen=True, kw_only=True)
class PlatformLimit:
    """Give one platform's limits; leave a count out (null) for no limit.

    ``url_length`` is how many characters the platform counts for every link
    whatever its real length (X counts 23); null counts links as written.
    ``wide_character_weight`` is how many characters the platform counts for an
    emoji or a character outside the common alphabets, such as Chinese or
    Japanese (X counts 2); other platforms count every user-perceived character once.
    """

    max_length: int
    url_length: int | None = None
    wide_character_weight: int = 1
    max_hashtags: int | None = None
    recommended_hashtags: int | None = None
    max_mentions: int | None = None

    def validate(self, path: str) -> None:
        """Raise ``RuleSetError`` for limits that are not positive."""
        if self.wide_character_weight < 1:
            raise RuleSetError(f"{path}.wide_character_weight: give a weight of at least 1")
        for name in ("max_length", "url_length", "max_hashtags", "recommended_hashtags", "max_mentions"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise RuleSetError(f"{path}.{name}: give a number of 0 or more")
        if self.max_length < 1:
            raise RuleSetError(f"{path}.max_length: give a length of at least 1")


@dataclass(frozen=True, kw_only=True)
class PlatformLimitRules:
    """Group the findings for length, hashtags and mentions with the limits for each platform."""

    length: Rule | None = None
    hashtags: Rule | None = None
    hashtags_recommended: Rule | None = None
    mentions: Rule | None = None
    platforms: dict[Platform, PlatformLimit] = field(default_factory=dict, hash=False)


def _is_narrow(character: str) -> bool:
    """Return whether X counts ``character`` once: Latin, Greek, Cyrillic and other alphabets, common punctuation."""
    code = ord(character)
    return code <= 4351 or 8192 <= code <= 8205 or 8208 <= code <= 8223 or 8242 <= code <= 8247


def _offset_past(text: str, start: int, end: int, allowance: int, wide: int) -> int:
    """Return the offset of the character in ``text[start:end]`` that takes the count past ``allowance``.

    Walks at most ``allowance + 1`` characters, so a huge draft costs no more here than a full-length one.
    """
    if text.isascii() and "\r\n" not in text:
        # Every character is one user-perceived character counted once: the answer is a sum.
        return min(start + max(allowance, 0), end)
    segment = text[start:end]
    if "\r\n" not in segment and not has_joiners(segment):
        return _offset_past_code_points(text, start, end, allowance, wide)
    used = 0
    for offset, _ in grapheme_offsets(text, start):
        if offset >= end:
            break
        used += 1 if wide == 1 or _is_narrow(text[offset]) else wide
        if used > allowance:
            return offset
    return end


def _offset_past_code_points(text: str, start: int, end: int, allowance: int, wide: int) -> int:
    """Do what :func:`_offset_past` does for text in which every code point is one user-perceived character.

    Narrow characters between two wide ones are counted as a stretch, so only the wide ones are visited.
    """
    if allowance < 0:
        return min(start, end)
    used = 0
    position = start
    for match in WIDE_PATTERN.finditer(text, start, end):
        narrow = match.start() - position
        if used + narrow > allowance:
            return position + (allowance - used)
        used += narrow + wide
        if used > allowance:
            return match.start()
        position = match.start() + 1
    if used + (end - position) > allowance:
        return position + (allowance - used)
    return end


def perceived_length(context: Context, limit: PlatformLimit) -> tuple[int, int | None]:
    """Return the length the platform counts and the original offset where the limit is first passed.

    Each stretch of text between links is counted in one pass of the regular-expression engine; a link
    counts as the platform's fixed link length. Only when a stretch passes the limit is it walked character
    by character, and then no further than the limit.
    """
    text = context.text
    url_length = limit.url_length
    links = [context.folded.span(link.start, link.end) for link in context.links] if url_length is not None else []
    wide = limit.wide_character_weight
    length = 0
    over: int | None = None
    position = 0
    for link_start, link_end in [*links, (len(text), len(text))]:
        stretch = weighted_length(text[position:link_start], wide) if link_start > position else 0
        if over is None and length + stretch > limit.max_length:
            over = _offset_past(text, position, link_start, limit.max_length - length, wide)
        length += stretch
        if link_end > link_start and url_length is not None:
            length += url_length
            if over is None and length > limit.max_length:
                over = link_start
        position = max(position, link_end)
    return length, over


def compile_checkers(rules: PlatformLimitRules | None) -> list[Checker]:
    """Return the platform-limit checker, if there are limits to apply."""
    if rules is None or not rules.platforms:
        return []

    def check(context: Context) -> Iterator[Finding | None]:
        limit = rules.platforms.get(context.platform)
        if limit is None:
            return
        text = context.text
        # Every user-perceived character counts at most ``wide`` times and every link at most its fixed
        # length more: a draft under the limit even so cannot be over it, without counting anything.
        bound = len(text) * limit.wide_character_weight
        if limit.url_length is not None:
            bound += limit.url_length * len(context.links)
        if rules.length is not None and active(rules.length) and bound > limit.max_length:
            length, over = perceived_length(context, limit)
            if over is not None:
                yield context.finding_at(
                    rules.length, CATEGORY, over, len(text), limit=f"{limit.max_length:,}", count=f"{length:,}"
                )
        if "#" in text:
            tags = list(_HASHTAG.finditer(text))
            yield from _count_finding(context, rules.hashtags, tags, limit.max_hashtags)
            if limit.max_hashtags is None or len(tags) <= limit.max_hashtags:
                yield from _count_finding(context, rules.hashtags_recommended, tags, limit.recommended_hashtags)
        if "@" in text:
            mentions = list(_MENTION.finditer(text))
            yield from _count_finding(context, rules.mentions, mentions, limit.max_mentions)

    return [check]


def _count_finding(
    context: Context, rule: Rule | None, matches: list[re.Match[str]], maximum: int | None
) -> Iterator[Finding | None]:
    """Yield one finding spanning the items past ``maximum``, if there are too many."""
    if rule is None or not active(rule) or maximum is None or len(matches) <= maximum:
        return
    yield context.finding_at(
        rule, CATEGORY, matches[maximum].start(), matches[-1].end(), limit=maximum, count=len(matches)
    )
