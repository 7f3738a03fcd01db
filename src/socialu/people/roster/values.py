"""Turn the text of one cell into the value SocialU stores, or say why it cannot."""

from __future__ import annotations

import re

from socialu.core.audiences import Audience
from socialu.people.models import UNIT_PATH_SEPARATOR, GenerationBand

EMAIL_PATTERN = re.compile(r"[^@\s\"(),:;<>\[\]\\]+@[^@\s\"(),:;<>\[\]\\]+\.[a-z0-9-]{2,63}")
# Accept ">", the single right-pointing angle quotation mark (U+203A), "/" and "|" between unit names.
UNIT_SEPARATORS = re.compile("\\s*[>\u203a/|]\\s*")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")

MAX_LENGTHS: dict[str, int] = {
    "employee_id": 64,
    "name": 200,
    "email": 254,
    "job_title": 200,
    "location": 200,
    "manager_employee_id": 64,
    "unit": 1000,
}
MAX_UNIT_NAME_LENGTH = 200

AUDIENCES: tuple[str, ...] = tuple(Audience.values)
AUDIENCE_SYNONYMS: dict[str, str] = {
    **{value: value for value in AUDIENCES},
    "leader": "leadership",
    "leaders": "leadership",
    "executive": "leadership",
    "executives": "leadership",
    "exec": "leadership",
    "board": "leadership",
    "seniorleadership": "leadership",
    "manager": "management",
    "managers": "management",
    "peoplemanager": "management",
    "practitioners": "practitioner",
    "socialmedia": "practitioner",
    "communicator": "practitioner",
    "it": "infrastructure",
    "security": "infrastructure",
    "infra": "infrastructure",
    "observers": "observer",
    "partner": "observer",
    "partners": "observer",
    "everyone": "observer",
    "employee": "observer",
    "staff": "observer",
}

GENERATION_SYNONYMS: dict[str, str] = {
    **{value: value for value in GenerationBand.values},
    **{_NOT_ALPHANUMERIC.sub("", label.lower()): value for value, label in GenerationBand.choices},
    "babyboomer": GenerationBand.BABY_BOOMER,
    "babyboomers": GenerationBand.BABY_BOOMER,
    "boomer": GenerationBand.BABY_BOOMER,
    "boomers": GenerationBand.BABY_BOOMER,
    "genx": GenerationBand.GEN_X,
    "generationx": GenerationBand.GEN_X,
    "x": GenerationBand.GEN_X,
    "millennial": GenerationBand.MILLENNIAL,
    "millennials": GenerationBand.MILLENNIAL,
    "geny": GenerationBand.MILLENNIAL,
    "generationy": GenerationBand.MILLENNIAL,
    "y": GenerationBand.MILLENNIAL,
    "genz": GenerationBand.GEN_Z,
    "generationz": GenerationBand.GEN_Z,
    "z": GenerationBand.GEN_Z,
}

EXTERNAL_VALUES: dict[str, bool] = {
    **dict.fromkeys(("", "no", "n", "false", "f", "0", "employee", "regular", "permanent", "internal"), False),
    **dict.fromkeys(("fulltime", "parttime", "regularemployee", "staff", "fixedterm"), False),
    **dict.fromkeys(("yes", "y", "true", "t", "1", "x", "external", "contractor", "contingentworker"), True),
    **dict.fromkeys(("contingent", "partner", "vendor", "consultant", "agency", "temp", "freelancer"), True),
}

ACTIVE_VALUES: dict[str, bool] = {
    **dict.fromkeys(("", "active", "yes", "y", "true", "t", "1", "current", "employed"), True),
    **dict.fromkeys(("leave", "onleave", "leaveofabsence", "paidleave", "unpaidleave", "suspended"), True),
    **dict.fromkeys(("inactive", "terminated", "no", "n", "false", "f", "0", "withdrawn", "retired"), False),
    **dict.fromkeys(("resigned", "left", "separated", "former", "deceased", "ended", "closed"), False),
}


def key(value: str) -> str:
    """Return *value* lowercased without spaces or punctuation, for matching words."""
    return _NOT_ALPHANUMERIC.sub("", value.lower())


def unit_names(value: str) -> list[str]:
    """Split a unit cell ("Sales > EMEA > UK") into its names, top first."""
    return [name for name in UNIT_SEPARATORS.split(value.strip()) if name]


def unit_path(names: list[str]) -> str:
    """Return the stored path of a unit from its names."""
    return UNIT_PATH_SEPARATOR.join(names)
