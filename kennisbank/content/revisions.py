"""What changed between two revisions of a page, field by field and language by language, and
who made the revisions an editor did not see.

Compared by content: the rich-text editor gives every paragraph a fresh `data-block-key` and every
StreamField block a fresh `id` each time it saves, so those never count as a change. The approval
guard, the review mail (which language was edited) and the translator-file import use it."""

import json
import re

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.log_actions import registry as log_registry

from kennisbank.core.languages import localized

# The log action of a revision made by importing a translator file (registered in
# kennisbank/translators/wagtail_hooks.py): such a revision is never the editor's own work,
# even when the editor imported it.
IMPORT_ACTION = "kennisbank.import_translations"
BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def comparable(value):
    """A field's stored value without the keys the editor regenerates on each save."""
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if isinstance(value, str):
        return BLOCK_KEY.sub("", value).strip()
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items() if key != "id"}
    return value


def same_text(first, second):
    return comparable(first or "") == comparable(second or "")


def changed_fields(page, before, after):
    """(field, language) pairs whose text differs between two revisions' content dicts."""
    return [
        (field, code)
        for field in page.reader_fields()
        for code, _name in settings.LANGUAGES
        if not same_text(before.get(localized(field, code)), after.get(localized(field, code)))
    ]


def field_label(page, field, language):
    """ "Samenvatting (العربية)": a field as the editor knows it, in the language it holds."""
    return f"{capfirst(page._meta.get_field(field).verbose_name)} ({dict(settings.LANGUAGES)[language]})"


def edited_languages(revision):
    """The languages whose text this revision changes compared with the live page (or, for a page
    never published, with the revision before it): what the person who made it was editing, and so
    what a reviewer must read. Compared with the live version rather than the previous revision
    because an autosave just before "Submit" leaves the submitted revision equal to it."""
    page = revision.content_object.specific
    base = page.live_revision if page.live_revision_id != revision.pk else None
    base = base or page.revisions.filter(pk__lt=revision.pk).order_by("-pk").first()
    if base is None:
        return []
    changed = {code for _field, code in changed_fields(page, base.content, revision.content)}
    return [code for code, _name in settings.LANGUAGES if code in changed]


def unseen_revisions(page, user, loaded_id, loaded_created_at):
    """The revisions made since the editor loaded the form that are not their own autosaves:
    another person's, or an import's (a translator file, a command). The loaded revision itself
    counts when someone else's autosave overwrote it after it was loaded."""
    revisions = page.revisions.filter(pk__gte=loaded_id).select_related("user").order_by("pk")
    imports = set(
        log_registry.get_logs_for_instance(page).filter(action=IMPORT_ACTION, revision__in=revisions)
        .values_list("revision_id", flat=True)
    )
    unseen = []
    for revision in revisions:
        if revision.pk == int(loaded_id) and revision.created_at.isoformat() == loaded_created_at:
            continue
        if revision.user_id == user.pk and revision.pk not in imports:
            continue  # the editor's own autosave (or own save in another tab)
        unseen.append((revision, revision.pk in imports))
    return unseen


def who_changed(revision, imported):
    """One phrase naming who or what made a revision, for a message to an editor."""
    name = revision.user and (revision.user.get_full_name() or revision.user.get_username())
    if imported:
        return (_("%(name)s imported a translator file") % {"name": name} if name
                else _("a translator file was imported"))
    return _("%(name)s edited it") % {"name": name} if name else _("a command or an import changed it")
