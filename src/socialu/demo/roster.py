"""Generate the demo organisation's workforce as an HR-style roster file.

The demo goes through the same roster import as a real organisation does, so
what a newcomer sees is what their own import would produce.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kavya",
    "Liam",
    "Maya",
    "Nikolai",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aiden",
    "Bea",
    "Carlos",
    "Dana",
    "Emeka",
    "Fatima",
    "Gabriel",
    "Hana",
    "Ivan",
    "Jia",
    "Kofi",
    "Lena",
    "Mateo",
    "Noor",
    "Oscar",
    "Paula",
    "Rahul",
    "Sofia",
    "Tomas",
    "Uma",
    "Victor",
    "Wanjiru",
    "Yara",
    "Zain",
]
LAST_NAMES = [
    "Abara",
    "Becker",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fernandes",
    "Garcia",
    "Haddad",
    "Ibrahim",
    "Jensen",
    "Kowalski",
    "Laurent",
    "Mensah",
    "Nakamura",
    "Okafor",
    "Petrova",
    "Quintero",
    "Rossi",
    "Santos",
    "Tanaka",
    "Umarov",
    "Varga",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Andersen",
    "Brennan",
    "Chen",
    "Silva",
    "Eze",
    "Fischer",
    "Gupta",
    "Horvat",
    "Iyer",
    "Jovanovic",
    "Kim",
    "Lindqvist",
    "Moreau",
    "Novak",
    "O'Brien",
    "Patel",
    "Reyes",
    "Schmidt",
    "Taylor",
    "Usman",
    "Vogel",
    "Wright",
    "Yamamoto",
    "Zielinski",
]
LOCATIONS = ("London", "Austin", "Dublin", "Singapore", "Bengaluru", "São Paulo", "Frankfurt", "Toronto")

# division -> department -> teams, and the audience most of its people take.
UNIT_TREE: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "Executive Office": ("leadership", {"Board and Executive Team": ("Chief Executive's Office",)}),
    "Marketing and Communications": (
        "practitioner",
        {
            "Brand and Social": ("Social Media Centre of Excellence", "Content Studio", "Community Management"),
            "Corporate Communications": ("Media Relations", "Internal Communications"),
            "Product Marketing": ("Launches", "Analyst Relations"),
        },
    ),
    "Customer Experience": (
        "practitioner",
        {
            "Customer Support": ("Social Care", "Contact Centre Europe", "Contact Centre Americas"),
            "Customer Success": ("Enterprise Accounts", "Online Store Care"),
        },
    ),
    "Sales": (
        "observer",
        {
            "Enterprise Sales": ("EMEA Field Sales", "Americas Field Sales", "APAC Field Sales"),
            "Retail Sales": ("Flagship Stores", "Partner Channel"),
        },
    ),
    "Technology": (
        "infrastructure",
        {
            "IT and Security": ("Identity and Access", "Security Operations", "Workplace Technology"),
            "Engineering": ("Web Platform", "Data and Analytics", "Mobile Apps"),
        },
    ),
    "Operations": (
        "observer",
        {
            "Supply Chain": ("Logistics", "Sourcing"),
            "Finance": ("Financial Planning", "Accounts"),
            "People and Culture": ("Talent Acquisition", "Learning and Development", "HR Operations"),
            "Legal and Compliance": ("Legal", "Privacy Office"),
        },
    ),
}

# (email, name, job title, unit, audience) of the people who hold the demo logins.
DEMO_ACCOUNT_PEOPLE: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "admin@demo.example",
        "Morgan Ellis",
        "Social Media Programme Owner",
        "Marketing and Communications > Brand and Social > Social Media Centre of Excellence",
        "practitioner",
    ),
    (
        "facilitator@demo.example",
        "Priya Raman",
        "Learning Facilitator",
        "Operations > People and Culture > Learning and Development",
        "observer",
    ),
    (
        "mentor@demo.example",
        "Tomas Lindqvist",
        "Senior Community Manager",
        "Marketing and Communications > Brand and Social > Community Management",
        "practitioner",
    ),
    (
        "champion@demo.example",
        "Wanjiru Mensah",
        "Account Executive and Social Champion",
        "Sales > Enterprise Sales > EMEA Field Sales",
        "observer",
    ),
    ("executive@demo.example", "Helen Okafor", "Chief Marketing Officer", "Executive Office", "leadership"),
    (
        "learner@demo.example",
        "Sam Carter",
        "Customer Care Advisor",
        "Customer Experience > Customer Support > Social Care",
        "practitioner",
    ),
)

HEADERS = [
    "Employee ID",
    "Full Name",
    "Work Email",
    "Supervisory Organization",
    "Manager ID",
    "Business Title",
    "Work Location",
    "Audience",
    "Worker Type",
]


@dataclass
class _Row:
    employee_id: str
    name: str
    email: str
    unit: str
    manager_id: str
    title: str
    location: str
    audience: str
    worker_type: str = "Employee"

    def as_list(self) -> list[str]:
        return [
            self.employee_id,
            self.name,
            self.email,
            self.unit,
            self.manager_id,
            self.title,
            self.location,
            self.audience,
            self.worker_type,
        ]


def demo_rows(*, people: int, domain: str, seed: int = 2010) -> Iterator[list[str]]:
    """Yield about *people* roster rows with a believable hierarchy."""
    rng = random.Random(seed)
    used_emails: set[str] = set()
    counter = 0

    def new_person(unit: str, manager_id: str, title: str, audience: str, location: str | None = None) -> _Row:
        nonlocal counter
        counter += 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        base = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
        email = f"{base}@{domain}"
        suffix = 2
        while email in used_emails:
            email = f"{base}{suffix}@{domain}"
            suffix += 1
        used_emails.add(email)
        return _Row(
            employee_id=f"E{counter:05d}",
            name=f"{first} {last}",
            email=email,
            unit=unit,
            manager_id=manager_id,
            title=title,
            location=location or rng.choice(LOCATIONS),
            audience=audience,
        )

    ceo = new_person("Executive Office", "", "Chief Executive Officer", "leadership", "London")
    yield ceo.as_list()
    teams = [
        (division, department, team, audience)
        for division, (audience, departments) in UNIT_TREE.items()
        for department, team_names in departments.items()
        for team in team_names
    ]
    per_team = max(3, (people - 1 - len(UNIT_TREE) * 2) // len(teams))
    for division, (audience, departments) in UNIT_TREE.items():
        head = new_person(division, ceo.employee_id, f"Executive Vice President, {division}", "leadership")
        yield head.as_list()
        for department, team_names in departments.items():
            director = new_person(
                f"{division} > {department}", head.employee_id, f"Director, {department}", "management"
            )
            yield director.as_list()
            for team in team_names:
                path = f"{division} > {department} > {team}"
                lead = new_person(path, director.employee_id, f"{team} Lead", "management")
                yield lead.as_list()
                for _ in range(per_team - 1):
                    member = new_person(path, lead.employee_id, _title_for(team, rng), audience, lead.location)
                    yield member.as_list()
    # The people behind the demo logins, so each login has a place in the roster.
    for number, (email, name, title, unit, audience) in enumerate(DEMO_ACCOUNT_PEOPLE, start=1):
        yield [f"E9{number:04d}", name, email, unit, ceo.employee_id, title, "London", audience, "Employee"]
    # A few agency and partner staff who post for the organisation.
    for index in range(12):
        partner = new_person(
            "Marketing and Communications > Brand and Social > Content Studio",
            "",
            "Agency Social Producer",
            "observer",
        )
        partner.email = f"partner{index + 1}@agency.example"
        partner.worker_type = "Contingent Worker"
        yield partner.as_list()


def _title_for(team: str, rng: random.Random) -> str:
    level = rng.choice(("", "Senior ", "Associate "))
    if "Social" in team or "Community" in team or "Content" in team:
        return f"{level}Social Media Specialist"
    if "Care" in team or "Contact" in team:
        return f"{level}Customer Care Advisor"
    if "Sales" in team or "Stores" in team or "Channel" in team:
        return f"{level}Account Executive"
    if "Security" in team or "Identity" in team:
        return f"{level}Security Engineer"
    return f"{level}{team} Specialist".strip()


def write_demo_roster(path: Path, *, people: int, domain: str, seed: int = 2010) -> int:
    """Write the demo roster CSV to *path* and return the number of rows."""
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for row in demo_rows(people=people, domain=domain, seed=seed):
            writer.writerow(row)
            rows += 1
    return rows
