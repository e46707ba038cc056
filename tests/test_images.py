"""An image added in the admin to an example or exercise shows on the public page in every
language, one image for all three, each with the description (alt text) in its own language."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import nested_form_data, streamfield

from .conftest import edit_data, soup, url_in
from .factories import as_form, example, exercise

ALT = {"nl": "Een vader en zijn dochter op de bank", "en": "A father and his daughter on the sofa",
       "ar": "أب وابنته على الأريكة"}


def png():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (800, 500), "#d8e7ef").save(buffer, "PNG")
    return SimpleUploadedFile("bank.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def uploaded(admin_client, seeded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Op de bank", "file": png()})
    assert response.status_code == 302, response.content.decode()[:500]
    return get_image_model().objects.get(title="Op de bank")


def publish_with_images(admin_client, page, image, exercise_alt_en=""):
    """The edit form as an editor posts it: the image chosen in the Dutch example and exercise,
    a description written in each language, no image chosen in the translations."""
    data = edit_data(page, page.title_nl)
    exercise_alt = {"nl": "Samen op de bank", "en": exercise_alt_en, "ar": "معًا على الأريكة"}
    for language in ("nl", "en", "ar"):
        chosen = {"image": image.id} if language == "nl" else {}
        data.update(nested_form_data({
            f"examples_{language}": streamfield([("example", as_form(example(**chosen, image_alt=ALT[language])))]),
            f"exercises_{language}": streamfield([
                ("exercise", as_form(exercise(**chosen, image_alt=exercise_alt[language])))]),
        }))
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.id]), {**data, "action-publish": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_an_image_chosen_in_dutch_shows_in_every_language_with_its_own_alt_text(
        admin_client, client, attitude, uploaded, language):
    publish_with_images(admin_client, attitude, uploaded)
    html = soup(client.get(url_in(attitude, language)))
    example_image = html.select_one("article.example figure img")
    assert example_image["alt"] == ALT[language]
    assert example_image.find_parent("figure").get("lang") is None
    rendition = uploaded.get_rendition("width-640")
    assert example_image["src"] == rendition.url
    assert (example_image["width"], example_image["height"]) == ("640", "400")
    assert html.select_one("article.exercise figure img")["src"] == rendition.url
    served = client.get(rendition.url)
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")


def test_a_missing_alt_text_falls_back_to_the_dutch_one_marked_as_dutch(admin_client, client, attitude, uploaded):
    publish_with_images(admin_client, attitude, uploaded, exercise_alt_en="")
    figure = soup(client.get(url_in(attitude, "en"))).select_one("article.exercise figure")
    assert figure.img["alt"] == "Samen op de bank"
    assert figure["lang"] == "nl"


def test_the_help_text_names_the_fields_that_exist(admin_client, attitude):
    form = admin_client.get(reverse("wagtailadmin_pages:edit", args=[attitude.id])).content.decode()
    assert "Beschrijving van de afbeelding (alt-tekst)" in form
    assert "Kies de afbeelding in de Nederlandse versie" in form
