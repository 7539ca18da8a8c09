"""Use cases of the care team: who is in a client's team, what each member may see of it, and
the coordination note the team shares."""

from crossroads.care_team.service.members import is_member

__all__ = ["is_member"]
