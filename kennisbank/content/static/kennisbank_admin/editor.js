// The page editor shows every language's fields at once (wagtail-modeltranslation). Each field
// gets its language's lang and dir, so Arabic is written right to left whatever the admin's own
// language, and spelling and screen readers use the right language (issue 16, bug 5). Fields
// added later (a new example, a Draftail editor starting up) are marked as they appear.
// A link ending in #language-ar (the Translations report) opens the editor with Arabic shown, and
// a field in error is shown whatever its language.
// A page locked for this user (under review for a Redacteur, locked by a colleague) shows its
// fields read-only: Wagtail only stops the mouse, so the keyboard could still type text that
// nothing can save (issue 27, item 9).
(function () {
  "use strict";
  var directions = JSON.parse(document.currentScript.dataset.languages);
  var pattern = new RegExp("_(" + Object.keys(directions).join("|") + ")(-|$)");

  function mark(element, code) {
    if (element.getAttribute("lang") !== code) {
      element.setAttribute("lang", code);
      element.setAttribute("dir", directions[code]);
    }
  }

  function markFields() {
    document.querySelectorAll("input[name], textarea[name]").forEach(function (field) {
      var match = pattern.exec(field.name);
      if (!match) {
        return;
      }
      if (field.type !== "hidden") {
        mark(field, match[1]);
      }
      // A rich-text field keeps its value in a hidden input beside the Draftail editor.
      var wrapper = field.closest(".w-field__input");
      if (wrapper) {
        wrapper.querySelectorAll(".Draftail-Editor, [contenteditable]").forEach(function (editor) {
          mark(editor, match[1]);
        });
      }
    });
  }

  var scheduled = false;
  function markSoon() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        markFields();
      });
    }
  }

  function showLanguage(code) {
    document.querySelectorAll("button.locale-toggle").forEach(function (toggle) {
      if (toggle.textContent.trim() === code && !toggle.classList.contains("showing-locale")) {
        toggle.click();
      }
    });
  }

  // The language the link asks for, and every language with a field in error (after a refused
  // save the toggles start at Dutch again, which hid the English slug's error).
  function showRequestedLanguages() {
    var requested = /^#language-([a-z-]+)$/.exec(window.location.hash);
    if (requested) {
      showLanguage(requested[1]);
    }
    document.querySelectorAll(".w-field .error-message").forEach(function (error) {
      var field = error.closest(".w-field").querySelector("input[name], textarea[name], select[name]");
      var match = field && pattern.exec(field.name);
      if (match) {
        showLanguage(match[1]);
      }
    });
  }

  function lockFields() {
    if (!document.body.classList.contains("content-locked")) {
      return;
    }
    document.querySelectorAll("#page-edit-form .w-panel__content").forEach(function (panel) {
      panel.inert = true;
      panel.style.opacity = "0.6";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    markFields();
    lockFields();
    new MutationObserver(markSoon).observe(document.body, { childList: true, subtree: true });
  });
  // After wagtail-modeltranslation has built its language toggles (on DOMContentLoaded).
  window.addEventListener("load", showRequestedLanguages);
})();
