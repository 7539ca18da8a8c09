"""What every page and API route shares (sign-in, CSRF, errors, headers, charts, base templates,
static files), and the pages that belong to no one feature: help now and the crisis pages, the
home page and the admin page. The application itself is put together in app.py."""
