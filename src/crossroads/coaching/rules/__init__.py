"""The pure rules of coaching: goals and their steps, check-ins, GROW and experiments."""
