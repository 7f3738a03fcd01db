"""The draft re-rendered with each finding inside <mark>, escaped and well-formed."""

from __future__ import annotations

from html.parser import HTMLParser

from socialu.policycheck import Finding, Severity, check, default_rule_set
from socialu.preflight.presenting import highlighted


class _TagBalance(HTMLParser):
    """Record the text and fail on a closing tag that does not match the open one."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text = ""
        self.marked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)
        if tag == "mark":
            self.marked.append("")

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text += data
        if self.open and self.open[-1] == "mark":
            self.marked[-1] += data


def _parse(html: str) -> _TagBalance:
    parser = _TagBalance()
    parser.feed(html)
    parser.close()
    assert parser.open == [], f"unclosed tags: {parser.open}"
    return parser


def _finding(start: int, end: int, text: str, severity: Severity = Severity.WARN) -> Finding:
    return Finding("rule", "tone", severity, start, end, text[start:end], "message", "fix")


def test_the_exact_offending_words_are_marked() -> None:
    text = "Big news: Project Falcon launches soon"
    result = check(text, platform="x", account_kind="official", rules=default_rule_set())

    html = highlighted(text, result.findings)

    assert '<mark class="finding-block" title="confidential-term">Project Falcon</mark>' in html
    assert _parse(html).text == text


def test_html_in_the_post_is_escaped_inside_and_outside_marks() -> None:
    text = "<script>alert(1)</script> & <b>bold</b>"
    html = highlighted(text, [_finding(8, 16, text)])

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    parsed = _parse(html)
    assert parsed.text == text
    assert parsed.marked == ["alert(1)"]


def test_overlapping_findings_make_well_formed_html() -> None:
    text = "Summitcraft gear is garbage and terrible, worst junk ever you idiot"
    result = check(text, platform="x", account_kind="personal", rules=default_rule_set())
    assert len(result.findings) >= 2
    assert any(a.end > b.start for a, b in zip(result.findings, result.findings[1:], strict=False))

    html = highlighted(text, result.findings)

    parsed = _parse(html)
    assert parsed.text == text
    assert '<mark class="finding-block"' in html  # the disparagement that overlaps the tone findings


def test_nested_and_crossing_spans_are_cut_into_separate_marks() -> None:
    text = "abcdefghij"
    findings = [_finding(0, 6, text), _finding(2, 4, text, Severity.BLOCK), _finding(5, 9, text, Severity.INFO)]

    parsed = _parse(highlighted(text, findings))

    assert parsed.text == text
    assert parsed.marked == ["ab", "cd", "e", "f", "ghi"]


def test_text_without_findings_is_only_escaped() -> None:
    assert highlighted("Tom & Jerry", []) == "Tom &amp; Jerry"
