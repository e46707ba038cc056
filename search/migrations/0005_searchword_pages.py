"""The vocabulary counts the entries that hold each word (issue 28): a word leaves with the last
entry that held it. Counted here from the entries as they are, which also removes the words of
pages that left the index before this count existed (restricted, unpublished, deleted)."""

from collections import Counter

from django.db import migrations, models


def count_words(apps, schema_editor):
    from search.index import document_words

    SearchEntry = apps.get_model("kennisbank_search", "SearchEntry")
    SearchWord = apps.get_model("kennisbank_search", "SearchWord")
    counts = Counter()
    for language, document in SearchEntry.objects.values_list("language", "document").iterator():
        counts.update((language, word) for word in document_words(document))
    SearchWord.objects.all().delete()
    SearchWord.objects.bulk_create(
        [SearchWord(language=language, word=word, pages=n) for (language, word), n in counts.items()],
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("kennisbank_search", "0004_editor_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchword",
            name="pages",
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(count_words, migrations.RunPython.noop),
    ]
