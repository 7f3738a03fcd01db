"""The policies SocialU ships with, as Markdown with YAML front matter."""
