"""The audit log: every change made by a programme admin, a facilitator, an API token or the command line.

Changes are captured where they happen — Django's ``pre_save``,
``post_save`` and ``post_delete`` signals — so no service has to remember to
log, and a new app's models are covered the day they are written. A change is
recorded when it is made inside an *audit context*:

* a web request (:class:`AuditMiddleware`): recorded when the signed-in user
  is a programme admin or facilitator of the organisation the changed row
  belongs to (a learner saving their own practice draft is not an admin
  action), or when the request authenticated with an API token;
* a ``socialu`` command typed by an operator (``cli.main``), apart from
  commands that only set the installation up (``migrate``, ``demo``…).

Each :class:`~socialu.core.models.AuditEntry` says who (user, roles, token),
when, how (browser, API, command line, request id, client address), what
(the object's type, id and name) and, for every field that changed, the value
before and after. Bulk writes (``bulk_create``, ``QuerySet.update``) bypass
model signals; the services that use them for admin actions (the roster
import) keep their own job records. Entries live in the organisation that owns
the changed row, inside the same transaction as the change.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest
from django.utils import timezone

from socialu.core.models import AuditAction, AuditEntry, AuditVia, RoleAssignment, TenantModel
from socialu.core.roles import Role

# Roles whose changes in the browser are recorded.
AUDITED_ROLES = frozenset({Role.PROGRAMME_ADMIN, Role.FACILITATOR})
# Rows that are bookkeeping, not decisions anyone made.
UNAUDITED_MODELS = frozenset(
    {
        "core.auditentry",
        "core.scheduledjobstate",
        "core.workerheartbeat",
        "dashboard.dashboardsnapshot",
        "sessions.session",
        "django_tasks_db.dbtaskresult",
        "account.emailaddress",
        "mfa.authenticator",
    }
)
# Fields that change on their own or must never be copied into a log.
UNAUDITED_FIELDS = frozenset(
    {
        "id",
        "organisation",
        "created_at",
        "updated_at",
        "password",
        "last_login",
        "token_hash",
        "roster_fingerprint",
        "rows_done",
        "rows_total",
        "last_used_at",
    }
)
VALUE_LIMIT = 500
# Commands that set an installation up or run its machinery; what they write is not an admin's decision.
UNAUDITED_COMMANDS = frozenset(
    {
        "migrate",
        "makemigrations",
        "collectstatic",
        "demo",
        "worker",
        "db_worker",
        "serve",
        "runserver",
        "jobs",
        "backup",
        "restore",
        "test",
        "check",
        "flush",
    }
)


@dataclass
class AuditContext:
    """Who is making changes right now, and through which door."""

    via: str
    request: HttpRequest | None = None
    command: str = ""
    suppressed: bool = False
    _roles: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)

    def user(self) -> Any:
        if self.request is None:
            return None
        user = getattr(self.request, "user", None)
        return user if user is not None and getattr(user, "is_authenticated", False) else None

    def api_token(self) -> str:
        return str(getattr(self.request, "socialu_api_token", "")) if self.request is not None else ""

    def roles_in(self, organisation_id: int) -> frozenset[str]:
        user = self.user()
        if user is None:
            return frozenset()
        key = (int(user.pk), organisation_id)
        if key not in self._roles:
            self._roles[key] = frozenset(
                RoleAssignment.objects.filter(user_id=user.pk, organisation_id=organisation_id).values_list(
                    "role", flat=True
                )
            )
        return self._roles[key]


_current: ContextVar[AuditContext | None] = ContextVar("socialu_audit_context", default=None)


def current_audit_context() -> AuditContext | None:
    """Return the audit context in force, if any."""
    return _current.get()


@contextlib.contextmanager
def audit_context(context: AuditContext) -> Iterator[AuditContext]:
    """Record the changes made inside this block as made by *context*."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


@contextlib.contextmanager
def audit_suppressed() -> Iterator[None]:
    """Record nothing inside this block (erasure writes its own entry without the personal data it removes)."""
    context = _current.get()
    if context is None:
        yield
        return
    previous = context.suppressed
    context.suppressed = True
    try:
        yield
    finally:
        context.suppressed = previous


def command_audit_context(command: str) -> AuditContext | None:
    """Return the context for an operator's ``socialu <command>``, or None for set-up commands."""
    if not command or command.startswith("-") or command in UNAUDITED_COMMANDS:
        return None
    return AuditContext(via=AuditVia.CLI, command=command)


class AuditMiddleware:
    """Put every request in an audit context (after authentication, so the user is known)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        with audit_context(AuditContext(via=AuditVia.WEB, request=request)):
            return self.get_response(request)


# --- Capturing changes ----------------------------------------------------------------------


def _label(instance: models.Model) -> str:
    return instance._meta.label_lower


def _audited_fields(instance: models.Model) -> list[models.Field[Any, Any]]:
    return [
        model_field
        for model_field in instance._meta.concrete_fields
        if model_field.name not in UNAUDITED_FIELDS
        and not getattr(model_field, "auto_now", False)
        and not getattr(model_field, "auto_now_add", False)
        and not model_field.primary_key
    ]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list | tuple):
        text = json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"


def _values(instance: models.Model) -> dict[str, Any]:
    return {
        model_field.name: _plain(getattr(instance, model_field.attname)) for model_field in _audited_fields(instance)
    }


def _organisation_id(instance: models.Model, context: AuditContext) -> int | None:
    if isinstance(instance, TenantModel):
        return int(instance.organisation_id)
    if context.request is not None:
        organisation = getattr(getattr(context.request, "org", None), "organisation", None)
        if organisation is not None:
            return int(organisation.pk)
    return None


def _recording(instance: models.Model) -> tuple[AuditContext, int, frozenset[str]] | None:
    """Return (context, organisation id, roles) when this change must be recorded, else None."""
    context = _current.get()
    if context is None or context.suppressed or _label(instance) in UNAUDITED_MODELS:
        return None
    organisation_id = _organisation_id(instance, context)
    if organisation_id is None:
        return None
    if context.via == AuditVia.CLI:
        return context, organisation_id, frozenset()
    roles = context.roles_in(organisation_id)
    if context.api_token() or roles & AUDITED_ROLES:
        return context, organisation_id, roles
    return None


def _entry_create(
    *,
    context: AuditContext | None,
    organisation_id: int,
    action: str,
    object_type: str,
    object_type_label: str,
    object_id: str,
    object_label: str,
    changes: dict[str, list[Any]],
) -> None:
    from socialu.core.proxies import client_address
    from socialu.core.requestlog import request_id

    user = context.user() if context is not None else None
    request = context.request if context is not None else None
    token = context.api_token() if context is not None else ""
    roles = context.roles_in(organisation_id) if context is not None else frozenset()
    if context is None:
        actor_label = "the scheduler"
    elif context.via == AuditVia.CLI:
        actor_label = f"command line: socialu {context.command}"
    else:
        actor_label = str(getattr(user, "email", "")) or "someone signed out"
    AuditEntry.objects.create(
        organisation_id=organisation_id,
        at=timezone.now(),
        actor=user,
        actor_label=actor_label[:254],
        actor_roles=",".join(sorted(roles))[:200],
        via=AuditVia.API if token else (context.via if context is not None else AuditVia.CLI),
        api_token=token[:120],
        request_id=request_id(request)[:64] if request is not None else "",
        client_address=client_address(request)[:64] if request is not None else "",
        action=action,
        object_type=object_type,
        object_type_label=object_type_label[:100],
        object_id=object_id[:64],
        object_label=object_label[:300],
        changes=changes,
    )


def _write(
    *, context: AuditContext, organisation_id: int, instance: models.Model, action: str, changes: dict[str, list[Any]]
) -> None:
    _entry_create(
        context=context,
        organisation_id=organisation_id,
        action=action,
        object_type=_label(instance),
        object_type_label=str(instance._meta.verbose_name),
        object_id=str(instance.pk),
        object_label=str(instance),
        changes=changes,
    )


def _before_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None or _recording(instance) is None:
        return
    names = [model_field.attname for model_field in _audited_fields(instance)]
    previous = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    if previous is not None:
        by_name = {model_field.attname: model_field.name for model_field in _audited_fields(instance)}
        instance._socialu_audit_before = {by_name[key]: _plain(value) for key, value in previous.items()}  # type: ignore[attr-defined]


def _after_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    recording = None if raw else _recording(instance)
    if recording is None:
        return
    context, organisation_id, _roles = recording
    after = _values(instance)
    before: dict[str, Any] | None = instance.__dict__.pop("_socialu_audit_before", None)
    if created or before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "", "[]", "{}")}
        action = AuditAction.CREATED
    else:
        changes = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
        action = AuditAction.UPDATED
        if not changes:
            return
    _write(context=context, organisation_id=organisation_id, instance=instance, action=action, changes=changes)


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    recording = _recording(instance)
    if recording is None:
        return
    context, organisation_id, _roles = recording
    changes = {name: [value, None] for name, value in _values(instance).items() if value not in (None, "")}
    _write(
        context=context, organisation_id=organisation_id, instance=instance, action=AuditAction.DELETED, changes=changes
    )


def audit_signals_connect() -> None:
    """Start capturing changes (called once from core's ``ready()``)."""
    pre_save.connect(_before_save, dispatch_uid="socialu-audit-before-save")
    post_save.connect(_after_save, dispatch_uid="socialu-audit-after-save")
    post_delete.connect(_after_delete, dispatch_uid="socialu-audit-after-delete")


def audit_entry_write(
    *,
    organisation_id: int,
    action: str,
    object_type: str,
    object_type_label: str,
    object_id: str,
    object_label: str,
    changes: dict[str, list[Any]] | None = None,
) -> None:
    """Record one entry by hand for the current context (where the signals stay quiet, as in erasure)."""
    _entry_create(
        context=_current.get(),
        organisation_id=organisation_id,
        action=action,
        object_type=object_type,
        object_type_label=object_type_label,
        object_id=object_id,
        object_label=object_label,
        changes=changes or {},
    )
