"""Uploads an editor could be tricked into, or a compromised account could use (issue 15, item
10): a 50 MB PDF, a 120-megapixel PNG of a few KB, and a PDF with a script, which must never run
with the site's origin."""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

SCRIPTED_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj
2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj
3 0 obj << /S /JavaScript /JS (app.alert\\(document.cookie\\)) >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


@pytest.fixture
def editor(client, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    return client


def big_pdf(megabytes):
    return SCRIPTED_PDF + b"%" + b"0" * (megabytes * 1024 * 1024)


def huge_png(width=12_000, height=10_000):
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def test_a_50_mb_pdf_is_refused_with_the_limit_named(editor):
    upload = SimpleUploadedFile("handleiding.pdf", big_pdf(50), content_type="application/pdf")
    response = editor.post(reverse("wagtaildocs:add"), {"title": "Handleiding", "file": upload, "collection": 1})
    assert response.status_code == 200  # the form again, with the message
    assert re.search(r"10[.,]0\s*MB", response.content.decode())
    assert not Document.objects.exists()


def test_a_document_within_the_limit_is_accepted(editor):
    upload = SimpleUploadedFile("werkblad.pdf", big_pdf(1), content_type="application/pdf")
    response = editor.post(reverse("wagtaildocs:add"), {"title": "Werkblad", "file": upload, "collection": 1})
    assert response.status_code == 302
    assert Document.objects.get().title == "Werkblad"


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow warns; Wagtail refuses
def test_a_120_megapixel_png_of_a_few_kb_is_refused(editor):
    data = huge_png()
    assert len(data) < 100 * 1024
    upload = SimpleUploadedFile("poster.png", data, content_type="image/png")
    response = editor.post(reverse("wagtailimages:add"), {"title": "Poster", "file": upload, "collection": 1})
    assert response.status_code == 200
    assert "120000000" in response.content.decode().replace(".", "").replace(",", "").replace("\u202f", "")
    assert not Image.objects.exists()


def test_a_photo_sized_image_is_accepted(editor):
    upload = SimpleUploadedFile("foto.png", huge_png(4000, 3000), content_type="image/png")
    response = editor.post(reverse("wagtailimages:add"), {"title": "Foto", "file": upload, "collection": 1})
    assert response.status_code == 302
    assert Image.objects.get().width == 4000


def test_a_pdf_is_downloaded_in_a_sandbox_never_shown_in_the_sites_origin(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(title="Werkblad", file=ContentFile(SCRIPTED_PDF, name="werkblad.pdf"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == SCRIPTED_PDF


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


WEB_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
REAL_DOCUMENTS = {
    "werkblad.pdf": SCRIPTED_PDF,
    "werkblad.odt": zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}),
    "werkblad.docx": zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),
    "notities.txt": "Samen een rustig moment kiezen.\nلحظة هادئة معًا.\n".encode(),
}
DISGUISED_DOCUMENTS = {
    "werkblad.pdf": WEB_PAGE,
    "werkblad.odt": zipped({"index.html": WEB_PAGE}),
    "werkblad.docx": WEB_PAGE,
    "notities.txt": WEB_PAGE,
}


@pytest.mark.parametrize("name", sorted(DISGUISED_DOCUMENTS))
def test_a_document_whose_content_is_not_what_its_name_says_is_refused(editor, name):
    """Issue 28, finding 3: an HTML file named .pdf was accepted as a document."""
    upload = SimpleUploadedFile(name, DISGUISED_DOCUMENTS[name], content_type="application/pdf")
    response = editor.post(reverse("wagtaildocs:add"), {"title": "Werkblad", "file": upload, "collection": 1})
    assert response.status_code == 200  # the form again, with the message
    extension = name.rpartition(".")[2]
    assert f"is geen echt .{extension}-bestand" in response.content.decode()  # the admin's language
    assert not Document.objects.exists()


def test_the_multiple_uploader_refuses_a_disguised_document_too(editor):
    upload = SimpleUploadedFile("werkblad.pdf", WEB_PAGE, content_type="application/pdf")
    response = editor.post(reverse("wagtaildocs:add_multiple"), {"files[]": upload, "collection": 1})
    assert response.json()["success"] is False
    assert "is geen echt .pdf-bestand" in response.json()["error_message"]
    assert not Document.objects.exists()


@pytest.mark.parametrize("name", sorted(REAL_DOCUMENTS))
def test_real_documents_of_every_allowed_kind_are_accepted(editor, name, settings):
    assert sorted(name.rpartition(".")[2] for name in REAL_DOCUMENTS) == sorted(settings.WAGTAILDOCS_EXTENSIONS)
    upload = SimpleUploadedFile(name, REAL_DOCUMENTS[name])
    response = editor.post(reverse("wagtaildocs:add"), {"title": "Werkblad", "file": upload, "collection": 1})
    assert response.status_code == 302
    with Document.objects.get().file.open() as stored:
        assert stored.read() == REAL_DOCUMENTS[name]


def test_an_image_named_for_another_format_is_refused(editor):
    upload = SimpleUploadedFile("foto.png", WEB_PAGE, content_type="image/png")
    response = editor.post(reverse("wagtailimages:add"), {"title": "Foto", "file": upload, "collection": 1})
    assert response.status_code == 200
    assert not Image.objects.exists()
