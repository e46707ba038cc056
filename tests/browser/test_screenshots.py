"""Full-page screenshots of the home, block and attitude pages in Dutch, English and Arabic, on a
phone and on a wide screen, kept in docs/screenshots/ for people to look at.

A speed change once escaped the main text of every page while the suite passed and these very
screenshots showed the tags, so the test reads the page as the browser shows it: the main text
holds no markup and an attitude's explanation has its paragraphs. Arabic pages are checked to
really be right to left (the breadcrumbs' first item stands to the right).
"""

import struct
from pathlib import Path

import pytest

from .conftest import ATTITUDE, MOBILE, PROJECT
from .test_accessibility import assert_no_violations, url

pytestmark = pytest.mark.browser

SCREENSHOTS = PROJECT / "docs" / "screenshots"
SCREENS = {"phone": MOBILE, "wide": {"width": 1280, "height": 900}}
CASES = [(language, kind, screen) for language in ("nl", "en", "ar") for kind in ("home", "block", "attitude")
         for screen in SCREENS]
MARKUP_AS_TEXT = ("<p", "</", "<ul", "<li", "data-block-key", "&lt;", "&gt;")


def png_size(path: Path):
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize(("language", "kind", "screen"), CASES, ids=["-".join(case) for case in CASES])
def test_screenshot(new_page, language, kind, screen):
    phone = screen == "phone"
    page = new_page(language, viewport=SCREENS[screen], device_scale_factor=1, is_mobile=phone, has_touch=phone)
    response = page.goto(url(kind, language))
    assert response.status == 200

    main_text = page.locator("main").inner_text()
    shown = [markup for markup in MARKUP_AS_TEXT if markup in main_text]
    assert not shown, f"{page.url} shows markup as text: {shown}"
    if kind == "attitude":
        assert page.locator("h1").inner_text() == ATTITUDE[language]
        assert page.locator(".explanation p").count() >= 3
        assert page.locator(".example").count() >= 2

    # Nothing may stick out sideways (a horizontal scrollbar).
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {SCREENS[screen]['width']}px screen"

    if language == "ar":
        assert page.evaluate("document.documentElement.dir") == "rtl"
        if kind != "home":
            crumbs = page.locator(".breadcrumbs li")
            assert crumbs.count() >= 2
            first, second = crumbs.nth(0).bounding_box(), crumbs.nth(1).bounding_box()
            assert first["x"] > second["x"], f"breadcrumbs are not mirrored: {first} / {second}"

    if phone:
        # The phone layout is a layout of its own (wrapping, tap targets): axe checks it too;
        # tests/browser/test_accessibility.py checks the wide one.
        assert_no_violations(page)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{language}-{kind}-{screen}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    width, height = png_size(path)
    assert width == SCREENS[screen]["width"] and height >= SCREENS[screen]["height"] // 2, (width, height)
    assert path.stat().st_size > 10_000, f"{path} is only {path.stat().st_size} bytes"
