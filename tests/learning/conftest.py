"""A small curriculum for learning tests: two courses, three paths, every kind of question."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialu.core.models import Organisation
from socialu.curriculum.models import Course, Lesson, Quiz
from socialu.curriculum.services import curriculum_import

MANIFEST = """\
schema: socialu-curriculum/1
title: Learning test curriculum
components:
{components}
competencies:
  - {{slug: disclosure, name: Disclosure, description: Says who they work for.}}
paths:
  observer:
    title: Why it matters
    courses:
      - {{course: basics, required: true}}
  practitioner:
    title: Posting for us
    courses:
      - {{course: basics, required: true}}
      - {{course: advanced, required: false}}
  leadership:
    title: Leading social
    courses:
      - {{course: advanced, required: true}}
"""

BASICS = """\
slug: basics
title: Basics
summary: The basics.
component: 4
audiences: [observer, practitioner]
level: awareness
version: 1
status: published
competencies: [disclosure]
modules:
  - slug: first
    title: First module
    lessons:
      - {slug: hello, title: Hello, file: lessons/hello.md, estimated_minutes: 5}
      - {slug: second, title: Second steps, file: lessons/second.md, estimated_minutes: 4}
quiz:
  title: Basics check
  pass_mark: 75
  attempts_allowed: 3
  shuffle: true
  questions:
    - id: pick-one
      kind: single
      prompt: Which is right?
      choices:
        - {text: This one, correct: true, feedback: Because it is.}
        - {text: That one, correct: false, feedback: Because it is not.}
    - id: pick-all
      kind: multiple
      prompt: Which are right?
      choices:
        - {text: Alpha, correct: true, feedback: Alpha is right.}
        - {text: Beta, correct: false, feedback: Beta is wrong.}
        - {text: Gamma, correct: true, feedback: Gamma is right.}
    - id: true-or-false
      kind: true_false
      prompt: Disclose who you work for.
      choices:
        - {text: "True", correct: true, feedback: Always disclose.}
        - {text: "False", correct: false, feedback: You must disclose.}
    - id: the-scenario
      kind: scenario
      situation: A customer complains loudly in public.
      prompt: What do you do first?
      choices:
        - {text: Argue back, correct: false, feedback: Never argue in public.}
        - {text: Acknowledge and move to a private channel, correct: true, feedback: Calm and private works.}
"""

ADVANCED = """\
slug: advanced
title: Advanced
summary: Going further.
component: 5
audiences: [practitioner, leadership]
level: practitioner
version: 1
status: published
competencies: [disclosure]
modules:
  - slug: only
    title: Only module
    lessons:
      - {slug: deeper, title: Deeper, file: lessons/deeper.md, estimated_minutes: 6}
"""

# Right answers to the basics quiz, by choice position.
ALL_RIGHT = {"pick-one": [0], "pick-all": [0, 2], "true-or-false": [0], "the-scenario": [1]}


def write_learning_curriculum(folder: Path) -> Path:
    components = "\n".join(
        f"  - {{number: {n}, slug: c{n}, title: Component {n}, summary: Summary {n}.}}" for n in range(1, 11)
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "curriculum.yaml").write_text(MANIFEST.format(components=components), encoding="utf-8")
    for slug, course, lessons in (("basics", BASICS, ("hello", "second")), ("advanced", ADVANCED, ("deeper",))):
        (folder / "courses" / slug / "lessons").mkdir(parents=True)
        (folder / "courses" / slug / "course.yaml").write_text(course, encoding="utf-8")
        for lesson in lessons:
            (folder / "courses" / slug / "lessons" / f"{lesson}.md").write_text(
                f"## {lesson.title()}\n\nSome **words** about {lesson}.\n", encoding="utf-8"
            )
    return folder


@pytest.fixture
def curriculum(organisation: Organisation, tmp_path: Path) -> Organisation:
    curriculum_import(organisation=organisation, folder=write_learning_curriculum(tmp_path / "curriculum"))
    return organisation


@pytest.fixture
def basics(curriculum: Organisation) -> Course:
    return Course.objects.get(organisation=curriculum, slug="basics")


@pytest.fixture
def basics_lessons(basics: Course) -> list[Lesson]:
    return list(Lesson.objects.filter(module__course=basics).order_by("module__position", "position"))


@pytest.fixture
def basics_quiz(basics: Course) -> Quiz:
    return Quiz.objects.get(course=basics)
