"""The demo's programme dashboard: the executive opens it and it counts the demo workforce."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_executive_sees_the_whole_workforce_on_the_dashboard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())
    demo = Organisation.objects.get(slug="demo")
    client = Client()
    client.force_login(User.objects.get(email="executive@demo.example"))

    response = client.get("/o/demo/dashboard/")

    assert response.status_code == 200
    active = Person.objects.filter(organisation=demo, is_active=True).count()
    assert response.context["dashboard"].headcount == active > 0
    assert "Programme dashboard" in response.content.decode()
