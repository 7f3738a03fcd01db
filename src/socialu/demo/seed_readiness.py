"""Demo readiness: a closed assessment answered by leaders and managers."""

from __future__ import annotations

from socialu.core.models import Organisation
from socialu.readiness import selectors as readiness_selectors
from socialu.readiness import services as readiness_services

# Typical answers (1–5) by audience: leaders are more confident than the managers
# who run the day-to-day, and the two disagree most about ownership and policy.
_DEMO_ANSWERS: dict[str, dict[str, int]] = {
    "leadership": {
        "goals": 4, "trust": 4, "platform-fit": 3, "culture": 4, "integration": 3,
        "policy": 4, "purpose": 3, "ownership": 4, "capacity": 3, "training": 2,
    },
    "management": {
        "goals": 3, "trust": 3, "platform-fit": 3, "culture": 2, "integration": 2,
        "policy": 2, "purpose": 2, "ownership": 2, "capacity": 2, "training": 1,
    },
}  # fmt: skip
DEMO_ASSESSMENT_TITLE = "Readiness check, autumn 2026"


def _readiness_assessment(organisation: Organisation) -> None:
    """Run (once) a closed readiness assessment answered by leaders and managers."""
    if readiness_selectors.assessments_list(organisation=organisation).filter(title=DEMO_ASSESSMENT_TITLE).exists():
        return
    assessment = readiness_services.assessment_create(organisation=organisation, title=DEMO_ASSESSMENT_TITLE)
    readiness_services.respondents_add(assessment=assessment)
    readiness_services.assessment_open(assessment=assessment, send_invitations=False)
    for index, respondent in enumerate(readiness_selectors.respondents_of(assessment=assessment)):
        if index % 5 == 4:
            continue  # one in five never answered
        typical = _DEMO_ANSWERS.get(respondent.person.audience, _DEMO_ANSWERS["management"])
        for question, value in typical.items():
            nudged = min(5, max(1, value + (index % 3) - 1))
            readiness_services.answer_save(respondent=respondent, question=question, value=nudged)
        readiness_services.respondent_submit(respondent=respondent)
    readiness_services.assessment_close(assessment=assessment)


def seed(organisation: Organisation) -> None:
    """Seed the demo organisation's readiness assessments."""
    _readiness_assessment(organisation)
