"""Who does what on social media: the responsibilities (RACI) matrix."""
