"""Every page type has a working factory (wagtail-factories), placed where the tree allows."""

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage

from .factories import AttitudePageFactory, BlockPageFactory, HomePageFactory


def test_every_page_type_has_a_working_factory(root_page):
    HomePage.objects.all().delete()  # only one home page may exist
    home = HomePageFactory(parent=root_page)
    block = BlockPageFactory(parent=home, number=1)
    attitude = AttitudePageFactory(parent=block)
    assert isinstance(home, HomePage) and home.live
    assert BlockPage.objects.child_of(home).get() == block
    assert AttitudePage.objects.child_of(block).get() == attitude
    assert attitude.get_parent().specific.number == 1
