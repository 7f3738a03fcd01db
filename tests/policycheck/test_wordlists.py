"""The word lists the checker reads are the pinned, vendored copies recorded in their README."""

from __future__ import annotations

import hashlib
import importlib.resources

import pytest

from socialu.policycheck.rules.profanity import package_word_list
from socialu.policycheck.rules.tone import package_lexicon

PINNED = {
    "profanity_wordlist.txt": "e75665f3f57b5e0412b178334764aae9cae319b88ef3f42027d1e1f22ed7172b",
    "vader_lexicon.txt": "1ec9c6e9ee19aade328f8beb393a6afa71a5bb3acf7d3cc22d4ef568df374bf5",
}


@pytest.mark.parametrize(("name", "digest"), sorted(PINNED.items()))
def test_vendored_word_list_matches_the_pinned_sum_and_its_readme(name: str, digest: str) -> None:
    folder = importlib.resources.files("socialu.policycheck.wordlists")
    assert hashlib.sha256(folder.joinpath(name).read_bytes()).hexdigest() == digest
    readme = folder.joinpath("README.md").read_text(encoding="utf-8")
    assert digest in readme
    assert "MIT" in readme


def test_each_vendored_list_has_its_licence_beside_it() -> None:
    folder = importlib.resources.files("socialu.policycheck.wordlists")
    for licence in ("LICENSE.better-profanity", "LICENSE.vaderSentiment"):
        assert "Permission is hereby granted" in folder.joinpath(licence).read_text(encoding="utf-8")


def test_the_checker_reads_the_vendored_lists() -> None:
    assert "shit" in package_word_list()
    assert package_lexicon()["terrible"] < 0
