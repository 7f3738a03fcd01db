"""The SCIM 2.0 service at ``/scim/v2/<org>/`` (RFC 7644): thin views over the SCIM services and selectors.

Every request carries ``Authorization: Bearer`` with an API token made for
this organisation, carrying the ``scim`` scope, of a programme admin; the
scope and role are checked in ``core.tenancy.require`` like every other
request. Errors answer with the SCIM error body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from socialu.accounts import services as account_services
from socialu.core.api import SAFE_METHODS
from socialu.core.errors import DomainError
from socialu.core.models import Organisation
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_context_for, require
from socialu.scim import discovery, selectors, services
from socialu.scim.protocol import (
    LIST_SCHEMA,
    SEARCH_SCHEMA,
    ScimError,
    attributes_select,
    filter_parse,
)
from socialu.scim.resources import group_resource, user_resource

CONTENT_TYPE = "application/scim+json"
DEFAULT_COUNT = 100

ScimView = Callable[..., HttpResponse]


def _answer(body: dict[str, Any] | None, *, status: int = 200, location: str = "") -> HttpResponse:
    response = HttpResponse(json.dumps(body) if body is not None else b"", status=status, content_type=CONTENT_TYPE)
    if location:
        response["Location"] = location
    return response


def _refused(problem: ScimError) -> HttpResponse:
    response = _answer(problem.body(), status=problem.status)
    if problem.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="SCIM"'
    return response


def _authorised(request: HttpRequest, org_slug: str) -> OrgContext:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    token = account_services.api_token_use(raw=raw.strip()) if scheme.lower() == "bearer" and raw.strip() else None
    if token is None:
        raise ScimError("Send an API token with the scim scope as Authorization: Bearer.", status=401)
    context = org_context_for(user=token.user, slug=org_slug)
    if token.organisation_id not in {None, context.organisation.pk}:
        raise Http404("No such organisation.")
    scoped = OrgContext(
        organisation=context.organisation,
        user_id=context.user_id,
        roles=context.roles,
        token_scopes=frozenset(token.scopes),
        changes=request.method not in SAFE_METHODS,
    )
    require(scoped, Capability.PROVISION_PEOPLE)
    # The audit log names the token and its user behind every change.
    request.user = token.user
    request.socialu_api_token = f"token {token.prefix}… (SCIM)"  # type: ignore[attr-defined]
    return scoped


def scim_endpoint(view: ScimView) -> Callable[..., HttpResponse]:
    """Authorise the request, then answer every refusal in SCIM's error body."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, org_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            context = _authorised(request, org_slug)
            return view(request, context.organisation, *args, **kwargs)
        except ScimError as problem:
            return _refused(problem)
        except Http404 as missing:
            return _refused(ScimError(str(missing) or "There is no such resource.", status=404))
        except PermissionDenied as denied:
            return _refused(ScimError(str(denied), status=403))
        except DomainError as error:
            return _refused(ScimError(error.message, scim_type="invalidValue"))

    return wrapper


def _base(request: HttpRequest, organisation: Organisation) -> str:
    return request.build_absolute_uri(reverse("scim_root", args=[organisation.slug])).rstrip("/")


def _body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise ScimError("The body is not JSON.", scim_type="invalidSyntax") from error


def _methods(request: HttpRequest, *allowed: str) -> None:
    if request.method not in allowed:
        raise ScimError(f"{request.method} is not supported here: use {', '.join(allowed)}.", status=405)


def _number(value: Any, name: str, *, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise ScimError(f"{name} is a whole number.", scim_type="invalidValue") from error


class _Query:
    """The list parameters of a GET query string or a POST /.search body."""

    def __init__(self, source: Any) -> None:
        get = source.get if hasattr(source, "get") else (lambda _name, _default=None: None)
        self.filter = get("filter") or ""
        self.start = max(1, _number(get("startIndex"), "startIndex", default=1))
        self.count = min(discovery.MAX_RESULTS, max(0, _number(get("count"), "count", default=DEFAULT_COUNT)))
        attributes = get("attributes")
        excluded = get("excludedAttributes")
        self.attributes = ",".join(attributes) if isinstance(attributes, list) else attributes
        self.excluded = ",".join(excluded) if isinstance(excluded, list) else excluded


def _list(total: int, start: int, resources: list[dict[str, Any]]) -> HttpResponse:
    return _answer(
        {
            "schemas": [LIST_SCHEMA],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(resources),
            "Resources": resources,
        }
    )


def _selected(resource: dict[str, Any], request: HttpRequest) -> dict[str, Any]:
    return attributes_select(
        resource, attributes=request.GET.get("attributes"), excluded=request.GET.get("excludedAttributes")
    )


# --- Discovery ---------------------------------------------------------------------------------


@scim_endpoint
def service_provider_config(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Answer what this service supports."""
    _methods(request, "GET")
    documentation = request.build_absolute_uri("/") + "docs/scim"
    return _answer(discovery.service_provider_config(base=_base(request, organisation), documentation=documentation))


@scim_endpoint
def resource_types(request: HttpRequest, organisation: Organisation, name: str = "") -> HttpResponse:
    """List the resource types (User, Group), or answer one."""
    _methods(request, "GET")
    base = _base(request, organisation)
    if name:
        if name not in discovery.RESOURCE_TYPES:
            raise ScimError(f"There is no resource type {name}.", status=404)
        return _answer(discovery.resource_type_document(name, base=base))
    documents = [discovery.resource_type_document(kind, base=base) for kind in discovery.RESOURCE_TYPES]
    return _list(len(documents), 1, documents)


@scim_endpoint
def schemas(request: HttpRequest, organisation: Organisation, schema_id: str = "") -> HttpResponse:
    """List the schemas (User, the enterprise extension, Group), or answer one."""
    _methods(request, "GET")
    base = _base(request, organisation)
    if schema_id:
        if schema_id not in discovery.SCHEMAS:
            raise ScimError(f"There is no schema {schema_id}.", status=404)
        return _answer(discovery.schema_document(schema_id, base=base))
    documents = [discovery.schema_document(key, base=base) for key in discovery.SCHEMAS]
    return _list(len(documents), 1, documents)


@scim_endpoint
def not_found(request: HttpRequest, organisation: Organisation, rest: str = "") -> HttpResponse:
    """Answer an address this service does not have."""
    raise ScimError(f"There is nothing at /{rest} in this SCIM service.", status=404)


@scim_endpoint
def search_everything(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Answer that searching every resource type at once is not offered (search /Users or /Groups)."""
    raise ScimError(
        "Search /Users/.search or /Groups/.search; searching every type at once is not offered.", status=501
    )


# --- Users -----------------------------------------------------------------------------------


def _user(person: Any, request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    record = getattr(person, "scim_user", None) if hasattr(person, "scim_user") else None
    return user_resource(person, record, base=_base(request, organisation))


def _users_list(request: HttpRequest, organisation: Organisation, query: _Query) -> HttpResponse:
    people = selectors.scim_users(
        organisation=organisation, comparisons=filter_parse(query.filter) if query.filter else []
    )
    total = people.count()
    page = list(people[query.start - 1 : query.start - 1 + query.count]) if query.count else []
    resources = [
        attributes_select(_user(person, request, organisation), attributes=query.attributes, excluded=query.excluded)
        for person in page
    ]
    return _list(total, query.start, resources)


@scim_endpoint
def users(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """List Users (filter, startIndex, count) or create one."""
    _methods(request, "GET", "POST")
    if request.method == "POST":
        record = services.scim_user_create(organisation=organisation, resource=_body(request))
        resource = user_resource(record.person, record, base=_base(request, organisation))
        return _answer(resource, status=201, location=resource["meta"]["location"])
    return _users_list(request, organisation, _Query(request.GET))


@scim_endpoint
def users_search(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Search Users with a SearchRequest body."""
    _methods(request, "POST")
    body = _body(request)
    if not isinstance(body, dict):
        raise ScimError("Send a SearchRequest.", scim_type="invalidSyntax")
    return _users_list(request, organisation, _Query(body))


@scim_endpoint
def user(request: HttpRequest, organisation: Organisation, person_id: str) -> HttpResponse:
    """Read, replace, patch or delete one User."""
    _methods(request, "GET", "PUT", "PATCH", "DELETE")
    person = selectors.scim_user_get(organisation=organisation, person_id=person_id)
    if person is None:
        raise ScimError(f"There is no User {person_id}.", status=404)
    base = _base(request, organisation)
    if request.method == "DELETE":
        services.scim_user_delete(organisation=organisation, person=person)
        return _answer(None, status=204)
    if request.method == "PUT":
        services.scim_user_replace(organisation=organisation, person=person, resource=_body(request))
    elif request.method == "PATCH":
        services.scim_user_patch(organisation=organisation, person=person, body=_body(request), base=base)
    person = selectors.scim_user_get(organisation=organisation, person_id=person_id)
    assert person is not None
    return _answer(_selected(user_resource(person, selectors.scim_user_record(person=person), base=base), request))


# --- Groups ----------------------------------------------------------------------------------


def _group(group: Any, request: HttpRequest, organisation: Organisation, *, members: bool) -> dict[str, Any]:
    listed = selectors.group_members(group=group) if members else None
    return group_resource(group, group.unit, listed, base=_base(request, organisation))


def _members_wanted(attributes: str | None, excluded: str | None) -> bool:
    if excluded and "members" in [name.strip().lower() for name in excluded.split(",")]:
        return False
    return not attributes or "members" in [name.strip().lower() for name in attributes.split(",")]


def _groups_list(request: HttpRequest, organisation: Organisation, query: _Query) -> HttpResponse:
    groups = selectors.scim_groups(
        organisation=organisation, comparisons=filter_parse(query.filter) if query.filter else []
    )
    total = groups.count()
    page = list(groups[query.start - 1 : query.start - 1 + query.count]) if query.count else []
    members = _members_wanted(query.attributes, query.excluded)
    resources = [
        attributes_select(
            _group(group, request, organisation, members=members), attributes=query.attributes, excluded=query.excluded
        )
        for group in page
    ]
    return _list(total, query.start, resources)


@scim_endpoint
def groups(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """List Groups (filter, startIndex, count) or create one."""
    _methods(request, "GET", "POST")
    if request.method == "POST":
        group = services.scim_group_create(organisation=organisation, resource=_body(request))
        resource = _group(group, request, organisation, members=True)
        return _answer(resource, status=201, location=resource["meta"]["location"])
    return _groups_list(request, organisation, _Query(request.GET))


@scim_endpoint
def groups_search(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Search Groups with a SearchRequest body."""
    _methods(request, "POST")
    body = _body(request)
    if not isinstance(body, dict):
        raise ScimError("Send a SearchRequest.", scim_type="invalidSyntax")
    return _groups_list(request, organisation, _Query(body))


@scim_endpoint
def group(request: HttpRequest, organisation: Organisation, group_id: str) -> HttpResponse:
    """Read, replace, patch or delete one Group."""
    _methods(request, "GET", "PUT", "PATCH", "DELETE")
    found = selectors.scim_group_get(organisation=organisation, group_id=group_id)
    if found is None:
        raise ScimError(f"There is no Group {group_id}.", status=404)
    if request.method == "DELETE":
        services.scim_group_delete(group=found)
        return _answer(None, status=204)
    if request.method == "PUT":
        services.scim_group_replace(organisation=organisation, group=found, resource=_body(request))
    elif request.method == "PATCH":
        services.scim_group_patch(
            organisation=organisation, group=found, body=_body(request), base=_base(request, organisation)
        )
    found = selectors.scim_group_get(organisation=organisation, group_id=group_id)
    assert found is not None
    attributes, excluded = request.GET.get("attributes"), request.GET.get("excludedAttributes")
    resource = _group(found, request, organisation, members=_members_wanted(attributes, excluded))
    return _answer(attributes_select(resource, attributes=attributes, excluded=excluded))


__all__ = ["SEARCH_SCHEMA"]
