"""The ASGI application: server-rendered pages, the JSON API and static files."""
