"""The feedback form in a real browser with JavaScript switched off, on a page the HTTP cache
may share: the answer goes through and ends on a thank-you page."""

import pytest

from .conftest import ATTITUDE

pytestmark = pytest.mark.browser


def test_answering_without_javascript(new_page):
    page = new_page("nl", java_script_enabled=False)
    page.goto("/nl/")
    page.get_by_role("link", name="Zelfstandig worden").first.click()
    response_holder = {}
    page.on("response", lambda response: response_holder.setdefault(response.url, response))
    page.get_by_role("link", name=ATTITUDE["nl"]).click()
    served = next(response for url, response in response_holder.items() if url == page.url)
    assert "s-maxage" in served.headers["cache-control"] and "set-cookie" not in served.headers

    page.get_by_label("Wil je de redactie nog iets laten weten? (niet verplicht)").fill("Duidelijk, dank je.")
    page.get_by_role("button", name="Ja, het hielp").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bedankt voor je antwoord"
    cookie = next(cookie for cookie in page.context.cookies() if cookie["name"] == "kennisbank_feedback")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    page.get_by_role("link", name=f"Terug naar de pagina: {ATTITUDE['nl']}").click()
    assert page.get_by_role("heading", level=1).inner_text() == ATTITUDE["nl"]
