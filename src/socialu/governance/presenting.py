"""Policies, coverage, accounts and problems as plain data, shown alike by the REST API and the CLI."""

from __future__ import annotations

from typing import Any

from socialu.governance.models import Policy, PolicyVersion, SocialAccount
from socialu.governance.policies.selectors import Coverage, CoverageCount, PolicyStatus
from socialu.governance.registry import selectors as registry_selectors
from socialu.people.models import Person


def _version(version: PolicyVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "number": version.number,
        "summary": version.summary,
        "effective_on": version.effective_on,
        "published_at": version.published_at,
        "requires_reacknowledgement": version.requires_reacknowledgement,
    }


def _my_status(status: PolicyStatus, person: Person | None) -> str:
    if person is None:
        return "not_linked"
    if status.current is None or not status.policy.acknowledgement_required:
        return "nothing_to_acknowledge"
    if not status.applies:
        return "not_applicable"
    return "pending" if status.pending else "acknowledged"


def policy_dict(status: PolicyStatus, person: Person | None, *, detail: bool = False) -> dict[str, Any]:
    """Return a policy as the API (and the CLI) show it."""
    target = status.to_acknowledge
    data: dict[str, Any] = {
        "slug": status.policy.slug,
        "title": status.policy.title,
        "acknowledgement_required": status.policy.acknowledgement_required,
        "audiences": status.policy.audiences,
        "current_version": _version(status.current),
        "version_to_acknowledge": target.number if target else None,
        "my_status": _my_status(status, person),
        "my_acknowledged_at": status.acknowledgement.acknowledged_at if status.acknowledgement else None,
    }
    if detail:
        data["body"] = status.current.body if status.current else ""
        data["versions"] = [_version(version) for version in status.versions]
    return data


def _count(count: CoverageCount) -> dict[str, Any]:
    return {
        "label": count.label,
        "people": count.people,
        "acknowledged": count.acknowledged,
        "pending": count.pending,
        "overdue": count.overdue,
        "percent": count.percent,
    }


def coverage_dict(policy: Policy, result: Coverage) -> dict[str, Any]:
    """Return a policy's coverage as the API (and the CLI) show it."""
    return {
        "policy": policy.slug,
        "version": result.version.number if result.version else None,
        "due_on": result.due_on,
        "total": _count(result.total),
        "by_unit": [_count(count) for count in result.by_unit],
        "by_audience": [_count(count) for count in result.by_audience],
    }


def _owner(person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {"id": person.pk, "employee_id": person.employee_id, "name": person.name, "is_active": person.is_active}


def account_dict(account: SocialAccount, *, show_credentials_reference: bool = True) -> dict[str, Any]:
    """Return an account as the API (and the CLI) show it; where the login is kept only for managers."""
    return {
        "id": account.pk,
        "platform": account.platform,
        "handle": account.handle,
        "url": account.url,
        "purpose": account.purpose,
        "audience": account.audience,
        "owner": _owner(account.owner),
        "backup_owner": _owner(account.backup_owner),
        "team_id": account.team_id,
        "team_path": account.team.path if account.team else None,
        "status": account.status,
        "last_reviewed_on": account.last_reviewed_on,
        "review_every_days": account.review_every_days,
        "review_due_on": registry_selectors.review_due_on(account),
        "credentials_reference": account.credentials_reference if show_credentials_reference else None,
        "notes": account.notes,
        "created_at": account.created_at,
        "updated_at": account.updated_at,
    }


def problem_dict(problem: registry_selectors.Problem) -> dict[str, Any]:
    """Return a registry problem as the API (and the CLI) show it."""
    return {
        "account_id": problem.account.pk,
        "account": str(problem.account),
        "kind": problem.kind,
        "severity": problem.severity,
        "message": problem.message,
        "who_should_act": problem.who_should_act,
    }
