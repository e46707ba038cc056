"""Editors write, moderators publish: groups, their page permissions and a review workflow.

"Redacteuren" create and edit pages and submit them for review; "Eindredactie" approve and
publish. Both work on the whole page tree below the root, which holds the knowledge base
(the home page is created after migrating, by load_bouwstenen). The review workflow replaces
Wagtail's default "Moderators approval" on that tree.
"""

from django.db import migrations

EDITORS = "Redacteuren"
MODERATORS = "Eindredactie"
WORKFLOW = "Eindredactie keurt goed"
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
MODERATOR_PAGE_PERMISSIONS = EDITOR_PAGE_PERMISSIONS + ["publish_page", "unlock_page", "bulk_delete_page"]
COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): ["add_image", "choose_image"],
    ("wagtaildocs", "document"): ["add_document", "choose_document"],
}


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return perm


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    root = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    access_admin = permission(apps, "wagtailadmin", "admin", "access_admin")
    groups = {}
    for name, codenames in ((EDITORS, EDITOR_PAGE_PERMISSIONS), (MODERATORS, MODERATOR_PAGE_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission(apps, "wagtailcore", "page", codename)
            )
        for (app_label, model), collection_codenames in COLLECTION_PERMISSIONS.items():
            for codename in collection_codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection,
                    permission=permission(apps, app_label, model, codename),
                )
        groups[name] = group

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name="Eindredactie", defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([groups[MODERATORS]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, MODERATORS]).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kennisbank", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
