"""The journal pages: entries, insights, exercises, and bringing a journal in or out."""
