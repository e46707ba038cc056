"""Lists and links never show a reader a page behind a view restriction (issue 15, item 1): the
home page's blocks, a block's attitudes, previous/next, related attitudes and the footer's
standing pages. Whoever passed a restriction still sees what lies behind it."""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from kennisbank.content.models import AttitudePage, BlockPage, ContentPage, RelatedAttitude
from kennisbank.content.models.access import public

from .conftest import soup, url_in

PASSWORD = "open-sesame-2024"


def restrict(page, kind=PageViewRestriction.PASSWORD):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password=PASSWORD)


def texts(html, selector):
    return [element.get_text(" ", strip=True) for element in html.select(selector)]


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
def test_a_block_does_not_list_a_restricted_attitude(client, block, language):
    attitudes = list(AttitudePage.objects.child_of(block).order_by("path"))
    hidden = attitudes[2]
    client.get(url_in(block, language))
    restrict(hidden)
    html = soup(client.get(url_in(block, language)))
    listed = " ".join(texts(html, "main li"))
    title = getattr(hidden, f"title_{language}") or hidden.title_nl
    assert title not in listed
    assert all((getattr(other, f"title_{language}") or other.title_nl) in listed
               for other in attitudes if other != hidden)


def test_previous_and_next_skip_a_restricted_attitude(client, seeded):
    first, second, third = AttitudePage.objects.child_of(BlockPage.objects.get(number=1)).order_by("path")[:3]
    restrict(second, PageViewRestriction.LOGIN)
    html = soup(client.get(url_in(first, "en")))
    assert html.select_one("a[rel=next]")["href"] == url_in(third, "en")
    assert second.title_en not in html.get_text()
    html = soup(client.get(url_in(third, "en")))
    assert html.select_one("a[rel=prev]")["href"] == url_in(first, "en")
    assert second.title_en not in html.get_text()


@pytest.mark.parametrize("direction", ["linked from the page", "linking to the page"])
def test_related_attitudes_leave_out_a_restricted_one(client, seeded, direction):
    page = AttitudePage.objects.get(seed_key="2.3")
    other = AttitudePage.objects.get(seed_key="5.1")
    if direction == "linked from the page":
        RelatedAttitude.objects.create(page=page, related=other)
    else:
        RelatedAttitude.objects.create(page=other, related=page)
    assert other.title_nl in texts(soup(client.get(page.url)), ".related li")
    restrict(other)
    html = soup(client.get(page.url))
    assert other.title_nl not in texts(html, ".related li")
    assert other.title_nl not in html.get_text()


def test_the_home_page_does_not_show_a_restricted_block(client, seeded):
    hidden = BlockPage.objects.get(number=3)
    client.get("/ar/")
    restrict(hidden, PageViewRestriction.LOGIN)
    html = soup(client.get("/ar/"))
    assert hidden.title_ar not in html.get_text()
    assert hidden.goal_ar not in html.get_text()
    shown = [block.title_ar for block in BlockPage.objects.exclude(number=3)]
    assert all(title in html.get_text() for title in shown)


def test_the_footer_drops_a_standing_page_as_soon_as_it_is_restricted(client, seeded, attitude):
    standing = ContentPage.objects.child_of(seeded).order_by("path").first()
    # Every worker keeps the footer's list between requests (kennisbank/caching/worker.py).
    assert standing.title_nl in texts(soup(client.get("/nl/")), ".site-footer li")
    restriction = restrict(standing)
    for url in ("/nl/", attitude.url):
        assert standing.title_nl not in texts(soup(client.get(url)), ".site-footer li")
    restriction.delete()
    assert standing.title_nl in texts(soup(client.get("/nl/")), ".site-footer li")


def test_a_reader_who_passed_a_blocks_password_sees_what_it_guards(client, block):
    restriction = restrict(block)
    attitudes = list(AttitudePage.objects.child_of(block).order_by("path"))
    response = client.get(block.url)
    assert attitudes[0].title_nl not in response.content.decode()  # the password form instead
    action = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, block.id])
    assert client.post(action, {"password": PASSWORD, "return_url": block.url}).status_code == 302
    listed = " ".join(texts(soup(client.get(block.url)), "main li"))
    assert all(attitude.title_nl in listed for attitude in attitudes)
    html = soup(client.get(attitudes[1].url))
    assert html.select_one("a[rel=prev]")["href"] == attitudes[0].url
    assert html.select_one("a[rel=next]")["href"] == attitudes[2].url


def test_public_leaves_out_what_wagtails_public_leaves_out(seeded, block, attitude):
    """The one-query check agrees with Wagtail's PageQuerySet.public(), restrictions at every depth."""
    restrict(block)
    restrict(AttitudePage.objects.get(seed_key="1.2"), PageViewRestriction.LOGIN)
    restrict(ContentPage.objects.child_of(seeded).first())
    expected = set(Page.objects.public().values_list("id", flat=True))
    assert set(public(Page.objects.all()).values_list("id", flat=True)) == expected
    assert attitude.id not in expected  # below the restricted block
    guarded_by_block = set(Page.objects.descendant_of(block, inclusive=True).values_list("id", flat=True))
    shown_on_block = set(public(Page.objects.all(), shown_on=block).values_list("id", flat=True))
    assert shown_on_block == expected | guarded_by_block


def test_restricting_a_page_purges_the_neighbour_that_linked_to_it_across_a_restricted_one(seeded):
    """The HTTP cache must drop the pages whose previous/next showed a page that is now restricted,
    also when the sibling in between was restricted already (kennisbank/caching/purge.py)."""
    first, second, third, fourth = AttitudePage.objects.child_of(BlockPage.objects.get(number=1)).order_by("path")[:4]
    restrict(second)
    restrict(third)  # `first` showed `third` as its next attitude until now
    purged = {page.id for page in third.pages_to_purge()}
    assert {first.id, fourth.id} <= purged


def test_the_sitemap_leaves_out_a_restricted_page(client, attitude):
    assert url_in(attitude, "en") in client.get("/sitemap-pages.xml").content.decode()
    restrict(attitude)
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert all(url_in(attitude, language) not in sitemap for language in ("nl", "en", "ar"))
