"""Forms of the knowledge-sharing pages: they read what was typed; the services decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms

from socialu.community.images import ImageUpload
from socialu.community.models import DigestFrequency
from socialu.community.services import PostContent
from socialu.community.tagging import PLATFORMS
from socialu.core.audiences import Audience

PLATFORM_CHOICES = [("", "Any or none"), *PLATFORMS.items()]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleImageField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class PostForm(forms.Form):
    """A tip, a question, an answer or a comment (which fields show depends on the page)."""

    title = forms.CharField(max_length=200, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), help_text="Markdown: **bold**, lists, links.")
    skills = forms.CharField(
        required=False, max_length=400, help_text="Skill short names separated by commas, e.g. writing-for-social."
    )
    platform = forms.ChoiceField(choices=PLATFORM_CHOICES, required=False)
    link = forms.CharField(required=False, max_length=500, help_text="A full address starting https://")
    images = MultipleImageField(
        required=False, help_text="PNG, JPEG, GIF or WebP, at most 2 MB each, up to 4.", label="Images"
    )
    image_description = forms.CharField(
        required=False, max_length=300, help_text="What the images show, for people who cannot see them."
    )
    anonymous = forms.BooleanField(
        required=False,
        label="Ask anonymously",
        help_text="Other learners will not see your name. Programme admins and facilitators still will.",
    )
    confirm_warning = forms.BooleanField(required=False, label="Publish even though the check warned")

    def content(self, files: list[Any]) -> PostContent:
        """Return what was typed and uploaded, for the services to check."""
        data = self.cleaned_data
        description = data.get("image_description", "")
        return PostContent(
            body=data["body"],
            title=data.get("title", ""),
            link=data.get("link", ""),
            platform=data.get("platform", ""),
            skills=[slug for slug in (data.get("skills") or "").split(",") if slug.strip()],
            images=[
                ImageUpload(name=file.name or "image", content=file.read(), alt_text=description) for file in files
            ],
        )


class GalleryForm(PostForm):
    why_it_works = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Why it works")
    audiences = forms.MultipleChoiceField(choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple)

    def content(self, files: list[Any]) -> PostContent:
        base = super().content(files)
        return PostContent(
            **{**base.__dict__, "why_it_works": self.cleaned_data["why_it_works"],
               "audiences": self.cleaned_data.get("audiences") or []}
        )  # fmt: skip


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=500, label="Search for")
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Everything"), ("tip", "Tips"), ("question", "Questions"), ("answer", "Answers"),
                 ("gallery", "Gallery")],
    )  # fmt: skip
    skill = forms.CharField(required=False, max_length=80)
    platform = forms.ChoiceField(choices=PLATFORM_CHOICES, required=False)
    audience = forms.ChoiceField(choices=[("", "Any"), *Audience.choices], required=False)
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))


class ReportForm(forms.Form):
    reason = forms.CharField(max_length=2000, label="What is wrong with it?")


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", "Hide"), ("restore", "Restore or keep"), ("edit", "Edit")])
    note = forms.CharField(max_length=2000, label="Note for the decision log")
    body = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="New words (for Edit)")


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(choices=DigestFrequency.choices, label="Email me a digest")
