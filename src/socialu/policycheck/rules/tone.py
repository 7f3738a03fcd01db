"""Catch a hostile or aggressive tone: insults aimed at a person, shouting in capitals, strongly negative wording."""

from __future__ import annotations

import functools
import importlib.resources
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from socialu.policycheck.matching import PhraseMatcher
from socialu.policycheck.model import Finding, RuleSetError
from socialu.policycheck.rules import topics
from socialu.policycheck.rules.base import Checker, Context, Rule, active, gated
from socialu.policycheck.schema import REGEX

CATEGORY = "tone"
# Vendored from vaderSentiment 3.3.2 (MIT); see wordlists/README.md.
LEXICON_PACKAGE = "socialu.policycheck.wordlists"
LEXICON_FILE = "vader_lexicon.txt"


@dataclass(frozen=True, kw_only=True)
class HostileRule(Rule):
    """List hostile phrases aimed at a person ("you idiot", "shut up") and patterns for them."""

    phrases: tuple[str, ...] = ()
    patterns: Annotated[tuple[str, ...], REGEX] = ()


@dataclass(frozen=True, kw_only=True)
class ShoutingRule(Rule):
    """Flag a post whose words of ``min_word_letters`` letters or more are mostly capitals.

    Hashtags, mentions and the words in ``ignore_words`` (acronyms such as "CEO")
    do not count. At least ``min_words`` words must count before a post can shout.
    """

    threshold: float = 0.7
    min_words: int = 3
    min_word_letters: int = 3
    ignore_words: tuple[str, ...] = ()

    def validate(self, path: str) -> None:
        """Raise ``RuleSetError`` for a threshold outside 0 to 1."""
        super().validate(path)
        if not 0.0 < self.threshold <= 1.0:
            raise RuleSetError(f"{path}.threshold: give a share of capital letters above 0 and at most 1, such as 0.7")


@dataclass(frozen=True, kw_only=True)
class SentimentRule(Rule):
    """Flag a post whose overall sentiment score (from -1 to 1) is at or below ``threshold``.

    Words are scored with the VADER lexicon SocialU ships (from vaderSentiment),
    plus ``extra_negative_words`` (each scored -2.5); a negation shortly before a
    word turns its score round.
    """

    threshold: float = -0.75
    min_words: int = 3
    extra_negative_words: tuple[str, ...] = ()

    def validate(self, path: str) -> None:
        """Raise ``RuleSetError`` for a threshold outside -1 to 0."""
        super().validate(path)
        if not -1.0 <= self.threshold < 0.0:
            raise RuleSetError(f"{path}.threshold: give a score from -1 up to (not including) 0, such as -0.75")


@dataclass(frozen=True, kw_only=True)
class ToneRules:
    """Group the tone checks: hostility, shouting, negativity, dismissing a customer, stereotypes."""

    hostile: HostileRule | None = None
    shouting: ShoutingRule | None = None
    sentiment: SentimentRule | None = None
    dismissive: topics.TopicRule | None = None
    stereotypes: topics.TopicRule | None = None


@functools.cache
def package_lexicon() -> dict[str, float]:
    """Return the VADER sentiment lexicon SocialU ships (word to valence, -4 to 4)."""
    try:
        text = importlib.resources.files(LEXICON_PACKAGE).joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise RuleSetError(
            f"rules.tone.sentiment: the sentiment lexicon is missing from this installation ({error});"
            " reinstall SocialU or remove the rule"
        ) from None
    lexicon: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            lexicon[parts[0].lower()] = float(parts[1])
    return lexicon


_NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "nor",
        "neither",
        "without",
        "cannot",
        "cant",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "wasnt",
        "arent",
        "werent",
        "wont",
        "wouldnt",
        "shouldnt",
        "couldnt",
        "havent",
        "hasnt",
        "hadnt",
        "aint",
    ]
)
# How "don't", "can't"… split into words ("don", "t"): enough to tell a negation may be there.
_CONTRACTION_STEMS = ("don", "can", "won", "isn", "wasn", "aren", "weren", "doesn", "didn", "shouldn", "couldn",
                      "wouldn", "haven", "hasn", "hadn", "ain")  # fmt: skip
_SENTIMENT_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_WITHOUT_CAPITALS = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SHOUT_WORD = re.compile(r"(?<![#@\w])[^\W\d_]+(?![\w])")
# The normalisation constant VADER uses to squash a sum of valences into -1..1.
_ALPHA = 15.0


def sentiment(folded: str, lexicon: dict[str, float]) -> tuple[float, list[tuple[int, int]]]:
    """Return the overall score of ``folded`` text (-1 to 1) and the spans of its negative words."""
    total = 0.0
    negative_spans: list[tuple[int, int]] = []
    recent: list[str] = []
    for match in _SENTIMENT_WORD.finditer(folded):
        word = match.group().replace("'", "")
        valence = lexicon.get(word)
        if valence is not None:
            if any(previous in _NEGATIONS for previous in recent[-3:]):
                valence *= -0.74
            total += valence
            if valence < 0:
                negative_spans.append((match.start(), match.end()))
        recent.append(word)
    return total / math.sqrt(total * total + _ALPHA), negative_spans


def sentiment_score(words: list[str], lexicon: dict[str, float]) -> float:
    """Return the score :func:`sentiment` gives, from the draft's words alone (no spans, so faster)."""
    total = 0.0
    for index, word in enumerate(words):
        valence = lexicon.get(word)
        if valence is not None:
            if index and not _NEGATIONS.isdisjoint(words[max(0, index - 3) : index]):
                valence *= -0.74
            total += valence
    return total / math.sqrt(total * total + _ALPHA)


def _hostile_checker(rule: HostileRule) -> Checker | None:
    matcher = PhraseMatcher(rule.phrases, rule.patterns)
    if not active(rule) or not matcher:
        return None

    def check(context: Context) -> Iterator[Finding | None]:
        for match in matcher.find(context.folded, leet=True):
            yield context.finding(rule, CATEGORY, match.start, match.end)

    return gated(check, (matcher, ("plain", "leet")))


def _shouting_checker(rule: ShoutingRule) -> Checker:
    ignored = {word.upper() for word in rule.ignore_words}
    # Letters that are not lower case (capitals, and letters without case, which only make this test wider).
    capitals = re.compile(rf"[^\W\d_a-z]{{{rule.min_word_letters}}}")
    # The same for plain ASCII text, where the only letters that are not lower case are A to Z: a simpler scan.
    ascii_capitals = re.compile(rf"[A-Z]{{{rule.min_word_letters}}}")

    def counted_words(text: str) -> list[re.Match[str]]:
        return [
            match
            for match in _SHOUT_WORD.finditer(text)
            if len(match.group()) >= rule.min_word_letters and match.group().upper() not in ignored
        ]

    letters = rule.min_word_letters
    shouted_word = re.compile(rf"(?<![#@\w])[A-Z]{{{letters},}}(?!\w)")
    # The same, read backwards: the last shouted word of a long text is the first of its reverse.
    shouted_word_reversed = re.compile(rf"(?<!\w)[A-Z]{{{letters},}}(?![#@\w])")

    def ascii_share(text: str) -> tuple[float, int] | None:
        """Return the share of capitals and the number of counted words, for plain ASCII text, quickly."""
        words = [word for word in _SHOUT_WORD.findall(text) if len(word) >= letters and word.upper() not in ignored]
        if len(words) < rule.min_words:
            return None
        joined = "".join(words)
        return (len(joined) - len(joined.translate(_WITHOUT_CAPITALS))) / len(joined), len(words)

    def ascii_shouted_span(text: str) -> tuple[int, int] | None:
        """Return from the start of the first shouted word to the end of the last, or None."""
        first = next((hit for hit in shouted_word.finditer(text) if hit.group() not in ignored), None)
        if first is None:
            return None
        backwards = text[::-1]
        last = next(hit for hit in shouted_word_reversed.finditer(backwards) if hit.group()[::-1] not in ignored)
        return first.start(), len(text) - last.start()

    def check(context: Context) -> Iterator[Finding | None]:
        text = context.text
        # A post shouts only if some word is all capitals: without such a run anywhere, nothing to count.
        if not (ascii_capitals if text.isascii() else capitals).search(text):
            return
        if text.isascii():
            # The same answer as the general way below, with strings instead of a match object per word.
            measured = ascii_share(text)
            if measured is None or measured[0] < rule.threshold:
                return
            span = ascii_shouted_span(text)
            if span is not None:
                yield context.finding_at(rule, CATEGORY, span[0], span[1], count=f"{measured[0]:.0%}")
            return
        # Without enough capitals anywhere, no share of them can reach the threshold.
        if sum(map(str.isupper, text)) < rule.min_words * rule.min_word_letters * rule.threshold:
            return
        words = counted_words(text)
        if len(words) < rule.min_words:
            return
        joined = "".join(match.group() for match in words)
        share = sum(map(str.isupper, joined)) / len(joined)
        shouted = [match for match in words if match.group().isupper()]
        if share >= rule.threshold and shouted:
            yield context.finding_at(rule, CATEGORY, shouted[0].start(), shouted[-1].end(), count=f"{share:.0%}")

    return check


def _sentiment_checker(rule: SentimentRule) -> Checker:
    lexicon = dict(package_lexicon())
    for word in rule.extra_negative_words:
        lexicon[word.lower()] = -2.5

    negative = frozenset(word for word, valence in lexicon.items() if valence < 0)
    scored_words = frozenset(lexicon)
    # The draft needs a negative word or a negation to score below zero; the rule set's one pass tells.
    needed = PhraseMatcher([*negative, *_NEGATIONS, *_CONTRACTION_STEMS])

    def check(context: Context) -> Iterator[Finding | None]:
        if not needed.may_match(context.folded):
            return
        folded = context.folded.folded
        words = _SENTIMENT_WORD.findall(folded)
        if len(words) < rule.min_words:
            return
        if "'" in folded:
            words = [word.replace("'", "") for word in words]
        counts = Counter(words)
        # A draft with no negative word and no negation cannot score below zero: skip the word-by-word pass.
        negation = not _NEGATIONS.isdisjoint(counts)
        scored = scored_words.intersection(counts)
        if not negation and negative.isdisjoint(scored):
            return
        # The lowest score the words could make (every positive word turned round, if there is a negation
        # anywhere): when even that is above the threshold, the exact score is too.
        lowest = 0.0
        for word in scored:
            valence = lexicon[word] * counts[word]
            lowest += valence if valence < 0 or not negation else -0.74 * valence
        if lowest / math.sqrt(lowest * lowest + _ALPHA) > rule.threshold + 1e-9:
            return
        # Score from the words first; find where the negative words are only for a post that is flagged.
        if sentiment_score(words, lexicon) > rule.threshold:
            return
        score, spans = sentiment(folded, lexicon)
        if score <= rule.threshold and spans:
            yield context.finding(rule, CATEGORY, spans[0][0], spans[-1][1], count=f"{score:.2f}")

    return gated(check, needed)


def compile_checkers(rules: ToneRules) -> list[Checker]:
    """Return the tone checkers that are on."""
    checkers: list[Checker] = []
    if rules.hostile is not None:
        hostile = _hostile_checker(rules.hostile)
        if hostile is not None:
            checkers.append(hostile)
    if rules.shouting is not None and active(rules.shouting):
        checkers.append(_shouting_checker(rules.shouting))
    if rules.sentiment is not None and active(rules.sentiment):
        checkers.append(_sentiment_checker(rules.sentiment))
    for rule in (rules.dismissive, rules.stereotypes):
        checker = topics.compile_checker(rule, CATEGORY)
        if checker is not None:
            checkers.append(checker)
    return checkers
