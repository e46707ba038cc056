"""Every page type has a working factory (wagtail-factories), placed where the tree allows."""

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage, SituationFinderPage

from .factories import AttitudePageFactory, BlockPageFactory, HomePageFactory, SituationFinderPageFactory, theme


def test_every_page_type_has_a_working_factory(root_page):
    HomePage.objects.all().delete()  # only one home page may exist
    home = HomePageFactory(parent=root_page)
    block = BlockPageFactory(parent=home, number=1)
    attitude = AttitudePageFactory(parent=block)
    assert isinstance(home, HomePage) and home.live
    assert BlockPage.objects.child_of(home).get() == block
    assert AttitudePage.objects.child_of(block).get() == attitude
    assert attitude.get_parent().specific.number == 1
    finder = SituationFinderPageFactory(parent=home, themes_nl=[theme(attitudes=[attitude])])
    assert SituationFinderPage.objects.child_of(home).get() == finder
    assert [item.value["attitudes"][0].id for item in finder.themes_nl] == [attitude.id]
