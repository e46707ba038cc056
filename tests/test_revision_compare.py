"""Revision Compare (issue 27, item 8): rich text counts as changed only when its text changed
(not its `data-block-key`s), and its paragraphs stay apart."""

from django.urls import reverse

from kennisbank.content.models import AttitudePage

from .conftest import soup


def test_compare_lists_only_the_text_that_changed(client, admin_user, seeded):
    page = AttitudePage.objects.get(title_nl="Volgen")
    draft = page.get_latest_revision_as_object()
    draft.explanation_ar = '<p data-block-key="a1">واحد.</p><p data-block-key="b1">اثنان.</p>'
    draft.explanation_en = '<p data-block-key="c1">One.</p><p data-block-key="d1">Two.</p>'
    before = draft.save_revision(user=admin_user)
    draft = page.get_latest_revision_as_object()
    # Saved again in the editor: new keys everywhere; only the English text changed.
    draft.explanation_ar = '<p data-block-key="x9">واحد.</p><p data-block-key="y9">اثنان.</p>'
    draft.explanation_en = '<p data-block-key="e1">One.</p><p data-block-key="f1">Two and three.</p>'
    after = draft.save_revision(user=admin_user)
    client.force_login(admin_user)
    html = soup(client.get(reverse("wagtailadmin_pages:revisions_compare", args=[page.id, before.id, after.id])))
    rows = html.select("table tbody tr")
    assert [row.select_one("td.title").get_text(strip=True) for row in rows] == ["Uitleg [en]:"]
    diff = rows[0].select_one("td.comparison")
    assert diff.find("br") is not None  # "One." and "Two ..." stay apart
    assert "".join(span.get_text() for span in diff.select(".addition")) == " and three."
