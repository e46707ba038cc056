"""Our view-restriction check (RestrictedPageMixin.get_view_restrictions, and the flag routing
reads in the query that finds the page) finds exactly what Wagtail's own two-query version
finds: the page's, its ancestors', and for an alias its source page's restrictions."""

import pytest
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from kennisbank.content.models import AttitudePage, BlockPage
from kennisbank.content.routing import child_by_slug

from .conftest import soup, url_in


def routed(page):
    """The page as routing finds it by its slug, with the flag from the routing query."""
    with translation.override("nl"):
        return child_by_slug(page.get_parent().specific, page.slug_nl)


def both(page):
    """Our restrictions on `page`, both as loaded and as routing finds it, and Wagtail's."""
    found = routed(page)
    ours = set(page.get_view_restrictions().values_list("id", flat=True))
    assert found.pk == page.pk and found.view_restricted is bool(ours)
    # Routed, the page is being served: Wagtail's check (on_serve_page) loops over the answer.
    assert {restriction.id for restriction in found.get_view_restrictions()} == ours
    wagtails = set(Page.get_view_restrictions(page).values_list("id", flat=True))
    return ours, wagtails


def test_the_same_restrictions_as_wagtails_own_check(seeded):
    block = BlockPage.objects.get(number=2)
    attitude = AttitudePage.objects.child_of(block).first()
    other = AttitudePage.objects.get(seed_key="4.8")
    assert both(attitude) == (set(), set())

    on_block = PageViewRestriction.objects.create(page=block, restriction_type=PageViewRestriction.LOGIN)
    on_attitude = PageViewRestriction.objects.create(page=attitude, restriction_type=PageViewRestriction.PASSWORD,
                                                     password="een-lang-wachtwoord")
    assert both(attitude) == ({on_block.id, on_attitude.id},) * 2
    assert both(other) == (set(), set())

    # An alias of the restricted attitude, elsewhere in the tree, takes its source page's own
    # restriction (not the source's ancestors'), as Wagtail has it.
    alias = attitude.create_alias(parent=other.get_parent(), update_slug=f"{attitude.slug}-alias")
    alias = AttitudePage.objects.get(id=alias.id)
    ours, wagtails = both(alias)
    assert ours == wagtails == {on_attitude.id}


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_a_reader_sees_a_page_until_a_restriction_above_it_asks_for_a_password(client, attitude, language):
    """What the answer for a routed page (an empty tuple when the routing query found no
    restriction) changes for a reader: nothing. The page shows its text; restricted on its block,
    the same URL shows Wagtail's password form instead, without the text."""
    url = url_in(attitude, language)
    with translation.override(language):
        heading = attitude.title
    assert soup(client.get(url)).h1.get_text() == heading
    PageViewRestriction.objects.create(page=attitude.get_parent(), password="een-lang-wachtwoord",
                                       restriction_type=PageViewRestriction.PASSWORD)
    shown = soup(client.get(url))
    assert shown.select_one('input[name="password"]') is not None
    assert heading not in shown.get_text()
