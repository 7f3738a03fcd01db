"""Build frozen dataclasses from plain mappings and back, naming the field at fault on any error.

A field's type hint says how its value is read: ``str``, ``int``, ``float``,
``bool``, an enum, ``datetime.date``, ``X | None``, ``tuple[X, ...]``,
``dict[K, V]`` and nested dataclasses. ``Annotated[..., REGEX]`` marks text that
must compile as a regular expression on RE2 (see :mod:`socialu.policycheck.patterns`).
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import enum
import string
import types
import typing
from collections.abc import Mapping
from typing import Any, Final

from socialu.policycheck.model import RuleSetError
from socialu.policycheck.patterns import PatternError, compile_pattern

REGEX: Final = "regex"
MESSAGE_PLACEHOLDERS: Final = frozenset({"match", "limit", "count", "platform", "domain", "event", "competitor"})


def build[T](cls: type[T], data: object, path: str) -> T:
    """Return an instance of the dataclass ``cls`` read from ``data``, or raise ``RuleSetError``."""
    if not isinstance(data, Mapping):
        raise RuleSetError(f"{path or 'rule set'}: expected a mapping of fields, got {_describe(data)}")
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = {field.name: field for field in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key in data:
        if key not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; known fields: {', '.join(fields)}"
            raise RuleSetError(f"{_join(path, str(key))}: unknown field{hint}")
    values: dict[str, Any] = {}
    for name, field in fields.items():
        field_path = _join(path, name)
        if name in data:
            values[name] = _read(hints[name], data[name], field_path)
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise RuleSetError(f"{field_path}: required field is missing")
    instance = cls(**values)
    validate = getattr(instance, "validate", None)
    if validate is not None:
        validate(path)
    return instance


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"[:80]


def _read(hint: Any, value: object, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        inner, *marks = typing.get_args(hint)
        result = _read(inner, value, path)
        if REGEX in marks:
            _check_regex(result, path)
        return result
    if origin in {types.UnionType, typing.Union}:
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        if value is None:
            return None
        return _read(options[0], value, path)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise RuleSetError(f"{path}: expected a list, got {_describe(value)}")
        item_hint = typing.get_args(hint)[0]
        return tuple(_read(item_hint, item, f"{path}[{index}]") for index, item in enumerate(value))
    if origin is dict:
        if not isinstance(value, Mapping):
            raise RuleSetError(f"{path}: expected a mapping, got {_describe(value)}")
        key_hint, value_hint = typing.get_args(hint)
        return {
            _read(key_hint, key, f"{path}.{key}"): _read(value_hint, item, f"{path}.{key}")
            for key, item in value.items()
        }
    if dataclasses.is_dataclass(hint):
        return build(typing.cast(type[Any], hint), value, path)
    return _read_scalar(hint, value, path)


def _read_scalar(hint: Any, value: object, path: str) -> Any:
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(str(value).strip().lower())
        except ValueError:
            choices = ", ".join(str(member.value) for member in hint)
            raise RuleSetError(f"{path}: {value!r} is not one of {choices}") from None
    if hint is bool:
        if not isinstance(value, bool):
            raise RuleSetError(f"{path}: expected true or false, got {_describe(value)}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise RuleSetError(f"{path}: expected a whole number, got {_describe(value)}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RuleSetError(f"{path}: expected a number, got {_describe(value)}")
        return float(value)
    if hint is datetime.date:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise RuleSetError(f"{path}: expected a date such as 2026-03-31, got {_describe(value)}") from None
    if hint is str:
        if not isinstance(value, str):
            raise RuleSetError(f"{path}: expected text, got {_describe(value)}")
        if path.endswith((".message", ".fix")):
            check_placeholders(value, path)
        return value
    raise TypeError(f"{path}: the rule set schema cannot read {hint!r}")  # pragma: no cover - a programming error


def _check_regex(value: object, path: str) -> None:
    patterns = value if isinstance(value, tuple) else (value,)
    for index, pattern in enumerate(patterns):
        item_path = f"{path}[{index}]" if isinstance(value, tuple) else path
        try:
            compile_pattern(str(pattern))
        except PatternError as error:
            raise RuleSetError(f"{item_path}: {error}") from None


def check_placeholders(text: str, path: str) -> None:
    """Raise ``RuleSetError`` unless every ``{placeholder}`` in ``text`` is one the checker fills in."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise RuleSetError(f"{path}: unbalanced braces ({error}); write {{{{ or }}}} for a literal brace") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in MESSAGE_PLACEHOLDERS or spec or conversion:
            allowed = ", ".join(f"{{{item}}}" for item in sorted(MESSAGE_PLACEHOLDERS))
            raise RuleSetError(f"{path}: unknown placeholder {{{name}}}; use one of {allowed}")


def dump(value: object) -> Any:
    """Return ``value`` (a dataclass from this package) as plain YAML- and JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: dump(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {dump(key): dump(item) for key, item in value.items()}
    return value
