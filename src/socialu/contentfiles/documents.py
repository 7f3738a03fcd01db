"""Parse YAML or JSON text into plain data that remembers the line of every mapping, key and list item."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import yaml

from socialu.contentfiles.errors import ContentFileError, ContentProblem


class LineMap(dict[str, Any]):
    """A mapping from a content file that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Return the line of *key*, or of the mapping itself when the key is absent."""
        lines: dict[str, int] = getattr(self, "key_lines", {})
        return lines.get(key, self.line)


class LineList(list[Any]):
    """A list from a content file that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        lines: list[int] = getattr(self, "item_lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMap:
    mapping = LineMap({str(key): value for key, value in loader.construct_mapping(node, deep=True).items()})
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_sequence(node, deep=True))
    items.line = node.start_mark.line + 1
    items.item_lines = [item.start_mark.line + 1 for item in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def decode(data: bytes | str, *, file: str) -> str:
    """Return the text of a file; bytes that are not UTF-8 are a problem naming the file and the line."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentFileError(
            [
                ContentProblem(
                    file,
                    line,
                    "",
                    f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be read). "
                    "Save it as UTF-8 in your editor and try again.",
                )
            ]
        ) from None


def load_document(data: bytes | str, *, file: str, json_allowed: bool = False, keep_lines: bool = True) -> Any:
    """Return the YAML (or, when allowed and it looks like it, JSON) document in *data*.

    With ``keep_lines`` (the default) mappings and lists remember their lines (:class:`LineMap`,
    :class:`LineList`); without, the document is plain dicts and lists, ready to store or dump.

    Raise :class:`ContentFileError` naming the file and line when the text cannot be read or parsed.
    """
    text = decode(data, file=file)
    if json_allowed and (file.lower().endswith(".json") or text.lstrip().startswith(("{", "["))):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            problem = f"this is not valid JSON: {error.msg}. Check the commas, quotes and brackets."
            raise ContentFileError([ContentProblem(file, error.lineno, "", problem)]) from None
    try:
        if not keep_lines:
            return yaml.safe_load(text)
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 0
        problem = f"this is not valid YAML: {error.problem}. Check the indentation and quoting."
        raise ContentFileError([ContentProblem(file, line, "", problem)]) from None
    except yaml.YAMLError as error:
        raise ContentFileError([ContentProblem(file, 0, "", f"this is not valid YAML: {error}.")]) from None


def line_of(document: Any, location: Sequence[str | int]) -> int:
    """Return the line of the deepest part of *location* (keys and list indexes) found in *document*."""
    line = getattr(document, "line", 0)
    current = document
    for part in location:
        if isinstance(current, LineMap) and isinstance(part, str):
            line = current.line_of(part) or line
            current = current.get(part)
        elif isinstance(current, LineList) and isinstance(part, int):
            line = current.line_of(part) or line
            current = current[part] if 0 <= part < len(current) else None
        else:
            break
    return line
