"""Translator files: every reader-visible field of the knowledge base as a gettext PO file.

Translators work in PO editors (Poedit, Weblate, ...); wagtail-modeltranslation has no such
workflow. Each entry's msgctxt is its key: ``page/<id>/<field>`` for a plain field and
``page/<id>/<field>/<index>/<child>[/<item>]`` for the text inside an example or exercise (the
index of the block in the Dutch stream). msgid is the Dutch source, msgstr the translation.
Both read a page's latest revision, the text an editor sees in the admin.

Each export names the revision of each page it was read from (newer_changes.py); importing is
kennisbank/translators/po_import.py.
"""

import polib
from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.models import HomePage
from kennisbank.content.blocks import stream_texts
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage, SituationFinderPage
from kennisbank.core.languages import SOURCE_LANGUAGE, localized, target_languages

from .newer_changes import HEADER, header_value

STREAM_FIELDS = ("examples", "exercises", "themes")  # themes: the situation finder's


class TranslationFileError(Exception):
    """A PO file that cannot be imported; `messages` says why, one line per problem, in terms a
    translator knows."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


def translatable_pages(user=None):
    """The pages a translator file covers; for a user, only those they may edit."""
    pages = Page.objects.type(HomePage, BlockPage, AttitudePage, ContentPage, SituationFinderPage).order_by("path")
    if user is not None:
        editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
        pages = pages.filter(pk__in=editable.values("pk"))
    return pages.specific()


def latest_versions(user=None):
    """Each page as its latest revision has it (what the editor sees), by id."""
    return {page.id: page.get_latest_revision_as_object() for page in translatable_pages(user)}


def source_title(page):
    """Pages are named by their Dutch title, as in the Translations report."""
    return field_value(page, "title", SOURCE_LANGUAGE)


def raw_stream(stream):
    return list(stream.raw_data) if stream else []


def field_value(page, field, language):
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
        HEADER: header_value(translatable_pages(user)),
    }
    for page in latest_versions(user).values():
        label = f"{page._meta.verbose_name}: {field_value(page, 'title', SOURCE_LANGUAGE)}"
        for field in page.reader_fields():
            key = f"page/{page.id}/{field}"
            if field in STREAM_FIELDS:
                source = raw_stream(getattr(page, localized(field, SOURCE_LANGUAGE)))
                target = dict(stream_texts(raw_stream(getattr(page, localized(field, language)))))
                for path, text in stream_texts(source):
                    if text.strip():
                        po.append(polib.POEntry(msgctxt=f"{key}/{path}", msgid=text,
                                                msgstr=target.get(path, ""), comment=label))
                continue
            source = field_value(page, field, SOURCE_LANGUAGE)
            if source.strip():
                po.append(polib.POEntry(msgctxt=key, msgid=source,
                                        msgstr=field_value(page, field, language), comment=label))
    return po


def entry_text(page, field, path, language):
    """The text an entry stands for, in `language`: a field, or a part of an example or exercise."""
    if field in STREAM_FIELDS:
        return dict(stream_texts(raw_stream(getattr(page, localized(field, language))))).get(path, "")
    return field_value(page, field, language)
