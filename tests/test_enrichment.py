"""Examples and exercises: audience filter, related attitudes both ways, counts, preview."""

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from kennisbank.content.models import AttitudePage, BlockPage, RelatedAttitude

from .conftest import soup
from .factories import example, exercise


@pytest.fixture
def enriched(seeded):
    page = AttitudePage.objects.get(title_nl="Reguleren van emoties")
    page.examples_nl = [
        ("example", example(title="Voor ouders", audience="parents")),
        ("example", example(title="Voor professionals", audience="professionals")),
        ("example", example(title="Voor iedereen", audience="both")),
    ]
    page.exercises_nl = [("exercise", exercise(title="Ademoefening", audience="parents"))]
    page.examples_en = [("example", example(title="For parents", audience="parents"))]
    # No English exercise and no Arabic examples or exercises: those fall back to Dutch.
    page.exercises_en, page.examples_ar, page.exercises_ar = [], [], []
    page.save_revision().publish()
    return page


def shown(client, url):
    return [h3.get_text() for h3 in soup(client.get(url)).select("article.example h3, article.exercise h3")]


def test_audience_filter_by_link(client, enriched):
    assert shown(client, enriched.url) == ["Voor ouders", "Voor professionals", "Voor iedereen",
                                           "Ademoefening"]
    assert shown(client, enriched.url + "?audience=parents") == ["Voor ouders", "Voor iedereen",
                                                                  "Ademoefening"]
    assert shown(client, enriched.url + "?audience=professionals") == ["Voor professionals",
                                                                        "Voor iedereen"]
    assert shown(client, enriched.url + "?audience=nonsense") == shown(client, enriched.url)
    html = soup(client.get(enriched.url + "?audience=parents"))
    assert html.select_one('.audience-filter a[aria-current]')["href"] == "?audience=parents"
    assert html.select_one("a[rel=next]")["href"].endswith("?audience=parents")
    assert html.select_one("article.example .audience").get_text() == "Voor ouders"


def test_translated_enrichments_with_fallback(client, enriched):
    with translation.override("en"):
        english = enriched.url
    with translation.override("ar"):
        arabic = enriched.url
    # Examples the English stream lacks are the Dutch ones at the same place, marked as Dutch.
    assert shown(client, english) == ["For parents", "Voor professionals", "Voor iedereen", "Ademoefening"]
    html = soup(client.get(english))
    assert [h3.get("lang") for h3 in html.select("article h3")] == [None, "nl", "nl", "nl"]
    html = soup(client.get(arabic))
    # The heading and the labels are the reader's language; only the texts are marked Dutch.
    assert html.select_one("section.examples").get("lang") is None
    assert html.select_one("section.examples h2").get_text() == "أمثلة"
    situation = html.select_one("article.example dd")
    assert (situation["lang"], situation["dir"]) == ("nl", "ltr")
    assert html.select_one("article.example dt").get("lang") is None


def test_related_attitudes_link_both_ways(client, enriched):
    other = AttitudePage.objects.get(title_nl="Duidelijke grenzen stellen")
    RelatedAttitude.objects.filter(Q(page__in=[enriched, other]) | Q(related__in=[enriched, other])).delete()
    RelatedAttitude.objects.create(page=enriched, related=other)
    forward = [a.get_text() for a in soup(client.get(enriched.url)).select(".related a")]
    backward = [a.get_text() for a in soup(client.get(other.url)).select(".related a")]
    assert forward == ["Duidelijke grenzen stellen"]
    assert backward == ["Reguleren van emoties"]


def test_block_page_counts_examples_and_exercises(client, enriched):
    html = soup(client.get(BlockPage.objects.get(number=1).url))
    item = next(li for li in html.select(".attitude-list li") if "Reguleren van emoties" in li.get_text())
    assert "3 voorbeelden, 1 oefening" in " ".join(item.get_text().split())


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
@pytest.mark.parametrize("kind", ["home", "block", "attitude"])
def test_preview_works_for_every_page_type_and_language(client, admin_user, enriched, kind, language):
    page = {"home": enriched.get_parent().get_parent(), "block": enriched.get_parent(),
            "attitude": enriched}[kind].specific
    client.force_login(admin_user)
    with translation.override(language):
        response = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[page.id]))
    assert response.status_code == 200


def test_revision_comparison_shows_translated_fields(client, admin_user, enriched):
    first = enriched.latest_revision
    enriched.title_en = "Regulating feelings"
    second = enriched.save_revision()
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:revisions_compare",
                                  args=[enriched.id, first.id, second.id]))
    assert response.status_code == 200
    html = soup(response)
    changed = " ".join(html.select_one("main").get_text(" ").split())
    assert "Regulating" in changed and "feelings" in changed


def test_seed_rerun_keeps_editor_examples(enriched):
    from django.core.management import call_command

    call_command("load_bouwstenen", verbosity=0)
    page = AttitudePage.objects.get(id=enriched.id)
    assert [b.value["title"] for b in page.examples_nl] == ["Voor ouders", "Voor professionals",
                                                             "Voor iedereen"]
