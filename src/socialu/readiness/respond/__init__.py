"""The respondent's form at /r/<token>/: no sign-in, the emailed link identifies them."""
