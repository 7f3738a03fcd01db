"""The API kit every router uses: the request context, the one error shape, pagination bounds.

An endpoint starts with ``context = api_context(request, org_slug, Capability.X)``
and then calls one service or selector. Services raise the domain errors of
:mod:`socialu.core.errors`; :func:`api_errors_install` maps each of them, and
everything django-ninja itself refuses (a body of the wrong shape, a missing
token), to one documented body::

    {"detail": "What went wrong and what to do.",
     "errors": [{"field": "email", "message": "…", "line": null}]}

:class:`SocialUApi` declares the answers every organisation-scoped operation can
give (401, 403, 404, 422) with that schema, so the OpenAPI document tells the
whole truth without each operation repeating them.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from socialu.core.errors import (
    ConflictError,
    DomainError,
    FieldProblem,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from socialu.core.permissions import Capability, scope_required
from socialu.core.roles import Role
from socialu.core.tenancy import OrgContext, org_context_for, require

if TYPE_CHECKING:
    from socialu.people.models import Person

# The largest offset a list accepts: past it a database cannot count, let alone page.
MAX_OFFSET = 1_000_000_000
# What a client may ask for as a page size; each list caps it at its own maximum.
MAX_LIMIT_ASKED = 1_000_000


class FieldErrorOut(Schema):
    field: str = Field(description="Where the problem is: a field name, a dotted path, or empty for the whole input.")
    message: str = Field(description="What is wrong and what to do.")
    line: int | None = Field(None, description="The line of an uploaded file or a list of rows, when there is one.")


class ErrorOut(Schema):
    """The body of every error answer."""

    detail: str = Field(description="What went wrong, in words a person can act on.")
    errors: list[FieldErrorOut] = Field(default_factory=list, description="One entry per field or row at fault.")


class PageQuery(Schema):
    """``limit`` and ``offset`` for a list; subclass to change the default page size."""

    limit: int = Field(100, ge=1, le=MAX_LIMIT_ASKED, description="Page size; each list caps it (see its description).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


# --- The request context -------------------------------------------------------------------

PersonResolver = Callable[..., Any]
_person_resolvers: list[PersonResolver] = []


def person_resolver_register(resolver: PersonResolver) -> None:
    """Let ``people`` say how to find the person linked to an account (called from its ``ready()``)."""
    _person_resolvers[:] = [resolver]


@dataclass(frozen=True)
class ApiContext(OrgContext):
    """Who is calling, in which organisation, with which roles; the linked roster person on demand."""

    member: Any = None

    @property
    def role(self) -> str:
        """Return the caller's most senior role in the organisation."""
        for role in Role:
            if role.value in self.roles:
                return str(role.value)
        return ""

    @functools.cached_property
    def person(self) -> Person | None:
        """Return the roster person linked to the caller's account, or None when there is none."""
        if not _person_resolvers:
            return None
        found: Person | None = _person_resolvers[0](organisation=self.organisation, user_id=self.user_id)
        return found


NOT_LINKED = (
    "Your account is not linked to a person in this organisation's roster{why}. Ask your programme admin to link it."
)


def linked_person(context: ApiContext, *, why: str = "") -> Person:
    """Return the caller's roster person, or raise a ConflictError (409) saying how to get linked."""
    person = context.person
    if person is None:
        raise ConflictError(NOT_LINKED.format(why=f", so {why}" if why else ""))
    return person


def _refuse_nul_in_query(request: HttpRequest) -> None:
    """Refuse a query parameter holding a NUL character: no text field can match it, and PostgreSQL refuses it."""
    problems = [
        FieldProblem(field=name, message="Remove the NUL character (\\0) from this value.")
        for name, values in request.GET.lists()
        if "\x00" in name or any("\x00" in value for value in values)
    ]
    if problems:
        raise InvalidInputError("A query parameter holds a NUL character.", details=problems)


@dataclass(frozen=True)
class TokenGrant:
    """What the API token behind a request allows: its organisation (None: any of its user's) and its scopes."""

    organisation_id: int | None
    scopes: frozenset[str]


TOKEN_GRANT_ATTRIBUTE = "socialu_token_grant"  # noqa: S105  # an attribute name, not a secret
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_grant(request: HttpRequest) -> TokenGrant | None:
    """Return the grant of the API token the request was authenticated with, or None for a browser session."""
    grant = getattr(request, TOKEN_GRANT_ATTRIBUTE, None)
    return grant if isinstance(grant, TokenGrant) else None


def api_context(request: HttpRequest, org_slug: str, capability: Capability) -> ApiContext:
    """Return the caller's context in *org_slug*: 404 if not a member there, 403 without *capability*.

    A token made for another organisation answers 404 here, as if the caller
    were not a member; a token without the scope the capability needs answers 403.
    """
    user = request.auth  # type: ignore[attr-defined]
    _refuse_nul_in_query(request)
    context = org_context_for(user=user, slug=org_slug)
    grant = token_grant(request)
    if grant is not None and grant.organisation_id not in {None, context.organisation.pk}:
        raise Http404("No such organisation.")
    api = ApiContext(
        organisation=context.organisation,
        user_id=context.user_id,
        roles=context.roles,
        token_scopes=grant.scopes if grant is not None else None,
        changes=request.method not in SAFE_METHODS,
        member=user,
    )
    require(api, capability)
    return api


# --- Errors ------------------------------------------------------------------------------------

ERROR_STATUS: dict[type[DomainError], int] = {
    InvalidInputError: 422,
    NotFoundError: 404,
    ConflictError: 409,
    PermissionDeniedError: 403,
}
STANDARD_ERROR_STATUSES = {
    401: "No credentials, or an unknown or revoked token.",
    403: "Your role in this organisation does not allow this.",
    404: "No such organisation (or you are not a member of it), or no such object in it.",
    422: "The input cannot be used; `errors` names each field at fault.",
}


def error_status(error: DomainError) -> int:
    """Return the HTTP status a domain error answers with (422 for one of no more precise kind)."""
    for kind in type(error).__mro__:
        if kind in ERROR_STATUS:
            return ERROR_STATUS[kind]
    return 422


def error_body(detail: str, problems: list[FieldProblem] | None = None) -> dict[str, Any]:
    """Return the one error body: the message and each problem with its field and line."""
    return {
        "detail": detail,
        "errors": [{"field": p.field, "message": p.message, "line": p.line} for p in problems or []],
    }


def _location(loc: Any) -> str:
    parts = [str(part) for part in loc if part not in {"body", "query", "path", "form", "file", "payload"}]
    return ".".join(parts)


def _validation_problems(errors: list[dict[str, Any]]) -> list[FieldProblem]:
    return [FieldProblem(field=_location(error.get("loc", ())), message=str(error.get("msg", ""))) for error in errors]


def api_errors_install(api: NinjaAPI) -> None:
    """Map every error to the one body; call once on the API that mounts the routers."""

    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return respond(request, error_body(exc.message, exc.details), error_status(exc))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, error_body(str(exc) or PermissionDeniedError.default_message), 403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, error_body(str(exc) or "There is no such thing here."), 404)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems = _validation_problems(exc.errors)
        summary = "; ".join(str(problem) for problem in problems[:5])
        return respond(request, error_body(f"The request is not valid: {summary}", problems), 422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = "Sign in, or send a valid token as `Authorization: Bearer <token>`."
        response = respond(request, error_body(detail), 401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, error_body(str(exc)), exc.status_code)


_CAPABILITY_NAMED = re.compile(r"Capability\.([A-Z_]+)")


def operation_capability(view: Callable[..., Any]) -> Capability | None:
    """Return the capability an operation asks ``api_context`` for, read from its source (None if it names none)."""
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return None
    found = _CAPABILITY_NAMED.search(source)
    return Capability[found.group(1)] if found and found.group(1) in Capability.__members__ else None


def _document_scope(operation: dict[str, Any], method: str, capability: Capability | None) -> None:
    """Name the token scope an operation needs in its ``security`` requirement and description."""
    if capability is None or not operation.get("security"):
        return
    scope = scope_required(capability, changes=method.upper() not in SAFE_METHODS)
    operation["x-socialu-scope"] = scope.value
    operation["security"] = [
        {name: [scope.value] if name == "ApiTokenAuth" else roles for name, roles in requirement.items()}
        for requirement in operation["security"]
    ]
    note = f"API token scope: `{scope.value}`."
    description = operation.get("description") or ""
    operation["description"] = f"{description}\n\n{note}".strip()


class SocialUApi(NinjaAPI):
    """The API with its error answers and token scopes declared on every operation of the OpenAPI document."""

    def get_openapi_operation_id(self, operation: Any) -> str:
        operation_id = super().get_openapi_operation_id(operation)
        self.__dict__.setdefault("_socialu_views", {})[operation_id] = operation.view_func
        return operation_id

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        views: dict[str, Callable[..., Any]] = self.__dict__.get("_socialu_views", {})
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        definition = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(definition.pop("$defs", {}))
        components["ErrorOut"] = definition
        reference = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                view = views.get(operation.get("operationId", ""))
                _document_scope(operation, method, operation_capability(view) if view else None)
                # django-ninja keys responses by int; a status declared twice (int and str) would be a
                # duplicate key in the JSON, which viewers refuse. Keep one key per status, as a string.
                responses = {str(status): answer for status, answer in operation.get("responses", {}).items()}
                operation["responses"] = responses
                statuses = dict(STANDARD_ERROR_STATUSES)
                if "security" in operation and operation["security"] == []:
                    statuses.pop(401)
                if "{org_slug}" not in path:
                    statuses.pop(403, None)
                if "requestBody" in operation:
                    statuses[400] = "The body cannot be read (not JSON, or not the multipart form the operation takes)."
                for status, description in statuses.items():
                    responses.setdefault(str(status), {"description": description, "content": reference})
        return schema
