"""The SCIM 2.0 protocol pieces that need no database: filters, PATCH operations, attribute selection.

Pure Python (RFC 7644), so the views and services only map resources to
SocialU's people and units. What identity providers really send is accepted:
Microsoft Entra ID's filtered paths (``emails[type eq "work"].value``),
capitalised ``op`` values (``Replace``), ``replace`` of a missing attribute
acting as ``add``, booleans as strings (``"False"``) and paths prefixed with a
schema URN.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
SEARCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
KNOWN_SCHEMAS = (USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA)


class ScimError(Exception):
    """A request SCIM refuses: the HTTP status, the ``scimType`` and a detail a person can act on."""

    def __init__(self, detail: str, *, status: int = 400, scim_type: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.scim_type = scim_type

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"schemas": [ERROR_SCHEMA], "status": str(self.status), "detail": self.detail}
        if self.scim_type:
            body["scimType"] = self.scim_type
        return body


def boolean(value: Any) -> Any:
    """Return ``"True"``/``"false"`` strings (as Entra ID sends them) as booleans; anything else unchanged."""
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    return value


# --- Filters (eq, sw, and) -------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """``attribute operator value``: the attribute path lowercased, without a schema URN."""

    attribute: str
    operator: str
    value: Any


_COMPARISON = re.compile(
    r"""^\s*(?P<attribute>[A-Za-z$][\w$.:\-]*)\s+(?P<operator>[A-Za-z]{2})\s+
    (?P<value>"(?:[^"\\]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?)\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
SUPPORTED_OPERATORS = ("eq", "sw")


def _split_on_and(text: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    index = 0
    while index < len(text):
        character = text[index]
        if character == '"' and (index == 0 or text[index - 1] != "\\"):
            quoted = not quoted
        if not quoted and text[index : index + 5].lower() == " and ":
            parts.append("".join(current))
            current = []
            index += 5
            continue
        current.append(character)
        index += 1
    parts.append("".join(current))
    return parts


def attribute_name(path: str) -> str:
    """Return *path* lowercased and without its schema URN (``urn:…:User:employeeNumber`` → ``employeenumber``)."""
    lowered = path.strip().lower()
    for schema in KNOWN_SCHEMAS:
        if lowered.startswith(schema.lower() + ":"):
            return lowered[len(schema) + 1 :]
    return lowered


def filter_parse(text: str) -> list[Comparison]:
    """Return the comparisons of a filter joined by ``and``; raise ScimError(invalidFilter) otherwise."""
    comparisons = []
    for part in _split_on_and(text):
        found = _COMPARISON.match(part)
        if found is None:
            raise ScimError(
                f'The filter “{text}” cannot be read: use attribute eq "value" or sw, joined with and.',
                scim_type="invalidFilter",
            )
        operator = found["operator"].lower()
        if operator not in SUPPORTED_OPERATORS:
            raise ScimError(
                f"The operator “{operator}” is not supported: use eq or sw, joined with and.",
                scim_type="invalidFilter",
            )
        comparisons.append(Comparison(attribute_name(found["attribute"]), operator, json.loads(found["value"])))
    return comparisons


def _matches(item: Any, comparison: Comparison) -> bool:
    if not isinstance(item, dict):
        return False
    actual = next((value for key, value in item.items() if key.lower() == comparison.attribute), None)
    expected = comparison.value
    if isinstance(actual, str) and isinstance(expected, str):
        if comparison.operator == "sw":
            return actual.lower().startswith(expected.lower())
        return actual.lower() == expected.lower()
    return bool(boolean(actual) == boolean(expected))


# --- PATCH -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PatchPath:
    """A PATCH path: ``attribute``, optionally ``[filter]`` on a multi-valued one, optionally ``.sub``."""

    attribute: str
    value_filter: list[Comparison] | None
    sub_attribute: str


_PATH = re.compile(r"^(?P<attribute>[A-Za-z$][\w$\-]*)(?:\[(?P<filter>.*)\])?(?:\.(?P<sub>[A-Za-z$][\w$\-]*))?$")


def patch_path_parse(path: str) -> tuple[str, PatchPath]:
    """Return the schema a path names (the core one when it names none) and the path inside it."""
    schema = ""
    text = path.strip()
    for candidate in KNOWN_SCHEMAS:
        if text.lower().startswith(candidate.lower() + ":"):
            schema, text = candidate, text[len(candidate) + 1 :]
            break
        if text.lower() == candidate.lower():
            return candidate, PatchPath("", None, "")
    found = _PATH.match(text)
    if found is None:
        raise ScimError(f"The path “{path}” cannot be read.", scim_type="invalidPath")
    value_filter = filter_parse(found["filter"]) if found["filter"] is not None else None
    return schema, PatchPath(found["attribute"], value_filter, found["sub"] or "")


def _key(container: dict[str, Any], name: str) -> str:
    """Return the key of *container* that is *name* in any case (SCIM names are case-insensitive), or *name*."""
    return next((key for key in container if key.lower() == name.lower()), name)


def _container(resource: dict[str, Any], schema: str, *, create: bool) -> dict[str, Any] | None:
    if not schema or schema in {USER_SCHEMA, GROUP_SCHEMA}:
        return resource
    key = _key(resource, schema)
    if key not in resource:
        if not create:
            return None
        resource[key] = {}
        schemas = resource.setdefault("schemas", [])
        if schema not in schemas:
            schemas.append(schema)
    found = resource[key]
    return found if isinstance(found, dict) else None


def _merge(target: dict[str, Any], values: dict[str, Any], *, multi_valued: Callable[[str], bool]) -> None:
    """Apply an ``add``/``replace`` without a path: each key of *values* as if it were the path."""
    for name, value in values.items():
        if name.lower() in {schema.lower() for schema in KNOWN_SCHEMAS} and isinstance(value, dict):
            _merge(_container(target, name, create=True) or {}, value, multi_valued=multi_valued)
            continue
        if "." in name or ":" in name:
            schema, path = patch_path_parse(name)
            _set(target, schema, path, value, add=True, multi_valued=multi_valued)
            continue
        key = _key(target, name)
        if multi_valued(name) and isinstance(value, list) and isinstance(target.get(key), list):
            target[key] = target[key] + [item for item in value if item not in target[key]]
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            target[key].update(value)
        else:
            target[key] = value


def _set_filtered(container: dict[str, Any], key: str, path: PatchPath, value: Any) -> None:
    """Set ``attribute[filter].sub`` (or merge into ``attribute[filter]``) on each matching entry."""
    assert path.value_filter is not None
    items = container.get(key)
    if not isinstance(items, list):
        items = []
    selected = [item for item in items if all(_matches(item, c) for c in path.value_filter)]
    if not selected:
        # Entra ID replaces emails[type eq "work"].value on a user without one: make the entry.
        entry = {c.attribute: c.value for c in path.value_filter if c.operator == "eq"}
        items.append(entry)
        selected = [entry]
    for item in selected:
        if path.sub_attribute:
            item[_key(item, path.sub_attribute)] = value
        elif isinstance(value, dict):
            item.update(value)
    container[key] = items


def _set(
    resource: dict[str, Any],
    schema: str,
    path: PatchPath,
    value: Any,
    *,
    add: bool,
    multi_valued: Callable[[str], bool],
) -> None:
    container = _container(resource, schema, create=True)
    assert container is not None
    if not path.attribute:
        if not isinstance(value, dict):
            raise ScimError("Give an object of attributes to set.", scim_type="invalidValue")
        _merge(container, value, multi_valued=multi_valued)
        return
    key = _key(container, path.attribute)
    if path.value_filter is not None:
        _set_filtered(container, key, path, value)
        return
    if path.sub_attribute:
        parent = container.get(key)
        if not isinstance(parent, dict):
            parent = {}
        parent[_key(parent, path.sub_attribute)] = value
        container[key] = parent
        return
    current = container.get(key)
    if add and multi_valued(path.attribute) and isinstance(current, list):
        extra = value if isinstance(value, list) else [value]
        container[key] = current + [item for item in extra if item not in current]
    elif add and isinstance(current, dict) and isinstance(value, dict):
        current.update(value)
    else:
        container[key] = value


def _remove_entries(container: dict[str, Any], key: str, path: PatchPath, value: Any) -> None:
    """Remove the entries of a multi-valued attribute that the filter (or the value list) names."""
    items = container[key] if isinstance(container[key], list) else []
    if path.value_filter is not None:
        doomed = [item for item in items if all(_matches(item, c) for c in path.value_filter)]
    else:
        # Entra ID removes group members as {"op": "Remove", "path": "members", "value": [{"value": id}]}.
        wanted = {str(item.get("value")) for item in value if isinstance(item, dict)}
        doomed = [item for item in items if isinstance(item, dict) and str(item.get("value")) in wanted]
    if path.sub_attribute:
        for item in doomed:
            item.pop(_key(item, path.sub_attribute), None)
    else:
        container[key] = [item for item in items if item not in doomed]


def _remove(resource: dict[str, Any], schema: str, path: PatchPath, value: Any) -> None:
    container = _container(resource, schema, create=False)
    if container is None:
        return
    if not path.attribute:
        # The whole extension: {"op": "remove", "path": "urn:…:enterprise:2.0:User"}.
        if container is not resource:
            resource.pop(_key(resource, schema), None)
            resource["schemas"] = [name for name in resource.get("schemas", []) if name.lower() != schema.lower()]
        return
    key = _key(container, path.attribute)
    if key not in container:
        return
    if path.value_filter is not None or (isinstance(value, list) and isinstance(container[key], list)):
        _remove_entries(container, key, path, value)
        return
    if path.sub_attribute:
        parent = container[key]
        if isinstance(parent, dict):
            parent.pop(_key(parent, path.sub_attribute), None)
        return
    del container[key]


def patch_apply(
    resource: dict[str, Any], body: Any, *, multi_valued: Callable[[str], bool], read_only: frozenset[str]
) -> dict[str, Any]:
    """Return a copy of *resource* with the PATCH request *body* applied (RFC 7644 §3.5.2).

    *multi_valued* says which attributes hold lists; *read_only* names attributes that may not
    be changed (lowercase). Raise ScimError for an unreadable request.
    """
    operations = body.get("Operations", body.get("operations")) if isinstance(body, dict) else None
    if not isinstance(operations, list):
        raise ScimError("Send a PatchOp with a list of Operations.", scim_type="invalidSyntax")
    result = copy.deepcopy(resource)
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError("Each operation must be an object with op, path and value.", scim_type="invalidSyntax")
        op = str(operation.get("op", "")).strip().lower()
        raw_path = operation.get("path")
        value = operation.get("value")
        if op not in {"add", "replace", "remove"}:
            raise ScimError(
                f"Unknown op “{operation.get('op')}”: use add, replace or remove.", scim_type="invalidSyntax"
            )
        if raw_path in (None, ""):
            if op == "remove":
                raise ScimError("A remove operation needs a path.", scim_type="noTarget")
            _set(result, "", PatchPath("", None, ""), value, add=op == "add", multi_valued=multi_valued)
            continue
        schema, path = patch_path_parse(str(raw_path))
        if path.attribute.lower() in read_only:
            raise ScimError(f"“{path.attribute}” cannot be changed.", scim_type="mutability")
        if op == "remove":
            _remove(result, schema, path, value)
        else:
            # replace of an attribute that is not there acts as add (what Entra ID relies on).
            _set(result, schema, path, value, add=op == "add", multi_valued=multi_valued)
    return result


# --- Attribute selection ---------------------------------------------------------------------

ALWAYS_RETURNED = frozenset({"schemas", "id", "meta"})


def _names(text: str | None) -> list[str]:
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def _only(resource: dict[str, Any], wanted: list[str]) -> dict[str, Any]:
    kept: dict[str, Any] = {key: value for key, value in resource.items() if key in ALWAYS_RETURNED}
    for name in wanted:
        schema, path = patch_path_parse(name)
        source = _container(resource, schema, create=False)
        key = _key(source, path.attribute) if source is not None else ""
        if source is None or key not in source:
            continue
        target = kept if source is resource else kept.setdefault(_key(resource, schema), {})
        if path.sub_attribute and isinstance(source[key], dict):
            sub = _key(source[key], path.sub_attribute)
            if sub in source[key]:
                target.setdefault(key, {})[sub] = source[key][sub]
        else:
            target[key] = source[key]
    return kept


def _without(resource: dict[str, Any], excluded: list[str]) -> dict[str, Any]:
    result = copy.deepcopy(resource)
    for name in excluded:
        schema, path = patch_path_parse(name)
        container = _container(result, schema, create=False)
        if container is None or path.attribute.lower() in ALWAYS_RETURNED:
            continue
        key = _key(container, path.attribute)
        if path.sub_attribute and isinstance(container.get(key), dict):
            container[key].pop(_key(container[key], path.sub_attribute), None)
        else:
            container.pop(key, None)
    return result


def attributes_select(resource: dict[str, Any], *, attributes: str | None, excluded: str | None) -> dict[str, Any]:
    """Return *resource* with only the ``attributes`` asked for, or without the ``excludedAttributes``."""
    wanted = _names(attributes)
    return _only(resource, wanted) if wanted else _without(resource, _names(excluded))
