"""Background work for governance: the daily check of the social media account registry."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse

from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.governance.registry.selectors import Problem, registry_problems


def registry_summary(*, organisation: Organisation, problems: list[Problem]) -> str:
    """Return the plain-text email listing each problem and who should act."""
    link = settings.SITE_URL + reverse("account_registry", args=[organisation.slug])
    lines = [
        f"Hello,\n\n{len(problems)} thing(s) in {organisation.name}'s social media account registry "
        "need putting right:\n"
    ]
    for problem in problems:
        lines.append(f"- {problem.account}: {problem.message} Who should act: {problem.who_should_act}.")
    lines.append(f"\nOpen the registry here:\n{link}\n")
    return "\n".join(lines)


@task
def registry_check_run(organisation_id: int) -> int:
    """Check the registry and, when something needs attention, email the programme admins.

    Run it daily (for example from cron with ``socialu governance registry-check --org SLUG --email``).
    Return how many problems were found.
    """
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    problems = registry_problems(organisation=organisation)
    if not problems:
        return 0
    emails = sorted(
        set(
            RoleAssignment.objects.filter(organisation=organisation, role=Role.PROGRAMME_ADMIN, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if emails:
        subject = f"Social media accounts: {len(problems)} thing(s) to put right"
        send_mail(subject, registry_summary(organisation=organisation, problems=problems), None, emails)
    return len(problems)
