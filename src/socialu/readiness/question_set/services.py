"""Changes to an organisation's question set: its own questions and the weight of every question."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from socialu.core.models import Organisation
from socialu.readiness.models import Question
from socialu.readiness.questions import ORGANISATION_SPECIFIC, all_dimensions, default_questions
from socialu.readiness.services import ReadinessError

__all__ = [
    "MAX_WEIGHT",
    "MIN_WEIGHT",
    "clean_weight",
    "question_create",
    "question_restore",
    "question_retire",
    "question_update",
    "question_weights_set",
]

MIN_WEIGHT = Decimal("0.1")
MAX_WEIGHT = Decimal("10.0")
WEIGHT_MESSAGE = "Give a weight from 0.1 to 10, for example 2 to count a question twice as much as one weighing 1."


def clean_weight(value: object) -> Decimal:
    """Return *value* as a weight with one decimal place; raise ReadinessError when it is not 0.1–10."""
    try:
        weight = Decimal(str(value).strip()).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ReadinessError(WEIGHT_MESSAGE) from None
    if not weight.is_finite() or not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise ReadinessError(WEIGHT_MESSAGE)
    return weight


def _builtin_slugs() -> set[str]:
    return {q.slug for q in default_questions()[1]}


def _clean_text(
    *, title: str, prompt: str, descriptors: Mapping[int, str], dimension: str
) -> tuple[str, str, dict[int, str], str]:
    title, prompt = title.strip(), prompt.strip()
    if not title:
        raise ReadinessError("Give the question a short title, for example “Crisis readiness”.")
    if not prompt:
        raise ReadinessError(
            "Write the question respondents will answer, for example “Could we respond within an hour?”."
        )
    cleaned = {point: (descriptors.get(point) or "").strip() for point in (1, 3, 5)}
    if not all(cleaned.values()):
        raise ReadinessError("Describe what answers 1, 3 and 5 look like, so that people answer the same way.")
    dimension = dimension or ORGANISATION_SPECIFIC
    if dimension not in {d.slug for d in all_dimensions()}:
        choices = ", ".join(d.slug for d in all_dimensions())
        raise ReadinessError(f"Choose one of the dimensions: {choices}.")
    return title[:120], prompt[:400], cleaned, dimension


def _unique_slug(organisation: Organisation, title: str) -> str:
    base = slugify(title).replace("_", "-")[:50].strip("-") or "question"
    taken = set(Question.objects.filter(organisation=organisation).values_list("slug", flat=True)) | _builtin_slugs()
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


@transaction.atomic
def question_create(
    *,
    organisation: Organisation,
    title: str,
    prompt: str,
    descriptors: Mapping[int, str],
    dimension: str = ORGANISATION_SPECIFIC,
    weight: object = 1,
) -> Question:
    """Add one of the organisation's own questions; new assessments ask it after the ten."""
    title, prompt, cleaned, dimension = _clean_text(
        title=title, prompt=prompt, descriptors=descriptors, dimension=dimension
    )
    position = Question.objects.filter(organisation=organisation).aggregate(top=Max("position"))["top"] or 0
    return Question.objects.create(
        organisation=organisation,
        slug=_unique_slug(organisation, title),
        title=title,
        prompt=prompt,
        descriptor_1=cleaned[1],
        descriptor_3=cleaned[3],
        descriptor_5=cleaned[5],
        dimension=dimension,
        weight=clean_weight(weight),
        position=position + 1,
    )


@transaction.atomic
def question_update(
    *,
    question: Question,
    title: str,
    prompt: str,
    descriptors: Mapping[int, str],
    dimension: str,
    weight: object,
) -> Question:
    """Change one of the organisation's own questions; assessments already opened keep the old wording."""
    if question.builtin:
        raise ReadinessError("The ten built-in questions cannot be reworded; you can change their weight.")
    title, prompt, cleaned, dimension = _clean_text(
        title=title, prompt=prompt, descriptors=descriptors, dimension=dimension
    )
    question.title, question.prompt, question.dimension = title, prompt, dimension
    question.descriptor_1, question.descriptor_3, question.descriptor_5 = cleaned[1], cleaned[3], cleaned[5]
    question.weight = clean_weight(weight)
    question.save()
    return question


@transaction.atomic
def question_retire(*, question: Question) -> Question:
    """Stop asking one of the organisation's own questions in new assessments; old results keep it."""
    if question.builtin:
        raise ReadinessError("The ten built-in questions are always asked; lower a weight instead.")
    if question.retired_at is None:
        question.retired_at = timezone.now()
        question.save(update_fields=["retired_at"])
    return question


@transaction.atomic
def question_restore(*, question: Question) -> Question:
    """Ask a retired question again in new assessments."""
    question.retired_at = None
    question.save(update_fields=["retired_at"])
    return question


@transaction.atomic
def question_weights_set(*, organisation: Organisation, weights: Mapping[str, object]) -> int:
    """Set the weight of questions by slug (built-in or the organisation's own); return how many changed.

    Every weight is checked before any is saved, so a bad one changes nothing.
    """
    builtin = _builtin_slugs()
    own = {q.slug: q for q in Question.objects.filter(organisation=organisation, builtin=False)}
    cleaned: dict[str, Decimal] = {}
    for slug, value in weights.items():
        if slug not in builtin and slug not in own:
            raise ReadinessError(f"There is no question “{slug}” in this organisation's question set.")
        try:
            cleaned[slug] = clean_weight(value)
        except ReadinessError as error:
            raise ReadinessError(f"{slug}: {error}") from None
    changed = 0
    for slug, weight in cleaned.items():
        if slug in own:
            record = own[slug]
            if record.weight != weight:
                record.weight = weight
                record.save(update_fields=["weight"])
                changed += 1
            continue
        existing = Question.objects.filter(organisation=organisation, slug=slug, builtin=True).first()
        if existing is None:
            if weight != Decimal("1.0"):
                Question.objects.create(organisation=organisation, slug=slug, builtin=True, weight=weight)
                changed += 1
        elif existing.weight != weight:
            existing.weight = weight
            existing.save(update_fields=["weight"])
            changed += 1
    return changed
