"""Where each page type may (and may not) be created."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage, ContentPage, SituationFinderPage


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_page_sits_at_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedSubpageTypes(HomePage, {BlockPage, ContentPage, SituationFinderPage})

    def test_blocks_live_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(BlockPage, {HomePage})
        self.assertCanNotCreateAt(Page, BlockPage)
        self.assertCanNotCreateAt(BlockPage, BlockPage)

    def test_attitudes_live_under_a_block_only(self):
        self.assertAllowedParentPageTypes(AttitudePage, {BlockPage})
        self.assertCanNotCreateAt(HomePage, AttitudePage)
        self.assertAllowedSubpageTypes(AttitudePage, set())

    def test_a_second_home_page_cannot_be_added(self):
        root = Page.get_first_root_node()
        self.assertTrue(HomePage.objects.exists())
        self.assertFalse(HomePage.can_create_at(root))
        self.login()
        response = self.client.get(f"/admin/pages/add/home/homepage/{root.id}/")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(HomePage.objects.count(), 1)

    def test_standing_pages_live_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage})
        self.assertCanNotCreateAt(BlockPage, ContentPage)
        self.assertAllowedSubpageTypes(ContentPage, set())

    def test_one_situation_finder_under_the_home_page(self):
        self.assertAllowedParentPageTypes(SituationFinderPage, {HomePage})
        self.assertAllowedSubpageTypes(SituationFinderPage, set())
        home = HomePage.objects.get()
        self.assertTrue(SituationFinderPage.objects.child_of(home).exists())  # the loader's
        self.assertFalse(SituationFinderPage.can_create_at(home))
