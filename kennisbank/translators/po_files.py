"""Translator files: every reader-visible field of the knowledge base as a gettext PO file.

Translators work in PO editors (Poedit, Weblate, ...); wagtail-modeltranslation has no such
workflow. Each entry's msgctxt is its key: ``page/<id>/<field>`` for a plain field and
``page/<id>/<field>/<index>/<child>[/<item>]`` for the text inside an example or exercise (the
index of the block in the Dutch stream). msgid is the Dutch source, msgstr the translation.

Importing is all or nothing: a file for the wrong language, a malformed file or a key that
does not exist is refused before anything is written. Accepted entries are saved as a new
revision of each page, not published, so a moderator reviews them first.
"""

import copy
from dataclasses import dataclass

import polib
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from home.models import HomePage
from kennisbank.content.blocks import stream_texts
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage
from kennisbank.languages import SOURCE_LANGUAGE, target_languages

STREAM_FIELDS = ("examples", "exercises")


class TranslationFileError(Exception):
    """A PO file that cannot be imported; the message says why, in terms a translator knows."""


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



def translatable_pages():
    return Page.objects.type(HomePage, BlockPage, AttitudePage, ContentPage).order_by("path").specific()


def _raw(stream):
    return list(stream.raw_data) if stream else []


def _field_value(page, field, language):
    return getattr(page, f"{field}_{language}") or ""


def export_po(language):
    if language not in target_languages():
        raise TranslationFileError(
            f"Unknown target language {language!r}; choose one of {', '.join(target_languages())}."
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
    for page in translatable_pages():
        label = f"{page._meta.verbose_name}: {_field_value(page, 'title', SOURCE_LANGUAGE)}"
        for field in page.reader_fields():
            key = f"page/{page.id}/{field}"
            if field in STREAM_FIELDS:
                source = _raw(getattr(page, f"{field}_{SOURCE_LANGUAGE}"))
                target = dict(stream_texts(_raw(getattr(page, f"{field}_{language}"))))
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
    try:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        return polib.pofile(text)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise TranslationFileError(f"This is not a readable PO file: {error}") from error


def plan_import(content, expected_language=None):
    """Check a PO file completely and return the changes it would make (nothing is written)."""
    po = _parse(content)
    language = po.metadata.get("Language", "").strip()
    if language not in target_languages():
        raise TranslationFileError(
            f"The file is for language {language or '(none)'!r}; it must be one of "
            f"{', '.join(target_languages())}."
        )
    if expected_language and language != expected_language:
        raise TranslationFileError(
            f"The file is for language {language!r}, not {expected_language!r}."
        )
    pages = {page.id: page for page in translatable_pages()}
    errors, changes = [], []
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgstr.strip():
            continue
        parts = (entry.msgctxt or "").split("/")
        try:
            page = pages[int(parts[1])] if parts[0] == "page" else None
        except (IndexError, ValueError, KeyError):
            page = None
        field = parts[2] if len(parts) > 2 else ""
        if page is None or field not in page.reader_fields():
            errors.append(f"Unknown key {entry.msgctxt!r}.")
            continue
        if field in STREAM_FIELDS:
            source_paths = dict(stream_texts(_raw(getattr(page, f"{field}_{SOURCE_LANGUAGE}"))))
            path = "/".join(parts[3:])
            if path not in source_paths:
                errors.append(f"Unknown key {entry.msgctxt!r}.")
                continue
            current = dict(stream_texts(_raw(getattr(page, f"{field}_{language}")))).get(path, "")
        else:
            current = _field_value(page, field, language)
            if field == "slug" and slugify(entry.msgstr, allow_unicode=True) != entry.msgstr:
                errors.append(f"{entry.msgctxt}: {entry.msgstr!r} is not a valid slug.")
                continue
        changes.append(Change(entry.msgctxt, page, field, current, entry.msgstr))
    if errors:
        raise TranslationFileError("Nothing was imported. " + " ".join(errors[:20]))
    return language, changes


def _apply_stream(page, field, language, updates):
    """The translated stream: the Dutch structure (audience, duration) with translated text,
    keeping translations already present at the same place."""
    source = copy.deepcopy(_raw(getattr(page, f"{field}_{SOURCE_LANGUAGE}")))
    existing = dict(stream_texts(_raw(getattr(page, f"{field}_{language}"))))
    for path, _text in list(stream_texts(source)):
        text = updates.get(path, existing.get(path))
        if text is None:
            continue
        index, child, *item = path.split("/")
        value = source[int(index)]["value"]
        if item:
            entry = value[child][int(item[0])]
            if isinstance(entry, dict):
                entry["value"] = text
            else:
                value[child][int(item[0])] = text
        else:
            value[child] = text
    return source


@transaction.atomic
def import_po(content, user=None, expected_language=None):
    """Apply a PO file as new (unpublished) revisions; returns the list of changes."""
    language, changes = plan_import(content, expected_language)
    by_page = {}
    for change in changes:
        by_page.setdefault(change.page.id, []).append(change)
    for page_changes in by_page.values():
        live = page_changes[0].page
        if user is not None and not live.permissions_for_user(user).can_edit():
            raise TranslationFileError(f"You may not edit {live.title!r}; nothing was imported.")
    for page_changes in by_page.values():
        live = page_changes[0].page
        if not any(change.changed for change in page_changes):
            continue
        draft = live.get_latest_revision_as_object()
        streams = {}
        for change in page_changes:
            if change.field in STREAM_FIELDS:
                path = change.key.split("/", 3)[3]
                streams.setdefault(change.field, {})[path] = change.new
            else:
                setattr(draft, f"{change.field}_{language}", change.new)
        for field, updates in streams.items():
            setattr(draft, f"{field}_{language}", _apply_stream(live, field, language, updates))
        draft.save_revision(user=user, log_action=True)
    return changes
