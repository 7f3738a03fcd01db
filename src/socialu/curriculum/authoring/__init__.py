"""Writing the curriculum in the browser: courses, modules, lessons, quizzes and learning paths."""
