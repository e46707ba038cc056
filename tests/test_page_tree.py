"""Where each page type may (and may not) be created."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_page_sits_at_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedSubpageTypes(HomePage, {BlockPage, ContentPage})

    def test_blocks_live_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(BlockPage, {HomePage})
        self.assertCanNotCreateAt(Page, BlockPage)
        self.assertCanNotCreateAt(BlockPage, BlockPage)

    def test_attitudes_live_under_a_block_only(self):
        self.assertAllowedParentPageTypes(AttitudePage, {BlockPage})
        self.assertCanNotCreateAt(HomePage, AttitudePage)
        self.assertAllowedSubpageTypes(AttitudePage, set())

    def test_only_one_home_page(self):
        self.assertEqual(HomePage.max_count, 1)
