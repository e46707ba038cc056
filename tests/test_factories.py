"""Every page type has a working factory (wagtail-factories), placed where the tree allows."""

import factory
from wagtail.models import get_page_models

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage, SituationFinderPage

from . import factories
from .factories import (
    AttitudePageFactory,
    BlockPageFactory,
    ContentPageFactory,
    HomePageFactory,
    SituationFinderPageFactory,
    theme,
)


def test_every_page_type_of_ours_has_a_factory():
    ours = {model for model in get_page_models() if model._meta.app_label in {"home", "kennisbank"}}
    made = {value._meta.model for value in vars(factories).values()
            if isinstance(value, type) and issubclass(value, factory.Factory) and value._meta.model}
    assert ours - made == set()


def test_every_page_type_has_a_working_factory(root_page):
    HomePage.objects.all().delete()  # only one home page may exist
    home = HomePageFactory(parent=root_page)
    block = BlockPageFactory(parent=home, number=1)
    attitude = AttitudePageFactory(parent=block)
    standing = ContentPageFactory(parent=home)
    assert isinstance(home, HomePage) and home.live
    assert BlockPage.objects.child_of(home).get() == block
    assert AttitudePage.objects.child_of(block).get() == attitude
    assert attitude.get_parent().specific.number == 1
    assert ContentPage.objects.child_of(home).get() == standing and standing.summary_nl
    finder = SituationFinderPageFactory(parent=home, themes_nl=[theme(attitudes=[attitude])])
    assert SituationFinderPage.objects.child_of(home).get() == finder
    assert [item.value["attitudes"][0].id for item in finder.themes_nl] == [attitude.id]
