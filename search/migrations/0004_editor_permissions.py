"""Both editor groups see the search reports; Eindredactie manages the promoted results."""

from django.db import migrations

EDITORS, MODERATORS = "Redacteuren", "Eindredactie"
GRANTS = {
    EDITORS: ["view_search_reports"],
    MODERATORS: ["view_search_reports", "add_promotion", "change_promotion", "delete_promotion",
                 "view_promotion"],
}
MODELS = {"view_search_reports": "unansweredquery"}
NAMES = {
    "view_search_reports": "Can view what readers search for",
    "add_promotion": "Can add promoted search result",
    "change_promotion": "Can change promoted search result",
    "delete_promotion": "Can delete promoted search result",
    "view_promotion": "Can view promoted search result",
}


def permission(apps, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    model = MODELS.get(codename, "promotion")
    content_type, _ = ContentType.objects.get_or_create(app_label="kennisbank_search", model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": NAMES[codename]}
    )
    return perm


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permission(apps, codename) for codename in codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*group.permissions.filter(
                content_type__app_label="kennisbank_search", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("kennisbank_search", "0003_per_language_promotions_and_fallback"),
        ("kennisbank", "0002_moderation_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
