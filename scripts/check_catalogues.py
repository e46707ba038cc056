"""Fail when a UI catalogue has an untranslated or fuzzy entry, or a stale .mo file.

CI runs this (make checks), so a new string without translations cannot land.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def problems():
    found = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        language = po_path.parts[-3]
        untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        if untranslated:
            found.append(f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[0]!r}")
        if fuzzy:
            found.append(f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[0]!r}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            found.append(f"{language}: {mo_path.name} missing (run msgfmt)")
            continue
        compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
                    for e in polib.mofile(str(mo_path))}
        for entry in po.translated_entries():
            got = compiled.get((entry.msgctxt, entry.msgid))
            if got is None or (got[0] or "") != (entry.msgstr or "") and not entry.msgid_plural:
                found.append(f"{language}: {mo_path.name} is stale at {entry.msgid!r}")
                break
        print(f"{language}: {len(po.translated_entries())} translated, "
              f"{len(fuzzy)} fuzzy, {len(untranslated)} untranslated")
    return found


if __name__ == "__main__":
    errors = problems()
    for error in errors:
        print(f"ERROR {error}", file=sys.stderr)
    sys.exit(1 if errors else 0)
