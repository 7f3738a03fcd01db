"""The five audiences that decide which lens a learner gets."""

from django.db import models


class Audience(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership"
    MANAGEMENT = "management", "Management"
    PRACTITIONER = "practitioner", "Practitioner"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    OBSERVER = "observer", "Observer"


AUDIENCE_DESCRIPTIONS: dict[str, str] = {
    Audience.LEADERSHIP: "Board and senior leaders: vision, business impact and measurement.",
    Audience.MANAGEMENT: "People managers: accountability and leading a social team.",
    Audience.PRACTITIONER: "People who post, reply and publish for the organisation: rules of engagement and craft.",
    Audience.INFRASTRUCTURE: "IT, security and systems owners: access, security and tools.",
    Audience.OBSERVER: "Everyone else, partners included: why social media matters here.",
}
