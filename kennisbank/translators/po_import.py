"""Importing a translator file (kennisbank/translators/po_files.py describes the format).

Importing is all or nothing: a file for another language, a malformed file, a key that does
not exist, a page the user may not edit or a value that fails the page's validation is refused
before anything is written, with a message per problem in the user's language. Rich text goes
through the editor's own converter, so it keeps only what the field allows. An entry whose text
changed on the site after the file was exported is refused on its own and reported
(newer_changes.py). Each changed page gets a new revision and goes to the reviewers: a review
already under way is restarted with it, so an approval never publishes text nobody reviewed.
"""

import copy
import re
from dataclasses import dataclass

import polib
from bs4 import BeautifulSoup
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.blocks import ListBlock, RichTextBlock
from wagtail.fields import RichTextField
from wagtail.models import Page

from kennisbank.content.blocks import put_text, stream_texts
from kennisbank.content.revisions import IMPORT_ACTION, same_text
from kennisbank.core.languages import SOURCE_LANGUAGE, localized, target_languages

from .newer_changes import NewerChanges
from .po_files import (
    STREAM_FIELDS,
    TranslationFileError,
    entry_text,
    language_name,
    latest_versions,
    raw_stream,
    source_title,
    translatable_pages,
)

# A translation that is exactly this removes the text in that language (the site then shows the
# Dutch, marked): an empty msgstr means "not translated" and changes nothing.
REMOVE = "[delete]"
MAX_MESSAGES = 50
# Elements whose content is code or drawing, not text for a reader.
NOT_TEXT = ["script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"]


@dataclass
class Change:
    key: str
    page: Page
    field: str
    old: str
    new: str
    refused: str = ""  # why it was not imported (changed after the export: newer_changes.py)

    @property
    def changed(self):
        """Compared by content: rich text differs from the file only by `data-block-key`s."""
        return not self.refused and not same_text(self.old, self.new)


@dataclass
class Imported:
    """What an import did: every entry with a translation, and how many were left empty."""
    language: str
    changes: list
    left_empty: int

    @property
    def changed(self):
        return [change for change in self.changes if change.changed]

    @property
    def refused(self):
        return [change for change in self.changes if change.refused]

    @property
    def unchanged(self):
        return [change for change in self.changes if not change.refused and not change.changed]


def _parse(content):
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise TranslationFileError(
                _("This file is not saved as UTF-8 text. Save it as UTF-8 in your PO editor (Poedit "
                  "does so by default) and upload it again.")
            ) from error
    # polib reads a file from disk when its argument names one: a one-line upload must stay text.
    if "\n" not in content:
        content += "\n"
    try:
        return polib.pofile(content)
    except (OSError, ValueError) as error:
        line = re.search(r"line (\d+)", str(error))
        if line:
            message = _("This is not a readable PO file: line %(line)s is not valid PO syntax.") % {
                "line": line.group(1)}
        else:
            message = _("This is not a readable PO file.")
        raise TranslationFileError(message) from error


def _rich_text_features(page, field, language, path):
    """The editor features of the rich text at this place, or None when it is plain text."""
    model_field = page._meta.get_field(localized(field, language))
    if field not in STREAM_FIELDS:
        return (model_field.features or "default") if isinstance(model_field, RichTextField) else None
    index, child, *_item = path.split("/")
    source = raw_stream(getattr(page, localized(field, SOURCE_LANGUAGE)))
    block = model_field.stream_block.child_blocks[source[int(index)]["type"]].child_blocks[child]
    if isinstance(block, ListBlock):
        block = block.child_block
    return (block.features or "default") if isinstance(block, RichTextBlock) else None


def sanitised(html, features):
    """Rich text as the editor would store it: through the editor's own converter, so only what
    its features allow survives (no scripts, event handlers, frames, forms, styles, javascript:
    or data: links). The converter expects balanced tags, which BeautifulSoup makes first, and
    would keep the text inside elements that hold no reader's text (a script's code), which
    goes first too."""
    converter = get_rich_text_editor_widget(features=None if features == "default" else features).converter
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(NOT_TEXT):
        element.decompose()
    return converter.to_database_format(converter.from_database_format(str(soup)))


def _entry_key(entry):
    parts = (entry.msgctxt or "").split("/")
    try:
        return (int(parts[1]), parts[2], "/".join(parts[3:])) if parts[0] == "page" else None
    except (IndexError, ValueError):
        return None


def plan_import(content, expected_language=None, user=None, overwrite=False):
    """Check a PO file completely and return what importing it does (an Imported); nothing is
    written. Entries changed on the site since the export are refused unless `overwrite`."""
    po = _parse(content)
    language = po.metadata.get("Language", "").strip()
    if language not in target_languages():
        raise TranslationFileError(
            _("The file's header gives the language %(language)s; it must be one of %(choices)s.")
            % {"language": repr(language) if language else _("(none)"), "choices": ", ".join(target_languages())}
        )
    if expected_language and language != expected_language:
        raise TranslationFileError(
            _("This file is for %(file_language)s (%(file_code)s), not for %(chosen_language)s "
              "(%(chosen_code)s). Nothing was imported; choose the file's language or check its header.")
            % {"file_language": language_name(language), "file_code": language,
               "chosen_language": language_name(expected_language), "chosen_code": expected_language}
        )
    pages = latest_versions()
    editable = pages if user is None else {page.id for page in translatable_pages(user)}
    errors, changes, left_empty, newer = [], [], 0, NewerChanges(po)
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if not entry.msgstr.strip():
            left_empty += 1
            continue
        key = _entry_key(entry)
        page = pages.get(key[0]) if key else None
        field, path = key[1:] if key else ("", "")
        if page is None or field not in page.reader_fields() or (field in STREAM_FIELDS) != bool(path):
            errors.append(_("%(key)s: this key does not exist (unknown key).") % {"key": entry.msgctxt})
            continue
        if page.id not in editable:
            errors.append(_("%(key)s: you may not edit the page %(title)s.")
                          % {"key": entry.msgctxt, "title": source_title(page)})
            continue
        if field in STREAM_FIELDS:
            source_paths = dict(stream_texts(raw_stream(getattr(page, localized(field, SOURCE_LANGUAGE)))))
            if path not in source_paths:
                errors.append(_("%(key)s: this key does not exist (unknown key).") % {"key": entry.msgctxt})
                continue
        current = entry_text(page, field, path, language)
        new = "" if entry.msgstr.strip() == REMOVE else entry.msgstr
        if new and new != current and (features := _rich_text_features(page, field, language, path)):
            try:
                new = sanitised(new, features)
            except (AssertionError, ValueError):  # the converter's complaint about markup it cannot read
                errors.append(_("%(key)s: this text's markup cannot be read; check its tags.") % {"key": entry.msgctxt})
                continue
        change = Change(entry.msgctxt, page, field, current, new)
        if change.changed and not overwrite:
            change.refused = newer.refusal(
                entry.msgctxt, page, field, language,
                lambda version, field=field, path=path: entry_text(version, field, path, language))
        changes.append(change)
    if not errors:
        errors = _validate(language, changes, user)
    if errors:
        shown = errors[:MAX_MESSAGES]
        if len(errors) > MAX_MESSAGES:
            shown.append(_("… and %(count)s more problems.") % {"count": len(errors) - MAX_MESSAGES})
        raise TranslationFileError([_("Nothing was imported.")] + shown)
    return Imported(language, changes, left_empty)


def _by_page(changes):
    by_page = {}
    for change in changes:
        if change.changed:
            by_page.setdefault(change.page.id, []).append(change)
    return by_page


def _apply(draft, language, page_changes):
    """Write the changes into the page object (not saved)."""
    streams = {}
    for change in page_changes:
        if change.field in STREAM_FIELDS:
            streams.setdefault(change.field, {})[change.key.split("/", 3)[3]] = change.new
        else:
            setattr(draft, localized(change.field, language), change.new)
    for field, updates in streams.items():
        setattr(draft, localized(field, language), _apply_stream(draft, field, language, updates))


def _validate(language, changes, user):
    """Every change applied to a copy of its page and checked as the edit form would: messages
    name the entry (or, for a field the file does not touch, the page and the field)."""
    errors = []
    for page_changes in _by_page(changes).values():
        page = page_changes[0].page
        lock = page.get_lock()
        if user is not None and lock is not None and lock.for_user(user):
            errors.append(_("%(title)s: %(reason)s This file changes it, so it cannot be imported now.")
                          % {"title": source_title(page), "reason": strip_tags(lock.get_message(user))})
            continue
        draft = copy.deepcopy(page)
        _apply(draft, language, page_changes)
        try:
            draft.full_clean()
        except ValidationError as error:
            keys = {}
            for change in page_changes:
                keys.setdefault(localized(change.field, language), change.key)
            for name, messages in error.message_dict.items():
                where = keys.get(name) or f"{source_title(page)}: {_field_label(page, name)}"
                errors.extend(f"{where}: {message}" for message in messages)
    return errors


def _field_label(page, name):
    try:
        return str(page._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a form-wide error ("__all__")
        return name


def _apply_stream(page, field, language, updates):
    """The translated stream: the Dutch structure (audience, duration, image) with the
    translated texts already present and the file's; a part nobody translated stays empty, so
    the reader sees the Dutch part, marked as Dutch (kennisbank.content.blocks.fill_from_source)."""
    source = copy.deepcopy(raw_stream(getattr(page, localized(field, SOURCE_LANGUAGE))))
    existing = dict(stream_texts(raw_stream(getattr(page, localized(field, language)))))
    for path, _text in list(stream_texts(source)):
        index, part = path.split("/", 1)
        put_text(source[int(index)]["value"], part, updates.get(path, existing.get(path, "")))
    return source


@transaction.atomic
def import_po(content, user=None, expected_language=None, overwrite=False):
    """Apply a PO file: a new revision per changed page, sent to the reviewers (a review under
    way restarts with it). Returns the Imported: each entry, whether it changed or was refused."""
    imported = plan_import(content, expected_language, user, overwrite)
    for page_changes in _by_page(imported.changes).values():
        draft = page_changes[0].page
        _apply(draft, imported.language, page_changes)
        draft.save_revision(user=user, log_action=IMPORT_ACTION)
        submit_for_review(draft, user)
    return imported


def submit_for_review(page, user):
    """Send the page's latest revision to the reviewers' queue, as the editor's "Submit for
    review" does; a review under way is cancelled and started again on the new revision, as
    Wagtail's "Restart workflow" does."""
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
