"""Suggestions while typing follow the ARIA combobox pattern: a screen reader hears the list and
the highlighted option, and the keyboard alone can choose one."""

import pytest

pytestmark = pytest.mark.browser


def state(page):
    return page.evaluate("""() => {
      const input = document.getElementById("search-q");
      const active = input.getAttribute("aria-activedescendant");
      return {
        role: input.getAttribute("role"),
        expanded: input.getAttribute("aria-expanded"),
        controls: input.getAttribute("aria-controls"),
        active: active ? document.getElementById(active).textContent : null,
        selected: [...document.querySelectorAll('[role=option][aria-selected=true]')].map(o => o.textContent),
        options: [...document.querySelectorAll('#search-suggestions [role=option]')].map(o => o.textContent),
        listbox: document.getElementById(input.getAttribute("aria-controls")).getAttribute("role"),
        focusIsInput: document.activeElement === input,
        value: input.value,
      };
    }""")


def test_arrow_keys_escape_and_enter(page):
    page.goto("/nl/")
    page.locator("#search-q").fill("kind")
    page.wait_for_selector("#search-suggestions [role=option]")
    opened = state(page)
    assert (opened["role"], opened["expanded"], opened["listbox"]) == ("combobox", "true", "listbox")
    assert len(opened["options"]) >= 2 and opened["active"] is None
    first, second, last = opened["options"][0], opened["options"][1], opened["options"][-1]

    page.keyboard.press("ArrowDown")
    assert state(page)["active"] == first and state(page)["selected"] == [first]
    page.keyboard.press("ArrowDown")
    assert state(page)["active"] == second
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # past the first: round to the last
    assert state(page)["active"] == last
    assert state(page)["focusIsInput"]  # focus stays in the box; only the highlight moves

    page.keyboard.press("Escape")
    closed = state(page)
    assert (closed["expanded"], closed["active"], closed["value"]) == ("false", None, "kind")
    page.keyboard.press("Escape")
    assert state(page)["value"] == ""

    page.locator("#search-q").fill("kind")
    page.wait_for_selector("#search-suggestions [role=option]")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == first
