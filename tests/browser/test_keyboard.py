"""Keyboard only: from the home page through search to an attitude, never losing sight of focus."""

import pytest

from .conftest import ATTITUDE

pytestmark = pytest.mark.browser

MAX_TABS = 40

# What has focus, and whether a reader can see it: an outline that is drawn, or a box-shadow ring.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.innerText || el.value || "").trim().slice(0, 60),
    classes: el.className,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
    isFirstResult: el === document.querySelector(".search-result a"),
    inViewport: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def assert_focus_visible(info, where):
    assert info is not None, f"{where}: focus went to the document body"
    ring = info["outlineStyle"] != "none" and info["outlineWidth"] > 0
    shadow = info["boxShadow"] not in ("", "none")
    assert ring or shadow, f"{where}: focused <{info['tag']}> {info['text']!r} has no visible focus indicator: {info}"


def tab_until(page, predicate, where):
    """Press Tab until `predicate(focused element)` holds; check every stop has a visible focus."""
    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        info = focused(page)
        assert_focus_visible(info, where)
        visited.append(info["id"] or info["text"] or info["tag"])
        if predicate(info):
            return info
    pytest.fail(f"{where}: not reached in {MAX_TABS} tabs; focus went {visited}")


def test_search_and_open_an_attitude_with_the_keyboard_only(page):
    page.goto("/nl/")

    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["classes"], f"first Tab stop is {first}, not the skip link"
    assert first["text"] == "Naar de inhoud"
    assert first["inViewport"], "the skip link is focused but off screen"
    assert page.locator(".skip-link").is_visible()
    assert_focus_visible(first, "home, skip link")

    tab_until(page, lambda info: info["id"] == "search-q", "home page")
    page.keyboard.type("grenzen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/nl/zoeken/" in page.url and "q=grenzen" in page.url

    result = tab_until(page, lambda info: info["isFirstResult"], "search results")
    assert result["text"] == ATTITUDE["nl"], f"first result is {result['text']!r}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == ATTITUDE["nl"]
    assert page.locator(".example").count() >= 1


def test_skip_link_moves_focus_to_the_content(page):
    page.goto("/nl/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab stop is inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
