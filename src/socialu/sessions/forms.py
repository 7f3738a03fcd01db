"""Forms for sessions: what an admin writes, and a person's calendar settings."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.people.selectors import people_in
from socialu.sessions.models import Session, SessionKind
from socialu.sessions.services import SessionDetails, time_zone_valid

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=LOCAL_INPUT)


class SessionForm(forms.Form):
    """A session as an admin writes it: times are wall-clock times in the session's own zone."""

    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=SessionKind.choices)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text="Markdown.")
    time_zone = forms.CharField(max_length=64, help_text="Where the session happens, e.g. Europe/London.")
    starts_at = forms.DateTimeField(label="Starts", widget=LocalDateTimeInput(), input_formats=[LOCAL_INPUT])
    ends_at = forms.DateTimeField(label="Ends", widget=LocalDateTimeInput(), input_formats=[LOCAL_INPUT])
    capacity = forms.IntegerField(min_value=1, max_value=100_000)
    location = forms.CharField(max_length=300, required=False)
    online_link = forms.URLField(required=False, help_text="Shown only to confirmed attendees.")
    audiences = forms.MultipleChoiceField(
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: everyone.",
    )
    registration_opens_at = forms.DateTimeField(
        label="Registration opens", required=False, widget=LocalDateTimeInput(), input_formats=[LOCAL_INPUT]
    )
    registration_closes_at = forms.DateTimeField(
        label="Registration closes", required=False, widget=LocalDateTimeInput(), input_formats=[LOCAL_INPUT]
    )
    requires_approval = forms.BooleanField(required=False, label="Needs the manager's approval")
    facilitator_emails = forms.CharField(
        required=False, label="Facilitators", help_text="Email addresses of people in the roster, separated by commas."
    )
    series_title = forms.CharField(max_length=200, required=False, label="Series", help_text="Dates of one session.")

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organisation = organisation

    @staticmethod
    def initial_for(session: Session) -> dict[str, object]:
        """Return the form's initial values for an existing session (times in its own zone)."""
        zone = ZoneInfo(session.time_zone)

        def local(moment: datetime | None) -> str:
            return moment.astimezone(zone).strftime(LOCAL_INPUT) if moment else ""

        return {
            "title": session.title,
            "kind": session.kind,
            "description": session.description,
            "time_zone": session.time_zone,
            "starts_at": local(session.starts_at),
            "ends_at": local(session.ends_at),
            "capacity": session.capacity,
            "location": session.location,
            "online_link": session.online_link,
            "audiences": session.audiences,
            "registration_opens_at": local(session.registration_opens_at),
            "registration_closes_at": local(session.registration_closes_at),
            "requires_approval": session.requires_approval,
            "facilitator_emails": ", ".join(person.email for person in session.facilitators.all()),
            "series_title": session.series.title if session.series else "",
        }

    def clean_time_zone(self) -> str:
        value = str(self.cleaned_data["time_zone"]).strip()
        if not time_zone_valid(value):
            raise forms.ValidationError("Choose a time zone such as Europe/London or America/New_York.")
        return value

    def clean_facilitator_emails(self) -> list[int]:
        emails = {
            part.strip().lower() for part in str(self.cleaned_data["facilitator_emails"]).split(",") if part.strip()
        }
        found = dict(
            people_in(organisation=self.organisation, active=True).filter(email__in=emails).values_list("email", "pk")
        )
        missing = sorted(emails - {email.lower() for email in found})
        if missing:
            raise forms.ValidationError(f"Nobody active in the roster has the address {', '.join(missing)}.")
        return sorted(found.values())

    def details(self) -> SessionDetails:
        """Return the cleaned form as the service's input (wall-clock times placed in the session's zone)."""
        data = self.cleaned_data
        zone = ZoneInfo(data["time_zone"])

        def aware(moment: datetime | None) -> datetime | None:
            return moment.replace(tzinfo=zone) if moment else None

        starts, ends = aware(data["starts_at"]), aware(data["ends_at"])
        assert starts is not None and ends is not None
        return SessionDetails(
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            time_zone=data["time_zone"],
            starts_at=starts,
            ends_at=ends,
            capacity=data["capacity"],
            location=data["location"],
            online_link=data["online_link"],
            audiences=tuple(data["audiences"]),
            registration_opens_at=aware(data["registration_opens_at"]),
            registration_closes_at=aware(data["registration_closes_at"]),
            requires_approval=data["requires_approval"],
            facilitator_ids=tuple(data["facilitator_emails"]),
            series_title=data["series_title"],
        )


class TimeZoneForm(forms.Form):
    """The time zone a person sees times in."""

    time_zone = forms.CharField(
        max_length=64, required=False, label="Your time zone", help_text="Empty: the organisation's."
    )


class FeedbackForm(forms.Form):
    """Two questions after a session."""

    rating = forms.TypedChoiceField(
        choices=[(5, "5 – excellent"), (4, "4"), (3, "3"), (2, "2"), (1, "1 – poor")],
        coerce=int,
        widget=forms.RadioSelect,
        label="How useful was the session?",
    )
    comments = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ConferenceForm(forms.Form):
    """An external conference or webinar someone attended."""

    name = forms.CharField(max_length=200)
    held_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    cost = forms.DecimalField(min_value=0, max_digits=10, decimal_places=2, initial=0, help_text="0 if free.")
    link = forms.URLField(required=False)
    takeaways = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="Markdown: what you learnt, to share."
    )
