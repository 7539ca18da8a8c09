"""The coaching pages: goals, GROW, experiments and a coach's input."""
