"""Content files (YAML or JSON written by people) read into typed models, with errors people can act on.

Pure Python: nothing here imports Django or the rest of SocialU, so any library
(the policy checker included) and any app can use it. A format is a pydantic
model (:class:`ContentModel`); reading a file gives the model or raises
:class:`ContentFileError`, whose problems each name the file, the line, the
field and what to do::

    class Scenario(ContentModel):
        slug: str = Field(pattern=SLUG, description="Use lower-case words joined by hyphens.")

    scenario = load(Scenario, path.read_bytes(), file="scenarios/troll.yaml")

Formats that need checks a model cannot express (a tree's nodes must connect,
answers must name known questions) load the document with
:func:`load_document`, which keeps the line of every mapping, key and list
item (:func:`line_of`), and report their own problems as :class:`ContentProblem`.
"""

from socialu.contentfiles.documents import LineList, LineMap, decode, line_of, load_document
from socialu.contentfiles.errors import ContentFileError, ContentProblem
from socialu.contentfiles.models import ContentModel, load, model_problems, validate

__all__ = [
    "ContentFileError",
    "ContentModel",
    "ContentProblem",
    "LineList",
    "LineMap",
    "decode",
    "line_of",
    "load",
    "load_document",
    "model_problems",
    "validate",
]
