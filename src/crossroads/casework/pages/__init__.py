"""The casework pages: clients, homework, referrals and the progress report."""
