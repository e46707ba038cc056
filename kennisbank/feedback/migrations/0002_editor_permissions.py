"""Both editor groups (Redacteuren, Eindredactie) may read the feedback report."""

from django.db import migrations

GROUPS = ["Redacteuren", "Eindredactie"]


def view_feedback(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="feedback", model="feedback")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_feedback", defaults={"name": "Can view feedback"}
    )
    return permission


def forwards(apps, schema_editor):
    permission = view_feedback(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def backwards(apps, schema_editor):
    permission = view_feedback(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("kennisbank", "0002_moderation_workflow"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
