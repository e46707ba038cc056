"""Full-page screenshots on a phone-sized screen, Dutch and Arabic, kept in docs/screenshots/.

Besides writing the pictures (for people to look at), the Arabic pages are checked to really be
right-to-left: the document direction and the breadcrumbs, whose first item stands to the right.
"""

import struct
from pathlib import Path

import pytest

from .conftest import ATTITUDE, MOBILE, PROJECT
from .test_accessibility import assert_no_violations, url

pytestmark = pytest.mark.browser

SCREENSHOTS = PROJECT / "docs" / "screenshots"
CASES = [(language, kind) for language in ("nl", "ar") for kind in ("home", "block", "attitude")]


def png_size(path: Path):
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize(("language", "kind"), CASES, ids=[f"{lang}-{k}" for lang, k in CASES])
def test_mobile_screenshot(new_page, language, kind):
    page = new_page(language, viewport=MOBILE, device_scale_factor=1, is_mobile=True, has_touch=True)
    response = page.goto(url(kind, language))
    assert response.status == 200
    if kind == "attitude":
        assert page.locator("h1").inner_text() == ATTITUDE[language]
        assert page.locator(".example").count() >= 2

    # Nothing may stick out sideways on a phone (a horizontal scrollbar).
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {MOBILE['width']}px screen"

    if language == "ar":
        assert page.evaluate("document.documentElement.dir") == "rtl"
        if kind != "home":
            crumbs = page.locator(".breadcrumbs li")
            assert crumbs.count() >= 2
            first, second = crumbs.nth(0).bounding_box(), crumbs.nth(1).bounding_box()
            assert first["x"] > second["x"], f"breadcrumbs are not mirrored: {first} / {second}"
            assert first["x"] + first["width"] > second["x"] + second["width"]

    # The phone layout is a layout of its own (wrapping, tap targets): axe checks it too.
    assert_no_violations(page)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{language}-{kind}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    width, height = png_size(path)
    assert width == MOBILE["width"] and height >= MOBILE["height"] // 2, (width, height)
    assert path.stat().st_size > 10_000, f"{path} is only {path.stat().st_size} bytes"
