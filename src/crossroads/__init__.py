"""Crossroads: find out whether therapy, coaching or both fits, then follow that path."""
