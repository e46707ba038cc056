"""The page editor for three languages: field directions, a preview and "View live" per
language, avatars without a third party."""

import pytest
from django.urls import reverse
from django.utils import translation

from kennisbank.content.models import AttitudePage

from .conftest import edit_data, soup, url_in


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_editor_loads_the_field_directions(admin_client, attitude):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[attitude.id]))
    script = soup(response).select_one('script[src*="kennisbank_admin/editor.js"]')
    assert script is not None
    assert '"ar": "rtl"' in script["data-languages"] and '"nl": "ltr"' in script["data-languages"]


def test_wagtail_modeltranslation_texts_are_translated(admin_client, attitude):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[attitude.id]))
    assert "viewEditString: 'Velden bekijken / bewerken voor'" in response.content.decode()


@pytest.mark.parametrize("language, direction, title", [
    ("nl", "ltr", "Duidelijke grenzen stellen"),
    ("en", "ltr", "Setting clear boundaries"),
    ("ar", "rtl", "وضع حدود واضحة"),
])
def test_a_preview_per_language(admin_client, attitude, language, direction, title):
    """The admin stays Dutch; the preview is the page as a reader of that language sees it."""
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[attitude.id])
    admin_client.post(preview, edit_data(attitude, attitude.title_nl))  # what the editor's form holds
    response = admin_client.get(preview, {"mode": language})
    assert response.status_code == 200
    html = soup(response)
    assert (html.html["lang"], html.html["dir"]) == (language, direction)
    assert html.h1.get_text() == title


def test_the_preview_offers_every_language(admin_client, attitude):
    assert [mode for mode, _label in AttitudePage.objects.get(id=attitude.id).preview_modes] == ["nl", "en", "ar"]
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[attitude.id]))
    options = [option["value"] for option in soup(response).select("select[name=preview_mode] option")]
    assert options == ["nl", "en", "ar"]


def test_view_live_in_every_language(admin_client, attitude):
    urls = {url_in(attitude, language) for language in ("nl", "en", "ar")}
    edit = soup(admin_client.get(reverse("wagtailadmin_pages:edit", args=[attitude.id])))
    assert urls <= {a["href"] for a in edit.select("a[href]")}
    listing = soup(admin_client.get(reverse("wagtailadmin_explore", args=[attitude.get_parent().id])))
    assert urls <= {a["href"] for a in listing.select("a[href]")}
    with translation.override("nl"):
        labels = [a.get_text(" ", strip=True) for a in edit.select("a[href]") if a["href"] in urls]
    assert any("العربية" in label for label in labels)
    # The row menu: one entry per language, not also Wagtail's plain "Bekijk live" (issue 27).
    (row,) = [row for row in listing.select("tbody tr") if attitude.title_nl in row.get_text()]
    entries = [a.get_text(" ", strip=True) for a in row.select("a[href]") if "Bekijk live" in a.get_text()]
    assert sorted(entries) == ["Bekijk live: English", "Bekijk live: Nederlands", "Bekijk live: العربية"]


def test_the_arabic_autosave_notice_is_arabic(admin_client, admin_user, attitude):
    """Wagtail's Arabic left "paused" in English and called a saved page "Save" (issue 27)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "ar"
    profile.save()
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[attitude.id])).content.decode()
    assert "الحفظ التلقائي <span>متوقف مؤقتًا</span>" in html and "<span>paused</span>" not in html
    assert "تم الحفظ" in html


def test_avatars_come_from_the_site_itself(admin_client, admin_user):
    admin_user.email = "redacteur@example.org"
    admin_user.save()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html.lower()
    avatars = soup(admin_client.get(reverse("wagtailadmin_home"))).select(".avatar img")
    assert avatars and all(img["src"].startswith("/") for img in avatars)


@pytest.mark.parametrize("language, message", [("nl", "Deze slug wordt al gebruikt"),
                                               ("ar", "هذا المعرّف (slug) مستخدم من قبل")])
def test_a_duplicate_english_slug_is_refused_in_the_admins_language(admin_client, admin_user, seeded,
                                                                    language, message):
    """Issue 27, item 6: wagtail-modeltranslation worded it in the slug's language (English)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    page = AttitudePage.objects.get(title_nl="Volgen")
    sibling = page.get_siblings(inclusive=False).specific().first()
    data = {**edit_data(page, page.title_nl), "slug_en": sibling.slug_en}
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.id]), data)
    errors = soup(response).select_one("#panel-child-slug_en-errors, [id$=slug_en-errors]")
    assert errors is not None and errors.get_text(strip=True) == message
