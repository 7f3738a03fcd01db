"""Find personal data: email addresses, phone numbers, payment cards, IBANs and the organisation's own patterns."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated

from socialu.policycheck.matching import PhraseMatcher, current_index
from socialu.policycheck.model import Finding
from socialu.policycheck.rules.base import Checker, Context, Rule, active, gated
from socialu.policycheck.schema import REGEX
from socialu.policycheck.text import FoldedText

CATEGORY = "personal_data"


@dataclass(frozen=True, kw_only=True)
class PatternRule(Rule):
    """Flag text matching a regular expression (matched ignoring case against the folded text)."""

    pattern: Annotated[str, REGEX]


@dataclass(frozen=True, kw_only=True)
class PersonalDataRules:
    """Group the built-in detectors and the organisation's extra patterns."""

    email: Rule | None = None
    phone: Rule | None = None
    payment_card: Rule | None = None
    iban: Rule | None = None
    extra_patterns: tuple[PatternRule, ...] = ()


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?![\w-])")
_PHONE = re.compile(
    r"(?<![\w+$£€¥#/.,-])"
    r"(?:"
    r"\+\d{1,3}[ .-]?(?:\(0?\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}"  # +44 20 7946 0958, +1-202-555-0143
    r"|\(\d{3}\)[ .-]?\d{3}[ .-]?\d{4}"  # (555) 123-4567
    r"|\d{3}[.-]\d{3}[.-]\d{4}|[2-9]\d{2} \d{3} \d{4}"  # 555-123-4567, 555.123.4567, 555 123 4567
    r"|0\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}"  # 07700 900123, 020 7946 0958
    r")"
    r"(?![\w.,-]?\d)(?!\w)"
)
_CARD = re.compile(r"(?<![\d.,-])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\d])")
_IBAN = re.compile(r"(?<![a-z0-9])[a-z]{2}\d{2}(?: ?[a-z0-9]){11,30}(?![a-z0-9])")
_DIGITS = re.compile(r"\d")


def luhn_valid(digits: str) -> bool:
    """Return whether the string of digits passes the Luhn checksum used by payment cards."""
    total = 0
    for position, character in enumerate(reversed(digits)):
        value = int(character)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


# The length of an IBAN in each country that issues them.
_IBAN_LENGTHS = {
    entry[:2]: int(entry[2:])
    for entry in [
        "AD24",
        "AE23",
        "AL28",
        "AT20",
        "AZ28",
        "BA20",
        "BE16",
        "BG22",
        "BH22",
        "BR29",
        "CH21",
        "CR22",
        "CY28",
        "CZ24",
        "DE22",
        "DK18",
        "DO28",
        "EE20",
        "EG29",
        "ES24",
        "FI18",
        "FO18",
        "FR27",
        "GB22",
        "GE22",
        "GI23",
        "GL18",
        "GR27",
        "GT28",
        "HR21",
        "HU28",
        "IE22",
        "IL23",
        "IQ23",
        "IS26",
        "IT27",
        "JO30",
        "KW30",
        "KZ20",
        "LB28",
        "LC32",
        "LI21",
        "LT20",
        "LU20",
        "LV21",
        "MC27",
        "MD24",
        "ME22",
        "MK19",
        "MR27",
        "MT31",
        "MU30",
        "NL18",
        "NO15",
        "PK24",
        "PL28",
        "PS29",
        "PT25",
        "QA29",
        "RO24",
        "RS22",
        "SA24",
        "SC31",
        "SE24",
        "SI19",
        "SK24",
        "SM27",
        "ST25",
        "SV28",
        "TL23",
        "TN24",
        "TR26",
        "UA29",
        "VA22",
        "VG24",
        "XK20",
    ]
}


def iban_valid(compact: str) -> bool:
    """Return whether ``compact`` (no spaces) is an IBAN of the right length for its country with valid check digits."""
    if not (compact.isascii() and compact.isalnum()) or not compact[2:4].isdigit():
        return False
    if _IBAN_LENGTHS.get(compact[:2].upper()) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(character, 36)) for character in rearranged)
    return int(number) % 97 == 1


def _card_spans(folded: str) -> Iterator[tuple[int, int]]:
    for match in _CARD.finditer(folded):
        candidate = match.group()
        separators = {character for character in candidate if not character.isdigit()}
        digits = candidate.replace(" ", "").replace("-", "")
        if len(separators) <= 1 and 13 <= len(digits) <= 19 and luhn_valid(digits):
            yield match.start(), match.end()


def _iban_spans(folded: str) -> Iterator[tuple[int, int]]:
    for match in _IBAN.finditer(folded):
        candidate = match.group()
        # The pattern may run into a following word; try the longest prefix that ends where a group ends.
        for end in range(len(candidate), 14, -1):
            if end < len(candidate) and candidate[end] != " ":
                continue
            if candidate[end - 1] == " ":
                continue
            if iban_valid(candidate[:end].replace(" ", "").upper()):
                yield match.start(), match.start() + end
                break


def _phone_spans(folded: str) -> Iterator[tuple[int, int]]:
    for match in _PHONE.finditer(folded):
        digit_count = len(_DIGITS.findall(match.group()))
        if 8 <= digit_count <= 15:
            yield match.start(), match.end()


SpanFinder = Callable[[FoldedText], Iterable[tuple[int, int]]]


def _email_spans(folded: str) -> Iterator[tuple[int, int]]:
    if "@" not in folded:
        return
    for match in _EMAIL.finditer(folded):
        yield match.start(), match.end()


def _on_folded(find: Callable[[str], Iterable[tuple[int, int]]]) -> SpanFinder:
    def spans(text: FoldedText) -> Iterable[tuple[int, int]]:
        return find(text.folded)

    return spans


def _pattern_spans(matcher: PhraseMatcher) -> SpanFinder:
    def spans(text: FoldedText) -> Iterator[tuple[int, int]]:
        for match in matcher.find(text):
            yield match.start, match.end

    return spans


# What must occur for each built-in detector to find anything (RE2, on folded text); drafts without it are
# ruled out by the rule set's one pass over the draft instead of by each detector's own pattern.
_GATES = {
    "card": r"\d(?:[ -]?\d){12}",
    "iban": r"[a-z]{2}\d{2}(?: ?[a-z0-9]){11}",
    "email": r"\S@[a-z0-9-]+\.[a-z0-9]",
    "phone": r"\d(?:[ .()+\-]{0,3}\d){7}",
}


def compile_checkers(rules: PersonalDataRules) -> list[Checker]:
    """Return one checker running every personal-data detector that is on."""
    index = current_index()

    def gate(name: str) -> int | None:
        return index.add_pattern(_GATES[name]) if index is not None else None

    detectors: list[tuple[Rule, SpanFinder, int | None]] = []
    extra_matchers: list[PhraseMatcher] = []
    if rules.payment_card is not None and active(rules.payment_card):
        detectors.append((rules.payment_card, _on_folded(_card_spans), gate("card")))
    if rules.iban is not None and active(rules.iban):
        detectors.append((rules.iban, _on_folded(_iban_spans), gate("iban")))
    # The organisation's own patterns are more specific than email and phone, so they claim their text first.
    for extra in rules.extra_patterns:
        if active(extra):
            extra_matcher = PhraseMatcher(patterns=[extra.pattern])
            extra_matchers.append(extra_matcher)
            detectors.append((extra, _pattern_spans(extra_matcher), None))
    if rules.email is not None and active(rules.email):
        detectors.append((rules.email, _on_folded(_email_spans), gate("email")))
    if rules.phone is not None and active(rules.phone):
        detectors.append((rules.phone, _on_folded(_phone_spans), gate("phone")))
    if not detectors:
        return []

    def check(context: Context) -> Iterator[Finding | None]:
        text = context.folded
        ruled_in = text.gate.patterns() if text.gate is not None and text.gate.index is index else None
        taken: list[tuple[int, int]] = []
        for rule, find_spans, number in detectors:
            if ruled_in is not None and number is not None and number not in ruled_in:
                continue
            for start, end in find_spans(text):
                # Text one detector has claimed is not reported again, say a card number as a phone number.
                if end <= start or any(start < other_end and other_start < end for other_start, other_end in taken):
                    continue
                taken.append((start, end))
                yield context.finding(rule, CATEGORY, start, end)

    builtin = [number for _, _, number in detectors if number is not None or index is None]
    return [gated(check, *extra_matchers, patterns=builtin)]
