"""What is wrong with a content file: where (file, line, field) and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong in one file; ``line`` is 0 when the problem is the file as a whole."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentFileError(ValueError):
    """The file cannot be used; ``problems`` lists every reason, each with file, line and field."""

    def __init__(self, problems: Sequence[ContentProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
