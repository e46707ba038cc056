"""Accounts a new user makes from the command line: editors in the right group."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from kennisbank.content.management.commands.create_editor import ROLES


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ROLES))
def test_create_editor_puts_the_account_in_its_group_and_it_can_open_the_admin(role, capsys):
    call_command("create_editor", "jansen", "--role", role)
    out = capsys.readouterr().out
    password = out.split("Password: ")[1].split()[0]
    client = Client()
    assert client.login(username="jansen", password=password)
    from django.contrib.auth import get_user_model

    assert list(get_user_model().objects.get(username="jansen").groups.values_list("name", flat=True)) == [ROLES[role]]
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_create_editor_refuses_an_existing_name():
    call_command("create_editor", "jansen")
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_editor", "jansen")
