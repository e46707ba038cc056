"""Security: headers on public pages, admin login lock-out, the admin's path, password strength, upload limits."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.forms import get_image_form
from wagtail.images.models import Image

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("path", ["/nl/", "/en/zoeken/?q=kind", "/ar/"])
def test_security_headers_on_public_pages(client, seeded, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_public_pages_carry_no_inline_script(client, seeded):
    html = client.get("/nl/").content.decode()
    assert "<script>" not in html and "<script " not in html.replace("<script src=", "")


def test_language_cookie_is_httponly(client, seeded):
    response = client.get("/language/en/", {"next": "/en/"})
    assert response.cookies["kennisbank_language"]["httponly"]


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def login(client, password):
    return client.post(reverse("wagtailadmin_login"), {"username": "editor", "password": password})


def test_admin_login_locks_out_after_repeated_failures(client, db, axes_on, django_user_model):
    django_user_model.objects.create_user("editor", password="a-Long-enough-passw0rd", is_superuser=True)
    for _ in range(3):
        response = login(client, "wrong")
    assert response.status_code == 429
    # Locked out: even the right password is refused now.
    assert login(client, "a-Long-enough-passw0rd").status_code == 429


def test_admin_login_works_before_the_limit(client, db, axes_on, django_user_model):
    django_user_model.objects.create_user("editor", password="a-Long-enough-passw0rd", is_superuser=True)
    login(client, "wrong")
    response = login(client, "a-Long-enough-passw0rd")
    assert response.status_code == 302


ADMIN_PATH_PROBE = """
import django
django.setup()
from django.urls import Resolver404, resolve, reverse
print(reverse("wagtailadmin_home"), resolve("/beheer-7f3k/login/").url_name)
try:
    resolve("/admin/login/")
    print("admin/ still answers")
except Resolver404:
    print("admin/ is gone")
"""


def test_admin_path_comes_from_the_environment():
    """The URLs are built when the project starts, so a fresh process with ADMIN_PATH set."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "kennisbank.settings.test", "ADMIN_PATH": "beheer-7f3k"}
    result = subprocess.run([sys.executable, "-c", ADMIN_PATH_PROBE], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["/beheer-7f3k/ wagtailadmin_login", "admin/ is gone"]


# Twelve characters or more and not in Django's list of common passwords, yet guessed at once.
WEAK_LONG_PASSWORDS = [
    "aaaaaaaaaaaa", "abcabcabcabc", "qwertyuiopasdf", "abcdefghijklm", "Bouwstenen2024", "wachtwoord12345",
]


@pytest.mark.parametrize("password", WEAK_LONG_PASSWORDS)
def test_long_but_weak_passwords_are_refused_for_their_weakness(db, password):
    from django.contrib.auth.password_validation import (
        MinimumLengthValidator,
        get_default_password_validators,
        validate_password,
    )
    from django.core.exceptions import ValidationError

    length_rule = next(v for v in get_default_password_validators() if isinstance(v, MinimumLengthValidator))
    assert len(password) >= length_rule.min_length  # so the length rule is not what refuses it
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["a-Long-enough-passw0rd", "paarse-fiets-onder-de-brug", "حديقة-القمر-الصغيرة-7"])
def test_strong_passwords_pass(db, password):
    from django.contrib.auth.password_validation import validate_password

    validate_password(password)


def image_form(upload):
    form_class = get_image_form(Image)
    return form_class({"title": "upload"}, {"file": upload})


def test_disguised_image_upload_is_refused(db):
    form = image_form(SimpleUploadedFile("photo.png", b"#!/bin/sh\necho not an image\n"))
    assert not form.is_valid()
    assert "file" in form.errors


def test_oversized_image_upload_is_refused(db, settings):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (600, 600), "white").save(buffer, "PNG")
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    form = image_form(SimpleUploadedFile("big.png", buffer.getvalue()))
    assert not form.is_valid()
    assert "file" in form.errors


def test_unsafe_document_type_is_refused(db):
    from wagtail.documents.forms import get_document_form
    from wagtail.documents.models import Document

    form = get_document_form(Document)(
        {"title": "x"}, {"file": SimpleUploadedFile("run.exe", b"MZ....")}
    )
    assert not form.is_valid()
    assert "file" in form.errors


def test_admin_csp_exception_is_limited_to_the_admin(client, seeded, admin_user):
    client.force_login(admin_user)
    admin_csp = client.get(reverse("wagtailadmin_home"))["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_csp
    assert "frame-ancestors 'self'" in admin_csp
    public_csp = client.get("/nl/")["Content-Security-Policy"]
    assert "unsafe-inline" not in public_csp.split("script-src")[1].split(";")[0]


def test_copy_translation_content_endpoint_never_500s(client, seeded, admin_user):
    from kennisbank.content.models import AttitudePage

    page = AttitudePage.objects.get(title_nl="Volgen")
    url = f"/admin/pages/{page.id}/edit/copy_translation_content/"
    assert client.get(url).status_code in (302, 403)  # not logged in: to the login page
    client.force_login(admin_user)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 400
    assert client.post("/admin/pages/999999/edit/copy_translation_content/").status_code == 400
    bad = {"serializedOriginField": "{not json", "origin_field_name": "examples_nl",
           "target_field_name": "examples_en"}
    assert client.post(url, bad, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 400
    partial = {**bad, "serializedOriginField": "[]"}
    assert client.post(url, partial, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 400
    good = {**bad, "serializedOriginField": '[{"name": "examples_nl-count", "value": "0"}]'}
    response = client.post(url, good, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
