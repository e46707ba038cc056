"""Translator files that cannot undo newer work.

An export names, per page, the revision it was read from (the header `X-Kennisbank-Revisions:
"12:345 13:350"`, page id : revision id; PO editors keep custom headers). On import, an entry
whose text someone changed after that revision (another translator's import, an editor's edit)
is refused, with who changed it, unless the translator ticks "Overwrite newer changes": uploading
an old file again must not silently put back old translations. A file without the header (an
export from before it existed) cannot be checked and imports as before."""

from django.utils.translation import gettext as _
from wagtail.log_actions import registry as log_registry

from kennisbank.content.revisions import IMPORT_ACTION, field_label, same_text, who_changed
from kennisbank.core.languages import SOURCE_LANGUAGE, localized

HEADER = "X-Kennisbank-Revisions"


def header_value(pages):
    """The header for these pages (objects with `id` and `latest_revision_id`)."""
    return " ".join(f"{page.id}:{page.latest_revision_id}" for page in pages if page.latest_revision_id)


def exported_revisions(po):
    """{page id: revision id} from a file's header."""
    found = {}
    for item in po.metadata.get(HEADER, "").split():
        page, _sep, revision = item.partition(":")
        if page.isdigit() and revision.isdigit():
            found[int(page)] = int(revision)
    return found


class NewerChanges:
    """For one import: each page's revisions from the exported one on, read once per page."""

    def __init__(self, po):
        self.exported = exported_revisions(po)
        self.histories = {}

    def history(self, page):
        """[(revision, page as that revision has it, made by an import)], oldest first; empty when
        the file does not say or the exported revision no longer exists."""
        if page.id not in self.histories:
            revisions = list(page.revisions.filter(pk__gte=self.exported.get(page.id, 0))
                             .select_related("user").order_by("pk")) if page.id in self.exported else []
            if revisions and revisions[0].pk != self.exported[page.id]:
                revisions = []
            imports = set(log_registry.get_logs_for_instance(page).filter(action=IMPORT_ACTION, revision__in=revisions)
                          .values_list("revision_id", flat=True)) if revisions else set()
            self.histories[page.id] = [(revision, revision.as_object(), revision.pk in imports)
                                       for revision in revisions]
        return self.histories[page.id]

    def refusal(self, key, page, field, language, read):
        """Why the entry `key` may not be imported (someone changed its text, as `read(page)` reads
        it, after the export), or "" when nobody did."""
        history = self.history(page)
        texts = [read(version) for _revision, version, _imported in history]
        changers = [
            who_changed(revision, imported)
            for (revision, _version, imported), before, after in zip(history[1:], texts, texts[1:], strict=False)
            if not same_text(before, after)
        ]
        if not changers:
            return ""
        return _("%(key)s (%(page)s, %(field)s): changed after this file was exported (%(who)s), so it was "
                 "not imported. Tick “Overwrite newer changes” to replace that text with the file's.") % {
            "key": key, "page": getattr(page, localized("title", SOURCE_LANGUAGE)),
            "field": field_label(page, field, language),
            "who": ", ".join(dict.fromkeys(changers)),
        }
