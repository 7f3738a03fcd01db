"""Following learners: enrolments by hand, due dates, reminders and each learner's progress."""
