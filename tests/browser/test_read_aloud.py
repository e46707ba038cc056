"""Read aloud in Chromium: the button reads the page's main text with the browser's own speech
synthesis, in the page's language, pauses and stops from the keyboard, and stays hidden where
the browser has no voice for that language.

Debian's headless Chromium has no voices, so besides the real (voiceless) browser the tests
inject a stand-in speechSynthesis before the page loads (page.add_init_script): it has the
voices a test gives it and records what it is asked to say.
"""

import json
import urllib.request
from urllib.parse import urlsplit

import pytest

from .conftest import ATTITUDE

pytestmark = pytest.mark.browser

STAND_IN = """
(() => {
  const voices = %s.map(lang => ({name: "Stand-in " + lang, lang, voiceURI: lang, localService: true}));
  const queue = [];
  window.__speech = {spoken: [], paused: false, cancelled: 0};
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.listeners = {}; }
    addEventListener(type, listener) { (this.listeners[type] = this.listeners[type] || []).push(listener); }
    fire(type) { (this.listeners[type] || []).forEach(listener => listener({type})); }
  };
  const synthesis = {
    getVoices: () => voices,
    speak(utterance) {
      const voice = utterance.voice && utterance.voice.name;
      window.__speech.spoken.push({text: utterance.text, lang: utterance.lang, voice});
      queue.push(utterance);
      if (queue.length === 1) utterance.fire("start");
    },
    pause() { window.__speech.paused = true; },
    resume() { window.__speech.paused = false; },
    cancel() { queue.length = 0; window.__speech.cancelled += 1; },
    addEventListener() {},
  };
  // The end of everything queued, as a real voice would reach it.
  window.__finishSpeaking = () => { while (queue.length) { const u = queue.shift(); u.fire("start"); u.fire("end"); } };
  Object.defineProperty(window, "speechSynthesis", {value: synthesis, configurable: true});
})();
"""


@pytest.fixture(scope="module")
def attitude_paths(site_url):
    """The attitude's path in each language, from the site's own API."""
    paths = {}
    for language, title in ATTITUDE.items():
        query = f"{site_url}/api/v2/pages/?type=kennisbank.AttitudePage&limit=50&lang={language}"
        with urllib.request.urlopen(query) as response:
            items = json.load(response)["items"]
        paths[language] = next(urlsplit(item["meta"]["html_url"]).path for item in items if item["title"] == title)
    return paths


def open_with_voices(new_page, language, voices, path):
    page = new_page(language)
    page.add_init_script(STAND_IN % json.dumps(voices))
    page.goto(path)
    return page


def test_hidden_in_a_browser_without_voices(new_page, attitude_paths):
    page = new_page("nl")
    page.goto(attitude_paths["nl"])
    assert page.evaluate("speechSynthesis.getVoices().length") == 0  # Debian's Chromium, as it is
    page.wait_for_load_state("load")
    assert page.locator("[data-read-aloud]").is_hidden()


@pytest.mark.parametrize("language, shown", [("nl", False), ("ar", False), ("en", True)])
def test_hidden_without_a_voice_for_the_pages_language(new_page, attitude_paths, language, shown):
    page = open_with_voices(new_page, language, ["en-GB"], attitude_paths[language])
    page.wait_for_load_state("load")
    assert page.locator("[data-read-aloud]").is_visible() is shown


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_the_button_reads_the_main_text_and_pauses_and_stops_from_the_keyboard(new_page, attitude_paths, language):
    page = open_with_voices(new_page, language, ["nl-NL", "ar-SA", "en-GB"], attitude_paths[language])
    button = page.locator("[data-read-aloud-play]")
    button.wait_for(state="visible")
    button.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__speech.spoken")
    texts = [item["text"] for item in spoken]
    main = page.locator("main")
    assert texts[0] == ATTITUDE[language]  # the title first
    assert main.locator(".summary").inner_text().strip() in texts
    # Every paragraph of the explanation, each on its own (it was read as one escaped string, or not at all).
    paragraphs = [" ".join(text.split()) for text in main.locator(".explanation p").all_inner_texts()]
    assert len(paragraphs) >= 3 and all(paragraph in texts for paragraph in paragraphs)
    first_step = " ".join(main.locator(".exercise .steps li").first.inner_text().split())
    assert first_step in texts
    assert {item["lang"] for item in spoken} == {language}
    assert {item["voice"] for item in spoken} == {f"Stand-in {'nl-NL' if language == 'nl' else 'ar-SA'}"}
    # Not the page's navigation, the feedback form, the review line or the reader's tools.
    everything = " ".join(texts)
    for skipped in (".feedback h2", ".review__dates", ".pager", ".sheet-link", ".breadcrumbs"):
        if page.locator(skipped).count():
            assert page.locator(skipped).first.inner_text().strip()[:30] not in everything, skipped
    assert page.locator(".read-aloud-current").count() == 1

    labels = {name: button.get_attribute(f"data-label-{name}") for name in ("play", "pause", "resume")}
    assert button.inner_text() == labels["pause"] and button.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__speech.paused") and button.inner_text() == labels["resume"]
    page.keyboard.press("Space")
    assert not page.evaluate("window.__speech.paused") and button.inner_text() == labels["pause"]
    page.keyboard.press("Tab")  # to Stop
    stop = page.locator("[data-read-aloud-stop]")
    assert stop.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__speech.cancelled") >= 2 and stop.is_hidden()
    assert button.inner_text() == labels["play"] and button.evaluate("el => el === document.activeElement")
    assert page.locator(".read-aloud-current").count() == 0


def test_reading_to_the_end_resets_the_button(new_page, attitude_paths):
    page = open_with_voices(new_page, "en", ["en-GB"], attitude_paths["en"])
    button = page.locator("[data-read-aloud-play]")
    button.click()
    page.evaluate("window.__finishSpeaking()")
    assert button.inner_text() == button.get_attribute("data-label-play")
    assert page.locator("[data-read-aloud-stop]").is_hidden()
