"""Forms for the people directory and the roster import pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from socialu.core.audiences import Audience
from socialu.people.models import Unit
from socialu.people.selectors import ActiveFilter, DirectoryFilters

ROSTER_EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx")
ENCODING_CHOICES = [
    ("", "Detect it"),
    ("utf-8", "UTF-8"),
    ("utf-16", "UTF-16"),
    ("cp1252", "Windows-1252 (Western European)"),
    ("iso-8859-1", "ISO-8859-1 (Latin-1)"),
    ("iso-8859-15", "ISO-8859-15 (Latin-9)"),
    ("cp1250", "Windows-1250 (Central European)"),
    ("cp1251", "Windows-1251 (Cyrillic)"),
    ("cp1253", "Windows-1253 (Greek)"),
    ("cp1254", "Windows-1254 (Turkish)"),
    ("cp1257", "Windows-1257 (Baltic)"),
    ("mac-roman", "Mac OS Roman"),
]


def encoding_field() -> forms.ChoiceField:
    """Return the field that overrides a CSV file's detected encoding."""
    return forms.ChoiceField(
        label="Text encoding (CSV only)",
        choices=ENCODING_CHOICES,
        required=False,
        help_text="Leave “Detect it” unless the check shows names with wrong letters.",
    )


IGNORE_COLUMN = "ignore"


class DirectoryFilterForm(forms.Form):
    """The directory's search box and filters, read from the query string."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Name, email or employee ID",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "placeholder": "Name, email or ID"}),
    )
    unit = forms.TypedChoiceField(label="Unit", required=False, coerce=int, empty_value=None)
    audience = forms.ChoiceField(label="Audience", required=False)
    location = forms.ChoiceField(label="Location", required=False)
    active = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[(ActiveFilter.ACTIVE, "Active"), (ActiveFilter.INACTIVE, "Inactive"), (ActiveFilter.ALL, "Everyone")],
    )

    def __init__(self, data: Any, *, units: Sequence[Unit], locations: Sequence[str]) -> None:
        super().__init__(data)
        unit_field: Any = self.fields["unit"]
        unit_field.choices = [("", "All units")] + [(unit.pk, "\u2003" * unit.depth + unit.name) for unit in units]
        audience_field: Any = self.fields["audience"]
        audience_field.choices = [("", "All audiences"), *Audience.choices]
        location_field: Any = self.fields["location"]
        location_field.choices = [("", "All locations")] + [(location, location) for location in locations]

    def filters(self) -> DirectoryFilters:
        """Return the filters chosen; an unknown value is ignored rather than refused."""
        self.is_valid()
        # Only the fields that passed validation are in cleaned_data.
        data = self.cleaned_data
        active = data.get("active") or ActiveFilter.ACTIVE
        return DirectoryFilters(
            search=(data.get("q") or "").strip(),
            unit_id=data.get("unit"),
            audience=data.get("audience") or "",
            location=data.get("location") or "",
            active=ActiveFilter(active),
        )


def parse_page(value: str | None) -> int:
    """Return the page number asked for, or 1 when it is missing or not a number."""
    try:
        return max(1, int(value or "1"))
    except ValueError:
        return 1


class RosterUploadForm(forms.Form):
    """Step one of an import: the file and the options."""

    file = forms.FileField(
        label="Roster file",
        help_text="A CSV, TSV or Excel (.xlsx) export from your HR system, with one row per person.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ROSTER_EXTENSIONS)}),
    )
    full_sync = forms.BooleanField(
        label="Full sync: deactivate active people who are not in this file",
        required=False,
        help_text="Use this when the file lists your whole workforce. People are deactivated, never deleted.",
    )
    encoding = encoding_field()

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self) -> UploadedFile[bytes]:
        uploaded: UploadedFile[bytes] = self.cleaned_data["file"]
        name = (uploaded.name or "").lower()
        if not name.endswith(ROSTER_EXTENSIONS):
            raise forms.ValidationError(
                "This file type is not supported. Save the roster as CSV (.csv), tab-separated (.tsv or .txt) "
                "or Excel (.xlsx) and upload it again."
            )
        if uploaded.size is not None and uploaded.size > self.max_bytes:
            raise forms.ValidationError(
                f"This file is {filesizeformat(uploaded.size)}; the largest file you can upload is "
                f"{filesizeformat(self.max_bytes)}. Split the roster into smaller files, or ask whoever runs "
                "SocialU to raise SOCIALU_MAX_UPLOAD_MB."
            )
        if not uploaded.size:
            raise forms.ValidationError("This file is empty. Export the roster again and upload the new file.")
        return uploaded


class RosterMappingForm(forms.Form):
    """Step two of an import: which person field each column of the file fills."""

    full_sync = forms.BooleanField(
        label="Full sync: deactivate active people who are not in this file",
        required=False,
    )
    encoding = encoding_field()

    def __init__(
        self,
        data: Any = None,
        *,
        headers: Sequence[str],
        suggested: dict[str, str],
        fields: Sequence[Any],
        full_sync: bool = False,
        encoding: str = "",
    ) -> None:
        super().__init__(data, initial={"full_sync": full_sync, "encoding": encoding})
        self.headers = list(headers)
        self.roster_fields = list(fields)
        choices = [(IGNORE_COLUMN, "Ignore this column")] + [
            (item.name, f"{item.label}{' (required)' if item.required else ''}") for item in fields
        ]
        for index, header in enumerate(self.headers):
            self.fields[self.column_name(index)] = forms.ChoiceField(
                label=header or f"Column {index + 1} (no header)",
                choices=choices,
                initial=suggested.get(header, IGNORE_COLUMN),
            )

    @staticmethod
    def column_name(index: int) -> str:
        return f"column_{index}"

    def column_fields(self) -> list[forms.BoundField]:
        return [self[self.column_name(index)] for index in range(len(self.headers))]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen: dict[str, list[str]] = {}
        for index, header in enumerate(self.headers):
            field = cleaned.get(self.column_name(index))
            if field and field != IGNORE_COLUMN:
                chosen.setdefault(field, []).append(header)
        for field, headers in chosen.items():
            if len(headers) > 1:
                label = self._label(field)
                self.add_error(
                    None,
                    f"{label} is chosen for more than one column ({', '.join(headers)}). "
                    "Choose it for one column and ignore the others.",
                )
        missing = []
        for item in self.roster_fields:
            if not item.required or item.name in chosen:
                continue
            if item.name == "name" and {"first_name", "last_name"} & chosen.keys():
                continue
            missing.append(item.label)
        if missing:
            self.add_error(
                None,
                f"Choose a column for: {', '.join(missing)}. "
                "Every person needs these; pick the column of the file that holds each one.",
            )
        return cleaned

    def mapping(self) -> dict[str, str]:
        """Return header -> field for every column, with ignored columns marked as such."""
        return {header: self.cleaned_data[self.column_name(index)] for index, header in enumerate(self.headers)}

    def _label(self, field: str) -> str:
        return next((item.label for item in self.roster_fields if item.name == field), field)
