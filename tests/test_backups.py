"""A backup restores (issue 28): `manage.py backup` (make backup) after editors' changes, then
`manage.py restore` (make restore) into a fresh database and an empty media folder, and the
restored site holds every page, revision, translation, image and feedback answer it had.

The site's databases are their own, on the suite's PostgreSQL server (DATABASE_URL's or the
embedded one), set up and changed through manage.py in other processes, as an editor's changes
in the admin would be.
"""

import json
import os
import tarfile
from pathlib import Path

import pytest

from .live_site import PROJECT, SiteError, drop_database, fresh_database_url, manage

pytestmark = pytest.mark.postgres

# What editors did before the backup: a translation published, a draft saved, an example with a
# picture, a document, readers' answers.
EDITS = """
import io
from django.core.files.images import ImageFile
from django.core.files.base import ContentFile
from PIL import Image as Picture
from wagtail.documents.models import Document
from wagtail.images.models import Image
from kennisbank.content.models import AttitudePage
from kennisbank.feedback.models import Feedback
from tests.factories import example

buffer = io.BytesIO()
Picture.new("RGB", (40, 30), "teal").save(buffer, "PNG")
image = Image.objects.create(title="Samen aan tafel", file=ImageFile(buffer, name="aan-tafel.png"))
Document.objects.create(title="Werkblad", file=ContentFile(b"%PDF-1.4 werkblad", name="werkblad.pdf"))
page = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
page.title_en = "Setting clear limits"
page.summary_ar = "حدود واضحة تمنح الطفل الأمان."
page.examples_nl = [("example", {**example("Met een plaatje"), "image": image})]
page.save_revision().publish()
draft = AttitudePage.objects.get(seed_key="2.3")
draft.title_nl = "Een titel die nog niet gepubliceerd is"
draft.save_revision()
for language, helpful, comment in (("nl", True, "Heel duidelijk."), ("ar", False, ""), ("en", True, "Thanks")):
    Feedback.objects.create(page=page, language=language, helpful=helpful, comment=comment)
"""

# Everything the test compares between the site and its restored copy.
SNAPSHOT = """
import hashlib, json
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision
from kennisbank.feedback.models import Feedback
from search.models import SearchEntry

def digest(field):
    with field.open() as f:
        return hashlib.sha256(f.read()).hexdigest()

print(json.dumps({
    "pages": [[p.id, p.live, p.title_nl, p.title_en, p.title_ar, p.url_path_nl, p.url_path_en, p.url_path_ar,
               getattr(p, "summary_ar", None), p.latest_revision_id, p.has_unpublished_changes]
              for p in Page.objects.specific().order_by("id")],
    "revisions": [[r.id, r.object_id, r.content] for r in Revision.objects.order_by("id")],
    "images": [[i.id, i.title, i.file.name, digest(i.file)] for i in Image.objects.order_by("id")],
    "documents": [[d.id, d.title, d.file.name, digest(d.file)] for d in Document.objects.order_by("id")],
    "feedback": list(Feedback.objects.order_by("id").values_list("page_id", "language", "helpful", "comment", "day")),
    "search": SearchEntry.objects.count(),
}, default=str))
"""


def site_env(tmp, name, database_url):
    media = tmp / f"media-{name}"
    media.mkdir()
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "DJANGO_SETTINGS_MODULE": "kennisbank.settings.test",
           "DATABASE_URL": database_url, "MEDIA_ROOT": str(media)}
    env.pop("BACKUP_DIR", None)
    return env


def snapshot(env):
    return json.loads(manage(env, "shell", "-c", SNAPSHOT).strip().splitlines()[-1])


@pytest.fixture
def databases(tmp_path):
    urls = [fresh_database_url(tmp_path, name) for name in ("backed_up", "restored", "refused")]
    yield urls
    for url in urls:
        drop_database(url)


def test_a_backup_taken_after_editors_changes_restores_every_page_revision_translation_image_and_answer(
        tmp_path, databases):
    site, restored, refused = (site_env(tmp_path, name, url)
                               for name, url in zip(("site", "restored", "refused"), databases, strict=True))
    for command in ("migrate --noinput -v0", "createcachetable", "load_bouwstenen", "rebuild_search_index"):
        manage(site, *command.split())
    manage(site, "shell", "-c", EDITS)
    before = snapshot(site)

    folder = tmp_path / "backups"
    folder.mkdir()
    for day in (1, 2, 3):  # older backups: --keep 2 leaves the newest of them and the new one
        (folder / f"kennisbank-2026-01-0{day}-020000.tar").write_bytes(b"")
    output = manage(site, "backup", "--output", str(folder), "--keep", "2")
    backup = Path(output.split()[1])
    assert sorted(path.name for path in folder.iterdir()) == ["kennisbank-2026-01-03-020000.tar", backup.name]
    with tarfile.open(backup) as archive:
        assert {"backup.json", "database.dump"} <= set(archive.getnames())
        assert len([name for name in archive.getnames() if name.startswith("media/")]) >= 2

    manage(restored, "restore", str(backup))
    after = snapshot(restored)
    assert after == before
    # What the comparison covers: the editors' changes are in it.
    edited = next(page for page in after["pages"] if page[2] == "Duidelijke grenzen stellen")
    assert (edited[3], edited[8]) == ("Setting clear limits", "حدود واضحة تمنح الطفل الأمان.")
    assert len([page for page in after["pages"] if page[10]]) == 1  # the draft: unpublished changes
    assert any("Een titel die nog niet gepubliceerd is" in json.dumps(revision[2], ensure_ascii=False)
               for revision in after["revisions"])
    assert len(after["images"]) == 1 and len(after["documents"]) == 1 and len(after["feedback"]) == 3

    # A second restore is refused: the database is no longer empty; so is a file that is no backup.
    with pytest.raises(SiteError, match=r"is not empty \(\d+ tables\): restore into an empty one"):
        manage(restored, "restore", str(backup))
    not_a_backup = folder / "kennisbank-2026-12-01-020000.tar"
    with tarfile.open(not_a_backup, "w") as archive:
        archive.add(PROJECT / "README.md", "README.md")
    with pytest.raises(SiteError, match="holds no database.dump: it is not a backup made by `make backup`"):
        manage(restored, "restore", str(not_a_backup))

    # A file whose name climbs out of the media folder is refused before anything is restored
    # (on every Python 3.11: 3.11.2 has no tarfile extraction filters).
    climbing = folder / "kennisbank-2026-12-02-020000.tar"
    with tarfile.open(backup) as source, tarfile.open(climbing, "w") as archive:
        archive.addfile(source.getmember("database.dump"), source.extractfile("database.dump"))
        archive.add(PROJECT / "README.md", "media/../climbed.md")
    refusal = r"'media/\.\./climbed\.md' in the backup is not a file inside .*: nothing was restored"
    with pytest.raises(SiteError, match=refusal):
        manage(refused, "restore", str(climbing))
    assert not (Path(refused["MEDIA_ROOT"]).parent / "climbed.md").exists()
    count = "from django.db import connection; print(len(connection.introspection.table_names()))"
    assert manage(refused, "shell", "-c", count).strip().splitlines()[-1] == "0"
