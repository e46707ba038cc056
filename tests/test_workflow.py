"""Moderation: editors submit, moderators approve and publish (set up by a data migration)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, WorkflowPage

from kennisbank.content.models import AttitudePage

from .conftest import edit_data


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redacteur", password="x")
    user.groups.add(Group.objects.get(name="Redacteuren"))
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("eindredacteur", password="x")
    user.groups.add(Group.objects.get(name="Eindredactie"))
    return user


def test_groups_and_permissions_exist_after_migrating(db):
    root = Page.get_first_root_node()
    editor_perms = set(GroupPagePermission.objects.filter(group__name="Redacteuren", page=root)
                       .values_list("permission__codename", flat=True))
    moderator_perms = set(GroupPagePermission.objects.filter(group__name="Eindredactie", page=root)
                          .values_list("permission__codename", flat=True))
    assert {"add_page", "change_page"} <= editor_perms
    assert "publish_page" not in editor_perms
    assert {"add_page", "change_page", "publish_page"} <= moderator_perms
    workflow = WorkflowPage.objects.get(page=root).workflow
    assert workflow.name == "Eindredactie keurt goed"
    assert [t.specific.groups.get().name for t in workflow.tasks] == ["Eindredactie"]


def test_editor_cannot_publish_and_moderator_approval_goes_live(client, seeded, editor, moderator):
    page = AttitudePage.objects.get(title_nl="Volgen")
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.id])

    client.force_login(editor)
    # Trying to publish directly is refused: the page stays as it was.
    client.post(edit_url, {**edit_data(page, "Volgen (gepubliceerd?)"), "action-publish": "1"})
    assert AttitudePage.objects.get(id=page.id).title_nl == "Volgen"
    response = client.post(edit_url, {**edit_data(page, "Volgen, ingediend"), "action-submit": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title_nl == "Volgen"  # the live page is unchanged
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert client.get(page.url).content.decode().count("Volgen, ingediend") == 0

    client.force_login(moderator)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.id, "approve", task_state.id]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.title_nl == "Volgen, ingediend"
    client.logout()
    assert "Volgen, ingediend" in client.get(page.url).content.decode()


# --- Reordering (issue 16, bug 6): offered only to those whose reorder is carried out ---

def explore_ordered(client, block):
    return client.get(reverse("wagtailadmin_explore", args=[block.id]), {"ordering": "ord"})


def child_titles(block):
    return list(AttitudePage.objects.child_of(block).order_by("path").values_list("title_nl", flat=True))


def test_an_editor_is_not_offered_drag_and_drop(client, seeded, editor):
    from kennisbank.content.models import BlockPage

    block = BlockPage.objects.get(number=2)
    before = child_titles(block)
    client.force_login(editor)
    response = explore_ordered(client, block)
    assert response.status_code == 200
    assert b"Volgen" in response.content  # the list is there, in the block's order
    assert b'data-controller="w-orderable"' not in response.content
    moved = AttitudePage.objects.child_of(block).order_by("path").last()
    response = client.post(reverse("wagtailadmin_pages:set_page_position", args=[moved.id]) + "?position=0")
    assert response.status_code != 200
    assert child_titles(block) == before


def test_a_final_editor_reorders(client, seeded, moderator):
    from kennisbank.content.models import BlockPage

    block = BlockPage.objects.get(number=2)
    before = child_titles(block)
    client.force_login(moderator)
    assert b'data-controller="w-orderable"' in explore_ordered(client, block).content
    moved = AttitudePage.objects.child_of(block).order_by("path").last()
    response = client.post(reverse("wagtailadmin_pages:set_page_position", args=[moved.id]) + "?position=0")
    assert response.status_code == 200
    assert child_titles(block) == [before[-1], *before[:-1]]
