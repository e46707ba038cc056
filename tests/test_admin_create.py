"""Editors create and edit Block and Attitude pages through Wagtail's admin."""

from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage
from kennisbank.content.models import AttitudePage, BlockPage

from .factories import BlockPageFactory, as_form, example, exercise


class AdminCreateTest(WagtailPageTestCase):
    def setUp(self):
        self.user = self.login()
        # Start from the seeded home page with its blocks removed, so numbers 1-5 are free.
        self.home = HomePage.objects.get()
        BlockPage.objects.all().delete()

    def block_data(self, number=1, slug="basisveiligheid"):
        return nested_form_data({
            "title_nl": "Basisveiligheid", "title_en": "Basic safety", "title_ar": "الأمان",
            "slug_nl": slug, "slug_en": "basic-safety", "slug_ar": "الأمان",
            "number": number, "goal_nl": "meer Basisveiligheid", "goal_en": "more basic safety",
            "goal_ar": "مزيد من الأمان", "introduction_nl": rich_text("<p>Inleiding</p>"),
        })

    def test_create_block_page(self):
        self.assertCanCreate(self.home, BlockPage, self.block_data())
        block = BlockPage.objects.get(number=1)
        self.assertEqual(block.goal_en, "more basic safety")
        self.assertEqual(block.slug_en, "basic-safety")

    def test_create_attitude_page_with_example_and_exercise(self):
        block = BlockPageFactory(parent=self.home, number=2)
        data = nested_form_data({
            "title_nl": "Aandachtig en actief luisteren", "title_en": "Listening attentively",
            "slug_nl": "luisteren", "slug_en": "listening", "summary_nl": "Echt luisteren.",
            "examples_nl": streamfield([("example", as_form(example()))]),
            "exercises_nl": streamfield([("exercise", as_form(exercise()))]),
            "examples_en": streamfield([]), "exercises_en": streamfield([]),
            "examples_ar": streamfield([]), "exercises_ar": streamfield([]),
            "related_attitudes-TOTAL_FORMS": 0, "related_attitudes-INITIAL_FORMS": 0,
            "related_attitudes-MIN_NUM_FORMS": 0, "related_attitudes-MAX_NUM_FORMS": 1000,
        })
        self.assertCanCreate(block, AttitudePage, data)
        page = AttitudePage.objects.get(slug_nl="luisteren")
        self.assertEqual(strip_tags(page.examples_nl[0].value["parent_action"].source),
                         "Je blijft rustig en benoemt wat je ziet.")
        self.assertEqual([strip_tags(step.source) for step in page.exercises_nl[0].value["steps"]],
                         ["Ga zitten", "Adem rustig in"])

    def test_edit_form_shows_every_language(self):
        block = BlockPageFactory(parent=self.home, number=3)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[block.id]))
        self.assertEqual(response.status_code, 200)
        for field in ("title", "slug", "goal", "introduction", "seo_title", "search_description"):
            for language in ("nl", "en", "ar"):
                self.assertContains(response, f'name="{field}_{language}"')

    def test_duplicate_block_number_gets_a_clear_error(self):
        BlockPageFactory(parent=self.home, number=1, slug="eerste", slug_nl="eerste")
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["kennisbank", "blockpage", self.home.id]),
            self.block_data(number=1, slug="andere"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["number"],
            ["Er is al een bouwsteen met dit nummer."],
        )
        self.assertEqual(BlockPage.objects.filter(number=1).count(), 1)

    def test_block_number_outside_one_to_five_is_refused(self):
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["kennisbank", "blockpage", self.home.id]),
            self.block_data(number=6),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("number", response.context["form"].errors)
        self.assertFalse(BlockPage.objects.exists())
