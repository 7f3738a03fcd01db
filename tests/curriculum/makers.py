"""Objects for the permission matrix and tenancy tests: a draft of the matrix's one-course curriculum.

``tests/core/test_permissions_matrix.py`` calls these through ``ARGUMENT_MAKERS``.
"""

from __future__ import annotations

from socialu.core.models import Organisation
from socialu.curriculum.authoring.services import course_draft_start
from socialu.curriculum.models import Course, Lesson, PathCourse, Question


def _draft(organisation: Organisation) -> Course:
    from tests.core.test_permissions_matrix import _curriculum

    slug, _ = _curriculum(organisation)
    return course_draft_start(organisation=organisation, slug=slug)


def module_id(organisation: Organisation) -> int:
    module = _draft(organisation).modules.order_by("pk").first()
    assert module is not None
    return module.pk


def lesson_id(organisation: Organisation) -> int:
    lesson = Lesson.objects.filter(module__course=_draft(organisation)).order_by("pk").first()
    assert lesson is not None
    return lesson.pk


def question_id(organisation: Organisation) -> int:
    question = Question.objects.filter(quiz__course=_draft(organisation)).order_by("pk").first()
    assert question is not None
    return question.pk


def audience(organisation: Organisation) -> str:
    from tests.core.test_permissions_matrix import _curriculum

    _curriculum(organisation)
    return "observer"


def step_id(organisation: Organisation) -> int:
    audience(organisation)
    step = PathCourse.objects.filter(organisation=organisation, path__audience="observer").order_by("pk").first()
    assert step is not None
    return step.pk
