"""Each audience's learning path: the ordered required and elective courses."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.authoring.services.common import AuthoringError, move_item, renumber
from socialu.curriculum.models import Course, LearningPath, PathCourse
from socialu.curriculum.signals import paths_changed_announce

# --- Learning paths --------------------------------------------------------------------------


def path_create(*, organisation: Organisation, audience: str, title: str, description: str = "") -> LearningPath:
    """Create the learning path of an audience that has none."""
    if audience not in Audience.values:
        raise AuthoringError(f"Choose an audience: {', '.join(Audience.values)}.")
    if not title.strip():
        raise AuthoringError("Give the path a title.")
    if LearningPath.objects.filter(organisation=organisation, audience=audience).exists():
        raise AuthoringError(f"The {Audience(audience).label} audience already has a path: change that one.")
    return LearningPath.objects.create(
        organisation=organisation, audience=audience, title=title.strip(), description=description.strip()
    )


def _steps(path: LearningPath) -> list[PathCourse]:
    return list(PathCourse.objects.filter(path=path).order_by("position", "pk"))


def path_course_add(*, path: LearningPath, course_slug: str, required: bool) -> PathCourse:
    """Add a course at the end of a path; the learning app then enrols the audience (in the background)."""
    if not Course.objects.filter(organisation_id=path.organisation_id, slug=course_slug).exists():
        raise AuthoringError(f"There is no course “{course_slug}”.")
    with transaction.atomic():
        steps = _steps(path)
        if any(step.course_slug == course_slug for step in steps):
            raise AuthoringError("That course is already in this path.")
        next_position = PathCourse.objects.filter(path=path).aggregate(top=Max("position"))["top"] + 1 if steps else 0
        step = PathCourse.objects.create(
            organisation_id=path.organisation_id,
            path=path,
            course_slug=course_slug,
            required=required,
            position=next_position,
        )
        paths_changed_announce(organisation_id=path.organisation_id)
        return step


def path_course_remove(*, step: PathCourse) -> None:
    """Take a course out of a path; people who started or finished it keep their enrolment."""
    path = step.path
    with transaction.atomic():
        step.delete()
        renumber(_steps(path))
        paths_changed_announce(organisation_id=path.organisation_id)


def path_course_move(*, step: PathCourse, offset: int) -> None:
    """Move a course up or down in its path."""
    with transaction.atomic():
        move_item(_steps(step.path), step, offset)


def path_course_set_required(*, step: PathCourse, required: bool) -> PathCourse:
    """Make a course of a path required or elective (for people enrolled from now on)."""
    step.required = required
    step.save(update_fields=["required"])
    return step
