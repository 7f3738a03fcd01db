"""The roles a person can hold in an organisation."""

from django.db import models


class Role(models.TextChoices):
    PROGRAMME_ADMIN = "programme_admin", "Programme admin"
    FACILITATOR = "facilitator", "Facilitator"
    MENTOR = "mentor", "Mentor"
    CHAMPION = "champion", "Champion"
    EXECUTIVE_VIEWER = "executive_viewer", "Executive viewer"
    LEARNER = "learner", "Learner"
