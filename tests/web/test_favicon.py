"""The site's icon: linked from every page and served at /favicon.ico, where browsers and
crawlers look for it whatever a page links."""

from tests.conftest import FormClient


def test_every_page_links_the_icon(client: FormClient) -> None:
    page = client.get("/").text

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page


def test_favicon_ico_is_served_not_a_404(client: FormClient) -> None:
    asked = client.get("/favicon.ico", follow_redirects=False)
    icon = client.get("/favicon.ico")

    assert asked.status_code == 308
    assert asked.headers["location"] == "/static/favicon.svg"
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.lstrip().startswith("<svg")
