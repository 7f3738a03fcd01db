"""The authoring pages: courses, modules and lessons; the quiz builder and learning paths."""
