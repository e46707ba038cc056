"""A query compiled once and run with new values (kennisbank/content/compiled_query.py) finds
what the QuerySet itself finds, and refuses SQL it cannot fill in."""

import pytest
from django.utils import translation
from wagtail.models import Page, Site

from kennisbank.content.compiled_query import CompiledQuery
from kennisbank.content.routing import child_query, children_by_slug
from kennisbank.core.languages import language_codes, localized


@pytest.mark.parametrize("language", language_codes())
def test_routing_finds_what_the_queryset_finds(seeded, language):
    """Every page below the home page, by its slug in each language (or the Dutch one where it
    has none), in every page type's compiled query."""
    pages = Page.objects.filter(depth__gte=3).specific()
    with translation.override(language):
        for page in pages:
            parent = page.get_parent()
            slug = getattr(page, localized("slug", language)) or page.slug_nl
            for model in parent.specific_class.allowed_subpage_models():
                values = {"parent_path": parent.path, "depth": parent.depth + 1, "slug": slug}
                expected = children_by_slug(model, language, **values).first()
                found = child_query.first(model, language, **values)
                if expected is None:
                    assert found is None
                    continue
                assert type(found) is type(expected) and found.pk == expected.pk == page.pk
                assert found.view_restricted is expected.view_restricted is False
                for field in model._meta.concrete_fields:
                    assert getattr(found, field.attname) == getattr(expected, field.attname), field.attname


def test_a_like_pattern_is_escaped_as_django_escapes_it(db):
    """A value holding LIKE's wildcards matches them literally, as the QuerySet does."""
    home = Page.objects.get(depth=1)
    for hostname in ("50%_korting.example", "50xxkorting.example", "50%-korting.example"):
        Site.objects.create(hostname=hostname, root_page=home)
    by_prefix = CompiledQuery(lambda prefix: Site.objects.filter(hostname__startswith=prefix).order_by("hostname"))
    for prefix in ("50%_", "50x", "50%-", "5", "geen"):
        expected = Site.objects.filter(hostname__startswith=prefix).order_by("hostname").first()
        found = by_prefix.first(prefix=prefix)
        assert (found and found.hostname) == (expected and expected.hostname), prefix


def test_a_value_that_is_not_a_parameter_is_refused(db):
    ignores_depth = CompiledQuery(lambda depth: Page.objects.all())
    with pytest.raises(RuntimeError, match=r"values \['depth'\] are not SQL parameters"):
        ignores_depth.first(depth=2)
