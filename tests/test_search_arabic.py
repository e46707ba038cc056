"""Arabic as readers type it: spelling variants folded alike in the index and the query, and
everyday Gulf, Levantine and Egyptian words (and English ones: diaper) that editors map to the
words the pages use."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from search.arabic import normalise, variant_pattern
from search.dialect import DATA, load_everyday_words
from search.models import EverydayWord, spelled

from .test_search import results, titles


@pytest.mark.parametrize("typed, stored", [
    ("الأَطْفَالُ", "الاطفال"),  # vowel marks, hamza on the alef
    ("إلى", "الي"),  # hamza under the alef, alef maksura
    ("آمنة", "امنه"),  # madda, taa marbuta
    ("الحـــدود", "الحدود"),  # tatweel
    ("حدودًا", "حدودا"),  # tanween
    ("یبکی", "يبكي"),  # typed on a Persian keyboard
    ("grenzen", "grenzen"),  # other scripts as they are
])
def test_normalise_folds_the_variants_readers_mix(typed, stored):
    assert normalise(typed) == stored


def test_a_normalised_word_is_found_in_the_text_as_written():
    pattern = re.compile(variant_pattern("الاطفال"))
    assert pattern.search("يحتاج الأَطفال إلى").group(0) == "الأَطفال"
    assert pattern.search("مدرسة") is None


@pytest.mark.postgres
@pytest.mark.parametrize("variant, standard", [
    ("الحُدُود", "الحدود"),
    ("الحـدود", "الحدود"),
    ("يبكى", "يبكي"),
    ("الاطفال يبكون", "الأطفال يبكون"),
])
def test_spelling_variants_find_what_the_standard_spelling_finds(client, seeded, variant, standard):
    found = titles(client, standard, "ar")
    assert found and titles(client, variant, "ar") == found


@pytest.mark.postgres
def test_a_match_is_highlighted_as_the_page_spells_it(client, seeded):
    found, _html = results(client, "الاطفال", "ar")
    assert any("<mark>الأطفال</mark>" in result["html"] for result in found)


@pytest.mark.postgres
@pytest.mark.parametrize("language, everyday, standard", [
    ("ar", "بيعيط", "يبكي"),  # Egyptian
    ("ar", "بدو", "يريد"),  # Levantine
    ("ar", "يبغى", "يريد"),  # Gulf
    ("en", "diaper", "nappy"),  # American; the English pages write British English
    ("en", "adolescent", "teenager"),
])
def test_everyday_words_find_what_the_pages_words_find(client, seeded, language, everyday, standard):
    found = titles(client, standard, language)
    assert found and titles(client, everyday, language)[:3] == found[:3]


def test_the_data_file_loads_once_and_keeps_editors_changes(seeded):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    words = {spelled(word)[0] for regions in data["ar"].values() for word in regions}
    assert set(EverydayWord.objects.filter(language="ar").values_list("word", flat=True)) == words
    edited = EverydayWord.objects.get(word="عايز")
    edited.standard = "يريد يرغب"
    edited.save()
    EverydayWord.objects.filter(word=spelled("يبغى")[0]).delete()
    assert load_everyday_words() == 1
    assert EverydayWord.objects.get(word="عايز").standard == "يريد يرغب"


def test_a_word_is_kept_spelled_as_queries_are(db):
    word = EverydayWord(language="ar", word=" عايزة ", standard="تُريد  يريد")
    word.full_clean()
    word.spell()
    assert (word.word, word.standard) == ("عايزه", "تريد يريد")
    with pytest.raises(ValidationError):
        EverydayWord(language="ar", word="مش عايز", standard="لا يريد").full_clean()


@pytest.mark.postgres
def test_an_editor_adds_a_word_and_the_search_follows(client, seeded, admin_user):
    """A word no page holds finds nothing; once an editor maps it in the admin it finds what
    the mapped word finds, at once (the search version is bumped)."""
    assert titles(client, "زعطوط", "ar") == []
    client.force_login(admin_user)
    response = client.post(reverse("kennisbank_everyday_words:add"),
                           {"word": "زعطوط", "standard": "صغير", "language": "ar", "region": "test"})
    assert response.status_code == 302
    client.logout()
    assert titles(client, "زعطوط", "ar")[:3] == titles(client, "صغير", "ar")[:3] != []


@pytest.mark.parametrize("group", ["Redacteuren", "Eindredactie"])
def test_both_editor_groups_keep_the_list(client, seeded, django_user_model, group):
    user = django_user_model.objects.create_user("redactie", password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    listing = client.get(reverse("kennisbank_everyday_words:index"), {"q": "عايز"})
    assert listing.status_code == 200 and "عايز" in listing.content.decode()
    response = client.post(reverse("kennisbank_everyday_words:add"),
                           {"word": "شنو", "standard": "ماذا", "language": "ar", "region": "Gulf"})
    assert response.status_code == 302 and EverydayWord.objects.filter(word="شنو").exists()
