"""Writing the curriculum in the browser: courses, modules, lessons, quizzes, publishing and paths.

The versioning rule: a draft is edited in place. A published course is never
changed; editing it starts a draft of the next version, a full copy (modules,
lessons, quiz, questions, choices and competencies) made through the same code
that imports course-as-code folders. Publishing the draft makes it the version
learners take and retires the version before it; the retired rows stay, so
lesson completions and quiz attempts keep pointing at the version taken.
"""

from socialu.curriculum.authoring.services.common import (
    RESERVED_COURSE_SLUGS,
    AuthoringError,
    ChoiceInput,
)
from socialu.curriculum.authoring.services.courses import (
    course_create,
    course_draft_discard,
    course_draft_start,
    course_publish,
    course_publish_problems,
    course_update,
    lesson_add,
    lesson_delete,
    lesson_move,
    lesson_update,
    module_add,
    module_delete,
    module_move,
    module_update,
    modules_reorder,
)
from socialu.curriculum.authoring.services.paths import (
    path_course_add,
    path_course_move,
    path_course_remove,
    path_course_set_required,
    path_create,
)
from socialu.curriculum.authoring.services.quizzes import (
    question_delete,
    question_move,
    question_problems,
    question_save,
    quiz_delete,
    quiz_update,
)

__all__ = [
    "RESERVED_COURSE_SLUGS",
    "AuthoringError",
    "ChoiceInput",
    "course_create",
    "course_draft_discard",
    "course_draft_start",
    "course_publish",
    "course_publish_problems",
    "course_update",
    "lesson_add",
    "lesson_delete",
    "lesson_move",
    "lesson_update",
    "module_add",
    "module_delete",
    "module_move",
    "module_update",
    "modules_reorder",
    "path_course_add",
    "path_course_move",
    "path_course_remove",
    "path_course_set_required",
    "path_create",
    "question_delete",
    "question_move",
    "question_problems",
    "question_save",
    "quiz_delete",
    "quiz_update",
]
