// "Read aloud": the browser's own speech synthesis reads the page's main text in the page's
// language. Nothing leaves the browser. Progressive enhancement: the controls stay hidden unless
// the browser has a voice for the page's language (kennisbank/jinja2/components/read_aloud.html).
(function () {
  "use strict";

  var controls = document.querySelector("[data-read-aloud]");
  var synth = window.speechSynthesis;
  if (!controls || !synth || !window.SpeechSynthesisUtterance) return;

  var main = document.querySelector("main");
  var playButton = controls.querySelector("[data-read-aloud-play]");
  var stopButton = controls.querySelector("[data-read-aloud-stop]");
  var pageLanguage = document.documentElement.lang;
  // What is read: text blocks in the main content, not its navigation, forms and notes.
  var TEXT = "h1, h2, h3, p, li, dt, dd";
  var SKIP = "nav, form, aside, [data-read-aloud], .eyebrow, .feedback, .notice, .source-note, .sheet-link";
  var state = "idle"; // idle | speaking | paused
  var current = null;

  function voiceFor(language) {
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().split(/[-_]/)[0] === language) return voices[i];
    }
    return null;
  }

  function showIfVoiced() {
    controls.hidden = !voiceFor(pageLanguage);
  }

  function textBlocks() {
    return Array.prototype.filter.call(main.querySelectorAll(TEXT), function (element) {
      return !element.closest(SKIP) && !element.querySelector(TEXT) && element.textContent.trim();
    });
  }

  function label(name) {
    playButton.textContent = playButton.getAttribute("data-label-" + name);
  }

  function mark(element) {
    if (current) current.classList.remove("read-aloud-current");
    current = element;
    if (current) current.classList.add("read-aloud-current");
  }

  function reset() {
    state = "idle";
    mark(null);
    label("play");
    var hadFocus = document.activeElement === stopButton;
    stopButton.hidden = true;
    if (hadFocus) playButton.focus();
  }

  function play() {
    synth.cancel();
    var blocks = textBlocks();
    blocks.forEach(function (element, index) {
      // Text that fell back to Dutch carries lang="nl": it is read with a Dutch voice.
      var language = (element.closest("[lang]") || document.documentElement).lang.split("-")[0];
      var utterance = new window.SpeechSynthesisUtterance(element.textContent.replace(/\s+/g, " ").trim());
      utterance.lang = language;
      utterance.voice = voiceFor(language) || voiceFor(pageLanguage);
      utterance.addEventListener("start", function () { mark(element); });
      if (index === blocks.length - 1) {
        utterance.addEventListener("end", reset);
      }
      synth.speak(utterance);
    });
    state = "speaking";
    label("pause");
    stopButton.hidden = false;
  }

  playButton.addEventListener("click", function () {
    if (state === "idle") {
      play();
    } else if (state === "speaking") {
      synth.pause();
      state = "paused";
      label("resume");
    } else {
      synth.resume();
      state = "speaking";
      label("pause");
    }
  });

  stopButton.addEventListener("click", function () {
    synth.cancel();
    reset();
  });

  // Leaving the page stops the voice, which would otherwise go on reading it.
  window.addEventListener("pagehide", function () { synth.cancel(); });

  showIfVoiced();
  // Chromium loads its voices after the page: check again when they arrive.
  if (synth.addEventListener) synth.addEventListener("voiceschanged", showIfVoiced);
})();
