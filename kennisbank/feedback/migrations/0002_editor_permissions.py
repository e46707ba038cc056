"""Both editor groups (Redacteuren, Eindredactie) may read the feedback report and the answers;
final editors (Eindredactie) may also delete an answer, for a comment with personal details."""

from django.db import migrations

PERMISSIONS = {"Redacteuren": ["view_feedback"], "Eindredactie": ["view_feedback", "delete_feedback"]}


def permission(apps, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="feedback", model="feedback")
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return found


def forwards(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=PERMISSIONS):
        group.permissions.add(*(permission(apps, codename) for codename in PERMISSIONS[group.name]))


def backwards(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=PERMISSIONS):
        group.permissions.remove(*(permission(apps, codename) for codename in PERMISSIONS[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("kennisbank", "0002_moderation_workflow"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
