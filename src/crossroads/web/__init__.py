"""The ASGI application and what every page and API route shares (sign-in, CSRF, errors,
headers, charts, base templates, static files), with the pages not yet moved into a feature."""
