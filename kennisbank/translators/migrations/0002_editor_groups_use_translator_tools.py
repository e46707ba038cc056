"""Both editor groups (kennisbank migration 0002: Redacteuren write and translate, Eindredactie
review) may use the translator files and the Translations report; other admin users may not."""

from django.db import migrations

GROUPS = ("Redacteuren", "Eindredactie")
CODENAME = "use_translator_tools"


def translator_permission(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="translators", model="translatortools")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME,
        defaults={"name": "Can use translator files and the Translations report"},
    )
    return permission


def forwards(apps, schema_editor):
    permission = translator_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def backwards(apps, schema_editor):
    permission = translator_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("translators", "0001_initial"),
        ("kennisbank", "0002_moderation_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
