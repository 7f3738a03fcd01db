"""Links to blocked domains are stopped, shortened links are questioned, other sites are noted."""

from __future__ import annotations

import pytest

from socialu.policycheck import Severity
from tests.policycheck.support import found, run


@pytest.mark.parametrize(
    "link",
    [
        "https://pastebin.com/abc123",
        "http://docs.intranet.kestrel-outdoor.example/plan",  # a subdomain of a blocked domain
        "https://kestrel-outdoor.sharepoint.com/sites/falcon",
        "HTTPS://PASTEBIN.COM/ABC",
        "pastebin.com/abc",
    ],
)
def test_a_link_to_a_blocked_domain_or_its_subdomain_is_blocked(link: str) -> None:
    assert found(run(f"Have a look: {link}."), "link-blocked") == [link]


def test_a_domain_that_only_ends_like_a_blocked_one_is_not_blocked() -> None:
    assert found(run("See https://notpastebin.com/x"), "link-blocked") == []


@pytest.mark.parametrize("link", ["https://bit.ly/3xYz", "bit.ly/3xYz", "https://t.co/abc", "tinyurl.com/yc2"])
def test_a_shortened_link_is_a_warning_that_the_destination_is_hidden(link: str) -> None:
    result = run(f"New kit here {link}")
    assert found(result, "link-shortener") == [link]
    assert {finding.severity for finding in result.findings if finding.rule_id == "link-shortener"} == {Severity.WARN}


def test_a_link_to_our_own_site_raises_nothing() -> None:
    result = run("Read more at https://www.kestrel-outdoor.example/blog/ridgeline")
    assert [finding for finding in result.findings if finding.category == "links"] == []


def test_a_link_elsewhere_is_noted_for_information() -> None:
    result = run("Great guide at https://trails.example.org/guide, enjoy")
    assert found(result, "link-unlisted") == ["https://trails.example.org/guide"]
    assert result.verdict.value == "pass"


@pytest.mark.parametrize("text", ["Mr.Smith went home", "e.g. this one", "version 2.0 is out", "end of sentence.Next"])
def test_words_with_dots_are_not_links(text: str) -> None:
    result = run(text)
    assert [finding for finding in result.findings if finding.category == "links"] == []
