"""Read course-as-code YAML (through ``socialu.contentfiles``, which keeps every key's line) into checked fields.

Error messages about course-as-code files name the file and the line, so the
author can go straight to the problem.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socialu.contentfiles import ContentFileError, LineMap, decode, load_document
from socialu.core.text import clean_text


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Problems:
    """Collect every problem in a folder instead of stopping at the first."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int, message: str) -> None:
        self.items.append(Problem(file=file, line=line, message=message))

    def __bool__(self) -> bool:
        return bool(self.items)


def load_yaml(path: Path, *, display: str, problems: Problems) -> LineMap | None:
    """Return the top-level mapping of *path*, or None after recording why not."""
    try:
        data = load_document(path.read_bytes(), file=display)
    except FileNotFoundError:
        problems.add(display, 0, "the file is missing.")
        return None
    except ContentFileError as error:
        for problem in error.problems:
            problems.add(problem.file, problem.line, problem.message)
        return None
    if not isinstance(data, LineMap):
        problems.add(display, 1, "the file must hold a mapping of keys to values at the top level.")
        return None
    return data


def read_text(path: Path, *, display: str, problems: Problems) -> str | None:
    """Return the text of *path* (a lesson's Markdown), or None after recording why it cannot be read."""
    try:
        return decode(path.read_bytes(), file=display)
    except ContentFileError as error:
        for problem in error.problems:
            problems.add(problem.file, problem.line, problem.message)
        return None


class Fields:
    """Typed access to a LineMap's keys that records a problem instead of raising."""

    def __init__(self, mapping: LineMap, *, file: str, where: str, problems: Problems, allowed: set[str]) -> None:
        self.mapping = mapping
        self.file = file
        self.where = where
        self.problems = problems
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else f" Allowed keys: {', '.join(sorted(allowed))}."
                self.fail(str(key), f"unknown key '{key}' in {where}.{hint}")

    def fail(self, key: str, message: str) -> None:
        self.problems.add(self.file, self.mapping.line_of(key), message)

    def text(self, key: str, *, required: bool = True, max_length: int = 10_000, default: str = "") -> str:
        value = self.mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(key, f"{self.where} needs '{key}'.")
            return default
        if not isinstance(value, str | int | float):
            self.fail(key, f"'{key}' in {self.where} must be text.")
            return default
        # Control characters (NUL, BEL, ESC…) never reach the database, whatever the file holds.
        text = clean_text(str(value), multiline=True).strip()
        if len(text) > max_length:
            self.fail(key, f"'{key}' in {self.where} is {len(text)} characters long; the limit is {max_length}.")
        return text

    def integer(self, key: str, *, minimum: int, maximum: int, default: int | None = None) -> int:
        value = self.mapping.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"'{key}' in {self.where} must be a whole number from {minimum} to {maximum}.")
            return minimum
        if not minimum <= value <= maximum:
            self.fail(key, f"'{key}' in {self.where} is {value}; it must be from {minimum} to {maximum}.")
        return value

    def boolean(self, key: str, *, default: bool | None = None) -> bool:
        value = self.mapping.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"'{key}' in {self.where} must be true or false.")
            return False
        return value

    def one_of(self, key: str, options: tuple[str, ...], *, default: str | None = None) -> str:
        value = self.mapping.get(key, default)
        if value not in options:
            self.fail(key, f"'{key}' in {self.where} is {value!r}; use one of: {', '.join(options)}.")
            return options[0]
        return str(value)

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.fail(key, f"{self.where} needs a list '{key}'.")
            return []
        if not isinstance(value, list):
            self.fail(key, f"'{key}' in {self.where} must be a list.")
            return []
        return value

    def mapping_items(self, key: str, *, required: bool = True) -> list[LineMap]:
        result: list[LineMap] = []
        for index, item in enumerate(self.items(key, required=required)):
            if isinstance(item, LineMap):
                result.append(item)
            else:
                self.fail(key, f"item {index + 1} of '{key}' in {self.where} must be a mapping of keys to values.")
        return result

    def strings(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        values = self.items(key, required=required)
        if not all(isinstance(value, str) for value in values):
            self.fail(key, f"'{key}' in {self.where} must be a list of text values.")
            return ()
        return tuple(values)
