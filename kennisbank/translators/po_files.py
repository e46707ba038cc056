"""Translator files: every reader-visible field of the knowledge base as a gettext PO file.

Translators work in PO editors (Poedit, Weblate, ...); wagtail-modeltranslation has no such
workflow. Each entry's msgctxt is its key: ``page/<id>/<field>`` for a plain field and
``page/<id>/<field>/<index>/<child>[/<item>]`` for the text inside an example or exercise (the
index of the block in the Dutch stream). msgid is the Dutch source, msgstr the translation.
Both read a page's latest revision, the text an editor sees in the admin.

Importing is all or nothing: a file for another language, a malformed file, a key that does
not exist, a page the user may not edit or a value that fails the page's validation is refused
before anything is written, with a message per problem in the user's language. Rich text goes
through the editor's own converter, so it keeps only what the field allows. Each changed page
gets a new revision and goes to the reviewers: a review already under way is restarted with it,
so an approval never publishes text nobody reviewed.
"""

import copy
import re
from dataclasses import dataclass

import polib
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.blocks import ListBlock, RichTextBlock
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.models import HomePage
from kennisbank.content.blocks import put_text, stream_texts
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage
from kennisbank.content.revisions import IMPORT_ACTION
from kennisbank.languages import SOURCE_LANGUAGE, localized, target_languages

STREAM_FIELDS = ("examples", "exercises")
MAX_MESSAGES = 50
# Elements whose content is code or drawing, not text for a reader.
NOT_TEXT = ["script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"]


class TranslationFileError(Exception):
    """A PO file that cannot be imported; `messages` says why, one line per problem, in terms a
    translator knows."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


@dataclass
class Change:
    key: str
    page: Page
    field: str
    old: str
    new: str

    @property
    def changed(self):
        return self.old != self.new


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


def translatable_pages(user=None):
    """The pages a translator file covers; for a user, only those they may edit."""
    pages = Page.objects.type(HomePage, BlockPage, AttitudePage, ContentPage).order_by("path")
    if user is not None:
        editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
        pages = pages.filter(pk__in=editable.values("pk"))
    return pages.specific()


def latest_versions(user=None):
    """Each page as its latest revision has it (what the editor sees), by id."""
    return {page.id: page.get_latest_revision_as_object() for page in translatable_pages(user)}


def _source_title(page):
    """Pages are named by their Dutch title, as in the Translations report."""
    return _field_value(page, "title", SOURCE_LANGUAGE)


def _raw(stream):
    return list(stream.raw_data) if stream else []


def _field_value(page, field, language):
    return getattr(page, localized(field, language)) or ""


def export_po(language, user=None):
    if language not in target_languages():
        raise TranslationFileError(
            _("Unknown target language %(language)r; choose one of %(choices)s.")
            % {"language": language, "choices": ", ".join(target_languages())}
        )
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Bouwstenen kennisbank",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": SOURCE_LANGUAGE,
    }
    for page in latest_versions(user).values():
        label = f"{page._meta.verbose_name}: {_field_value(page, 'title', SOURCE_LANGUAGE)}"
        for field in page.reader_fields():
            key = f"page/{page.id}/{field}"
            if field in STREAM_FIELDS:
                source = _raw(getattr(page, localized(field, SOURCE_LANGUAGE)))
                target = dict(stream_texts(_raw(getattr(page, localized(field, language)))))
                for path, text in stream_texts(source):
                    if text.strip():
                        po.append(polib.POEntry(msgctxt=f"{key}/{path}", msgid=text,
                                                msgstr=target.get(path, ""), comment=label))
                continue
            source = _field_value(page, field, SOURCE_LANGUAGE)
            if source.strip():
                po.append(polib.POEntry(msgctxt=key, msgid=source,
                                        msgstr=_field_value(page, field, language), comment=label))
    return po


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
    source = _raw(getattr(page, localized(field, SOURCE_LANGUAGE)))
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


def plan_import(content, expected_language=None, user=None):
    """Check a PO file completely and return (language, changes, pages); nothing is written."""
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
    errors, changes = [], []
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgstr.strip():
            continue
        key = _entry_key(entry)
        page = pages.get(key[0]) if key else None
        field, path = key[1:] if key else ("", "")
        if page is None or field not in page.reader_fields() or (field in STREAM_FIELDS) != bool(path):
            errors.append(_("%(key)s: this key does not exist (unknown key).") % {"key": entry.msgctxt})
            continue
        if page.id not in editable:
            errors.append(_("%(key)s: you may not edit the page %(title)s.")
                          % {"key": entry.msgctxt, "title": _source_title(page)})
            continue
        if field in STREAM_FIELDS:
            source_paths = dict(stream_texts(_raw(getattr(page, localized(field, SOURCE_LANGUAGE)))))
            if path not in source_paths:
                errors.append(_("%(key)s: this key does not exist (unknown key).") % {"key": entry.msgctxt})
                continue
            current = dict(stream_texts(_raw(getattr(page, localized(field, language))))).get(path, "")
        else:
            current = _field_value(page, field, language)
        new = entry.msgstr
        if new != current and (features := _rich_text_features(page, field, language, path)):
            try:
                new = sanitised(new, features)
            except (AssertionError, ValueError):  # the converter's complaint about markup it cannot read
                errors.append(_("%(key)s: this text's markup cannot be read; check its tags.") % {"key": entry.msgctxt})
                continue
        changes.append(Change(entry.msgctxt, page, field, current, new))
    if not errors:
        errors = _validate(language, changes, user)
    if errors:
        shown = errors[:MAX_MESSAGES]
        if len(errors) > MAX_MESSAGES:
            shown.append(_("… and %(count)s more problems.") % {"count": len(errors) - MAX_MESSAGES})
        raise TranslationFileError([_("Nothing was imported.")] + shown)
    return language, changes


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
                          % {"title": _source_title(page), "reason": strip_tags(lock.get_message(user))})
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
                where = keys.get(name) or f"{_source_title(page)}: {_field_label(page, name)}"
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
    source = copy.deepcopy(_raw(getattr(page, localized(field, SOURCE_LANGUAGE))))
    existing = dict(stream_texts(_raw(getattr(page, localized(field, language)))))
    for path, _text in list(stream_texts(source)):
        index, part = path.split("/", 1)
        put_text(source[int(index)]["value"], part, updates.get(path, existing.get(path, "")))
    return source


@transaction.atomic
def import_po(content, user=None, expected_language=None):
    """Apply a PO file: a new revision per changed page, sent to the reviewers (a review under
    way restarts with it). Returns the list of entries with whether each changed something."""
    language, changes = plan_import(content, expected_language, user)
    for page_changes in _by_page(changes).values():
        draft = page_changes[0].page
        _apply(draft, language, page_changes)
        draft.save_revision(user=user, log_action=IMPORT_ACTION)
        submit_for_review(draft, user)
    return changes


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
