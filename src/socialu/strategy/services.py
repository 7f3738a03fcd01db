"""Writes for strategy documents: generate a draft, and save sections, KPIs and assumptions as new versions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation
from socialu.readiness.models import Assessment
from socialu.strategy import generating, resourcing, selectors
from socialu.strategy.facts import Kpi, Section
from socialu.strategy.models import StrategyDocument, StrategyVersion

MAX_SECTION_CHARACTERS = 50_000
MAX_KPIS = 20
KPI_FIELDS = ("name", "baseline", "target", "cadence")
KPI_FIELD_LENGTH = 200


class StrategyError(InvalidInputError):
    """A strategy document cannot be changed as asked; the message says what to do."""


def _version_create(
    *,
    document: StrategyDocument,
    sections: Sequence[Section],
    kpis: Sequence[Kpi],
    resourcing_data: Mapping[str, Any],
    user: Any,
    note: str,
) -> StrategyVersion:
    latest = StrategyVersion.objects.filter(organisation_id=document.organisation_id, document=document).aggregate(
        latest=Max("number")
    )["latest"]
    return StrategyVersion.objects.create(
        organisation_id=document.organisation_id,
        document=document,
        number=(latest or 0) + 1,
        sections=list(sections),
        kpis=list(kpis),
        resourcing=dict(resourcing_data),
        saved_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
        saved_at=timezone.now(),
        note=note[:300],
    )


def _latest(document: StrategyDocument) -> StrategyVersion:
    """Lock the document (two people saving at once get consecutive numbers) and return its newest version."""
    StrategyDocument.objects.select_for_update().filter(pk=document.pk).first()
    version = selectors.version_get(document=document)
    if version is None:
        raise StrategyError("This document has no saved version. Generate a new document instead.")
    return version


def _assessment_check(organisation: Organisation, assessment: Assessment | None) -> None:
    if assessment is not None and assessment.organisation_id != organisation.pk:
        raise StrategyError("Choose one of this organisation's readiness assessments.")


@transaction.atomic
def strategy_generate(
    *,
    organisation: Organisation,
    user: Any = None,
    assessment: Assessment | None = None,
    title: str = "",
    cost_per_hour: Decimal | int | str = Decimal(0),
    currency: str = "EUR",
) -> StrategyDocument:
    """Create a document and write its first version from the assessment and the organisation's data."""
    _assessment_check(organisation, assessment)
    cost = _decimal(cost_per_hour, "The cost per hour")
    currency = _currency(currency)
    title = title.strip() or (
        f"Social media strategy, {timezone.localdate():%B %Y}"
        if assessment is None
        else f"Social media strategy from “{assessment.title}”"
    )
    document = StrategyDocument.objects.create(
        organisation=organisation,
        title=title[:200],
        assessment=assessment,
        cost_per_hour=cost,
        currency=currency,
        target_percent=organisation.trained_target_percent,
        created_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
    )
    facts, audiences = selectors.strategy_facts(
        organisation=organisation, assessment=assessment, assumptions=selectors.assumptions_of(document)
    )
    draft = generating.generate(facts)
    source = f" from “{assessment.title}”" if assessment is not None else ""
    _version_create(
        document=document,
        sections=draft.sections,
        kpis=draft.kpis,
        resourcing_data=resourcing.to_dict(facts.estimate, audiences),
        user=user,
        note=f"Generated{source}.",
    )
    return document


@transaction.atomic
def strategy_section_update(
    *,
    document: StrategyDocument,
    key: str,
    body: str,
    user: Any = None,
    note: str = "",
    base_version: int | None = None,
) -> StrategyVersion:
    """Save a new version in which section *key* reads *body*; every other section is carried over.

    *base_version* is the version the editor started from. If someone has since saved a different
    text for this same section, the save is refused rather than silently overwriting their words.
    """
    latest = _latest(document)
    sections: list[Section] = [dict(section) for section in latest.sections]  # type: ignore[misc]
    section = next((s for s in sections if s["key"] == key), None)
    if section is None:
        raise StrategyError("There is no such section in this document. Open the document and choose a section.")
    if base_version is not None and base_version != latest.number:
        _check_not_overwritten(document, section, base_version, latest)
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise StrategyError("Write something in this section before saving; an empty section cannot be saved.")
    if len(body) > MAX_SECTION_CHARACTERS:
        raise StrategyError(f"The section is too long: keep it under {MAX_SECTION_CHARACTERS:,} characters.")
    if body == section["body_markdown"].strip():
        raise StrategyError("Nothing has changed in this section, so there is nothing to save.")
    section["body_markdown"] = body
    return _version_create(
        document=document,
        sections=sections,
        kpis=latest.kpis,
        resourcing_data=latest.resourcing,
        user=user,
        note=note.strip() or f"Edited “{section['title']}”.",
    )


def _check_not_overwritten(
    document: StrategyDocument, section: Section, base_version: int, latest: StrategyVersion
) -> None:
    base = selectors.version_get(document=document, number=base_version)
    before = next((s["body_markdown"] for s in (base.sections if base else []) if s["key"] == section["key"]), None)
    if before != section["body_markdown"]:
        who = latest.saved_by.email if latest.saved_by else "Someone"
        raise StrategyError(
            f"{who} saved a newer text of this section (version {latest.number}) while you were editing. "
            "Copy your text, open the section again and merge the two."
        )


def kpis_clean(rows: Sequence[Mapping[str, Any]]) -> list[Kpi]:
    """Return the KPI rows with empty rows dropped; raise StrategyError naming the row that is incomplete."""
    kpis: list[Kpi] = []
    for position, row in enumerate(rows, start=1):
        values = {name: str(row.get(name) or "").strip() for name in KPI_FIELDS}
        if not any(values.values()):
            continue
        if not values["name"]:
            raise StrategyError(f"Row {position}: give the measure a name, or clear the whole row.")
        if any(len(value) > KPI_FIELD_LENGTH for value in values.values()):
            raise StrategyError(f"Row {position}: keep each cell under {KPI_FIELD_LENGTH} characters.")
        kpis.append(
            {
                "name": values["name"],
                "baseline": values["baseline"],
                "target": values["target"],
                "cadence": values["cadence"],
            }
        )
    if not kpis:
        raise StrategyError("Keep at least one measure: a strategy nobody measures cannot be reviewed.")
    if len(kpis) > MAX_KPIS:
        raise StrategyError(f"Keep to {MAX_KPIS} measures at most; fewer, well-chosen measures are easier to review.")
    return kpis


@transaction.atomic
def strategy_kpis_update(
    *, document: StrategyDocument, kpis: Sequence[Mapping[str, Any]], user: Any = None, note: str = ""
) -> StrategyVersion:
    """Save a new version with these KPIs (name, baseline, target and review cadence)."""
    latest = _latest(document)
    cleaned = kpis_clean(kpis)
    if cleaned == list(latest.kpis):
        raise StrategyError("The measures are unchanged, so there is nothing to save.")
    return _version_create(
        document=document,
        sections=latest.sections,
        kpis=cleaned,
        resourcing_data=latest.resourcing,
        user=user,
        note=note.strip() or "Measures updated.",
    )


def _decimal(value: Decimal | int | str, name: str, *, maximum: Decimal = Decimal("9999999")) -> Decimal:
    try:
        number = Decimal(str(value).strip() or "0")
    except InvalidOperation:
        raise StrategyError(f"{name} must be a number, such as 45 or 45.50.") from None
    if not number.is_finite() or number < 0 or number > maximum:
        raise StrategyError(f"{name} must be between 0 and {maximum:,}.")
    return number.quantize(Decimal("0.01"))


def _currency(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise StrategyError("The currency must be a three-letter code such as EUR, GBP or USD.")
    return code


@transaction.atomic
def strategy_assumptions_update(
    *,
    document: StrategyDocument,
    cost_per_hour: Decimal | int | str,
    currency: str,
    target_percent: int,
    session_hours: Decimal | int | str,
    group_size: int,
    coaching_hours_per_leader: Decimal | int | str,
    user: Any = None,
) -> tuple[StrategyVersion, bool]:
    """Store new assumptions and recompute the estimate from today's headcounts as a new version.

    Return the version and whether the business case text was rewritten: it is when nobody has
    edited it since it was generated; an edited text is kept as written.
    """
    latest = _latest(document)
    if not 1 <= int(target_percent) <= 100:
        raise StrategyError("The target share must be between 1 and 100 percent.")
    if int(group_size) < 1:
        raise StrategyError("A group has at least one learner.")
    document.cost_per_hour = _decimal(cost_per_hour, "The cost per hour")
    document.currency = _currency(currency)
    document.target_percent = int(target_percent)
    document.session_hours = _decimal(session_hours, "The hours per session", maximum=Decimal(100))
    document.group_size = int(group_size)
    document.coaching_hours_per_leader = _decimal(
        coaching_hours_per_leader, "The coaching hours per leader", maximum=Decimal(100)
    )
    document.save(
        update_fields=[
            "cost_per_hour",
            "currency",
            "target_percent",
            "session_hours",
            "group_size",
            "coaching_hours_per_leader",
        ]
    )
    organisation = document.organisation
    audiences = selectors.audience_inputs(organisation=organisation)
    estimate = resourcing.estimate(audiences, selectors.assumptions_of(document))
    previous_estimate, _ = resourcing.from_dict(latest.resourcing)
    untouched = generating.business_case_body(organisation.name, previous_estimate)
    sections: list[Section] = [dict(section) for section in latest.sections]  # type: ignore[misc]
    rewritten = False
    for section in sections:
        if section["key"] == "business-case" and section["body_markdown"].strip() == untouched.strip():
            section["body_markdown"] = generating.business_case_body(organisation.name, estimate)
            rewritten = True
    version = _version_create(
        document=document,
        sections=sections,
        kpis=latest.kpis,
        resourcing_data=resourcing.to_dict(estimate, audiences),
        user=user,
        note="Assumptions changed; resourcing recomputed.",
    )
    return version, rewritten
