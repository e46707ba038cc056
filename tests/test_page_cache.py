"""The anonymous page cache: served from cache, never to editors, emptied on publish."""

from kennisbank.models import AttitudePage, BlockPage


def test_second_anonymous_request_is_served_from_cache(client, seeded):
    assert client.get("/nl/")["X-Page-Cache"] == "miss"
    assert client.get("/nl/")["X-Page-Cache"] == "hit"


def test_cache_is_keyed_by_language(client, seeded):
    client.get("/nl/")
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "miss"
    assert '<html lang="en"' in response.content.decode()


def test_logged_in_editors_never_get_cached_pages(client, seeded, admin_user):
    client.get("/nl/")
    client.force_login(admin_user)
    response = client.get("/nl/")
    assert "X-Page-Cache" not in response


def test_publishing_a_change_shows_on_the_next_request(client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    client.get(page.url)
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    page.title_nl = "Volgen, stap voor stap"
    page.save_revision().publish()
    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Volgen, stap voor stap" in response.content.decode()


def test_publishing_a_block_refreshes_its_attitudes_and_the_home_page(client, seeded):
    block = BlockPage.objects.get(number=1)
    attitude = AttitudePage.objects.child_of(block).first()
    client.get("/nl/")
    client.get(attitude.url)
    block.title_nl = "Veilig fundament"
    block.save_revision().publish()
    assert "Veilig fundament" in client.get("/nl/").content.decode()
    assert "Veilig fundament" in client.get(attitude.url).content.decode()


def test_unpublish_and_delete_empty_the_cache(client, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    url = page.url
    client.get(url)
    page.unpublish()
    assert client.get(url).status_code == 404
    other = AttitudePage.objects.get(title_nl="Benoemen")
    other_url = other.url
    client.get(other_url)
    other.delete()
    assert client.get(other_url).status_code == 404


def test_cache_can_be_switched_off(client, seeded, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/nl/")
    assert "X-Page-Cache" not in client.get("/nl/")
