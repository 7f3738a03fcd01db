"""Validate a content document against a pydantic model; turn every refusal into a problem a person can fix."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from socialu.contentfiles.documents import line_of, load_document
from socialu.contentfiles.errors import ContentFileError, ContentProblem


class ContentModel(BaseModel):
    """The base of every content format: unknown keys refused, text trimmed, values frozen.

    A field's ``description`` says what to write; it is added to any problem with that field.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True)


def _field_path(location: Sequence[str | int]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _model_at(model: type[BaseModel], location: Sequence[str | int]) -> tuple[type[BaseModel] | None, str]:
    """Return the model that holds the last key of *location*, and that key."""
    current: type[BaseModel] | None = model
    key = ""
    for part in location:
        if isinstance(part, int) or current is None:
            continue
        key = part
        field = current.model_fields.get(part)
        if field is None:
            return current, key
        annotation = field.annotation
        inner = [annotation, *getattr(annotation, "__args__", ())]
        nested = [kind for kind in inner if isinstance(kind, type) and issubclass(kind, BaseModel)]
        if part != location[-1]:
            current = nested[0] if nested else None
    return current, key


def _message(model: type[BaseModel], error: Any) -> str:
    location = tuple(error["loc"])
    kind = error["type"]
    holder, key = _model_at(model, location)
    if kind == "extra_forbidden":
        allowed = sorted(holder.model_fields) if holder else []
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"Did you mean '{close[0]}'?" if close else f"Allowed keys: {', '.join(allowed)}."
        return f"unknown field. {hint}"
    if kind == "missing":
        text = "is required; add it."
    elif kind == "string_pattern_mismatch":
        text = f"{error.get('input')!r} is not in the right form."
    else:
        text = str(error["msg"]).removeprefix("Value error, ").rstrip(".") + "."
        text = text[0].lower() + text[1:]
        if kind.startswith("string_") or kind in {"int_type", "int_parsing", "bool_type", "bool_parsing"}:
            text += f" The file has {error.get('input')!r}."
    field = holder.model_fields.get(key) if holder else None
    if field is not None and field.description:
        text += f" {field.description}"
    return text


def model_problems(model: type[BaseModel], document: Any, *, file: str) -> tuple[Any, list[ContentProblem]]:
    """Return (the model instance or None, every problem found) for *document*."""
    try:
        return model.model_validate(document), []
    except ValidationError as refusal:
        problems = [
            ContentProblem(file, line_of(document, error["loc"]), _field_path(error["loc"]), _message(model, error))
            for error in refusal.errors()
        ]
        return None, problems


def validate[Model: BaseModel](model: type[Model], document: Any, *, file: str) -> Model:
    """Return *document* as *model*, or raise :class:`ContentFileError` listing every problem."""
    instance, problems = model_problems(model, document, file=file)
    if problems:
        raise ContentFileError(problems)
    validated: Model = instance
    return validated


def load[Model: BaseModel](model: type[Model], data: bytes | str, *, file: str, json_allowed: bool = False) -> Model:
    """Parse *data* (YAML, or JSON when allowed) and return it as *model*; raise :class:`ContentFileError`."""
    return validate(model, load_document(data, file=file, json_allowed=json_allowed), file=file)
