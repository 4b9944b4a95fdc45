"""The accounts store: argon2 hashes (no password as text), roles from the data file, one
message for each bad input."""
from __future__ import annotations

import sqlite3

import pytest

from app import accounts
from carbon.errors import InputError
from collab.roles import ROLES, at_least

PASSWORD = "kevät-huhtikuu-2027"


@pytest.fixture()
def org(tmp_path):
    """A settings file's path (the accounts live beside it in .vastuu/)."""
    return tmp_path / "organisation.yaml"


def test_roles_come_from_the_data_file_in_order():
    assert ROLES == ("viewer", "contributor", "approver", "administrator")
    assert at_least("approver", "contributor") and not at_least("viewer", "contributor")
    assert not at_least("superuser", "viewer")


def test_no_password_is_stored_as_text(org):
    accounts.add_user(org, "maija", "contributor", PASSWORD)
    raw = (org.parent / ".vastuu" / "accounts.sqlite").read_bytes()
    assert PASSWORD.encode() not in raw
    stored = sqlite3.connect(org.parent / ".vastuu" / "accounts.sqlite").execute(
        "SELECT password_hash FROM accounts").fetchone()[0]
    assert stored.startswith("$argon2id$")


def test_the_right_password_lets_in_and_a_wrong_one_does_not(org):
    accounts.add_user(org, "maija", "contributor", PASSWORD, "Maija Meikäläinen")
    account = accounts.check_password(org, "maija", PASSWORD)
    assert account is not None and account.role == "contributor"
    assert account.display_name == "Maija Meikäläinen"
    assert accounts.check_password(org, "maija", PASSWORD + "x") is None
    assert accounts.check_password(org, "nobody", PASSWORD) is None


def test_set_role_reset_password_and_remove(org):
    accounts.add_user(org, "pekka", "viewer", PASSWORD)
    assert accounts.set_role(org, "pekka", "approver").role == "approver"
    accounts.reset_password(org, "pekka", "toinen-salasana")
    assert accounts.check_password(org, "pekka", PASSWORD) is None
    assert accounts.check_password(org, "pekka", "toinen-salasana") is not None
    accounts.remove_user(org, "pekka")
    assert accounts.users(org) == []


def test_an_account_without_a_password_cannot_log_in_with_one(org):
    accounts.add_user(org, "sso.user@virasto.fi", "viewer", None)
    assert accounts.user(org, "sso.user@virasto.fi").has_password is False
    assert accounts.check_password(org, "sso.user@virasto.fi", "") is None


@pytest.mark.parametrize("call, code", [
    (lambda org: accounts.add_user(org, "bad name", "viewer", PASSWORD), "account_name_invalid"),
    (lambda org: accounts.add_user(org, "x", "owner", PASSWORD), "account_role_unknown"),
    (lambda org: accounts.add_user(org, "x", "viewer", "short"), "account_password_short"),
    (lambda org: accounts.set_role(org, "ghost", "viewer"), "account_unknown"),
    (lambda org: accounts.remove_user(org, "ghost"), "account_unknown"),
])
def test_bad_input_is_one_coded_message(org, call, code):
    with pytest.raises(InputError) as info:
        call(org)
    assert info.value.code == code


def test_a_name_is_added_once(org):
    accounts.add_user(org, "maija", "viewer", PASSWORD)
    with pytest.raises(InputError) as info:
        accounts.add_user(org, "maija", "approver", PASSWORD)
    assert info.value.code == "account_exists"
    assert accounts.user(org, "maija").role == "viewer"
