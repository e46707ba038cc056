"""Both editor groups keep the list of everyday words (search.dialect)."""

from django.db import migrations

GROUPS = ("Redacteuren", "Eindredactie")
NAMES = {
    "add_everydayword": "Can add everyday word",
    "change_everydayword": "Can change everyday word",
    "delete_everydayword": "Can delete everyday word",
    "view_everydayword": "Can view everyday word",
}


def permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="kennisbank_search", model="everydayword")
    return [
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in NAMES.items()
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*group.permissions.filter(
            content_type__app_label="kennisbank_search", codename__in=NAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("kennisbank_search", "0007_everyday_words"),
        ("kennisbank_search", "0004_editor_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
