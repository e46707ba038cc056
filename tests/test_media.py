"""Uploaded images and their renditions reach readers at the address a page gives them
(kennisbank/media.py): through Django under the settings every environment shares, and through
Varnish on the live site, which keeps them. `make run` is checked in tests/test_make_run.py."""

import io
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image

from .live_site import UPLOAD_IMAGE


def png(width=640, height=480):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def uploaded(admin_client, settings, tmp_path):
    """An image uploaded by an editor through the admin's form."""
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("ouder-en-kind.png", png(), content_type="image/png")
    form = {"title": "Ouder en kind", "file": upload, "collection": 1}
    response = admin_client.post(reverse("wagtailimages:add"), form)
    assert response.status_code == 302
    return Image.objects.get(title="Ouder en kind")


def test_an_uploaded_images_rendition_answers_as_an_image_that_a_shared_cache_may_keep(client, uploaded):
    rendition = uploaded.get_rendition("fill-200x150")
    assert rendition.url.startswith("/media/images/")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert PILImage.open(io.BytesIO(b"".join(response.streaming_content))).size == (200, 150)
    assert "s-maxage" in response["Cache-Control"]
    head = client.head(rendition.url)
    assert (head.status_code, head["Content-Type"]) == (200, "image/png")
    original = client.get(uploaded.file.url)
    assert (original.status_code, original["Content-Type"]) == (200, "image/png")


@pytest.mark.django_db
def test_only_image_folders_are_served_from_media(client, settings, tmp_path):
    """Documents keep their own view (collection restrictions, served as downloads); nothing else
    under MEDIA_ROOT, and nothing outside it, answers."""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "vertrouwelijk.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "foto.png").write_bytes(png(8, 8))
    assert client.get("/media/original_images/foto.png").status_code == 200
    for path in ("/media/documents/vertrouwelijk.pdf", "/media/original_images/../documents/vertrouwelijk.pdf",
                 "/media/original_images/%2e%2e/documents/vertrouwelijk.pdf", "/media/original_images/bestaat-niet.png",
                 "/media/original_images/"):
        assert client.get(path, follow=True).status_code == 404, path
    assert client.post("/media/original_images/foto.png").status_code == 405


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers, response.read()


def test_an_uploaded_images_rendition_reaches_readers_through_varnish(live_site):
    path = live_site.shell(UPLOAD_IMAGE.format(title="Ouder en kind (live)")).strip().splitlines()[-1]
    try:
        status, headers, body = fetch(live_site.cached_url + path)
        assert (status, headers["Content-Type"]) == (200, "image/png")
        assert PILImage.open(io.BytesIO(body)).size == (160, 120)
        status, headers, again = fetch(live_site.cached_url + path)
        assert (status, headers["Content-Type"], headers["X-Cache"]) == (200, "image/png", "hit")
        assert again == body
    finally:
        live_site.shell("from wagtail.images.models import Image; "
                        "Image.objects.filter(title='Ouder en kind (live)').delete()")
