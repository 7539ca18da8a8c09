"""Coaching's use cases: goals and their parts, GROW conversations, a coach's input and check-in
reminders."""
