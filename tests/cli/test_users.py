"""`build.py users`: add (password twice hidden, or from standard input), list, set-role,
remove, reset-password; bad input one message, exit code 2."""
from __future__ import annotations

from click.testing import CliRunner

from app import accounts
from build import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_add_asks_the_password_twice_and_stores_only_its_hash(tmp_path):
    org = tmp_path / "organisation.yaml"
    result = run("users", "add", "maija", "--role", "approver", "--org", str(org), "--lang", "en",
                 input="salasana-kevät\nsalasana-kevät\n")
    assert result.exit_code == 0, result.output
    assert "Account maija added, role approver." in result.output
    assert "salasana-kevät" not in result.output          # hidden input
    assert accounts.check_password(org, "maija", "salasana-kevät").role == "approver"


def test_two_different_passwords_are_asked_again(tmp_path):
    org = tmp_path / "organisation.yaml"
    result = run("users", "add", "maija", "--org", str(org),
                 input="salasana-yksi\nsalasana-kaksi\nsalasana-yksi\nsalasana-yksi\n")
    assert result.exit_code == 0, result.output
    assert accounts.check_password(org, "maija", "salasana-yksi") is not None


def test_password_stdin_list_set_role_reset_and_remove(tmp_path):
    org = str(tmp_path / "organisation.yaml")
    assert run("users", "add", "pekka", "--password-stdin", "--org", org,
               input="pitkä-salasana\n").exit_code == 0
    listed = run("users", "list", "--org", org, "--lang", "sv")
    assert "pekka" in listed.output and "bidragsgivare" in listed.output
    assert run("users", "set-role", "pekka", "viewer", "--org", org).exit_code == 0
    assert accounts.user(org, "pekka").role == "viewer"
    assert run("users", "reset-password", "pekka", "--password-stdin", "--org", org,
               input="uusi-pitkä-salasana\n").exit_code == 0
    assert accounts.check_password(org, "pekka", "uusi-pitkä-salasana") is not None
    assert run("users", "remove", "pekka", "--org", org).exit_code == 0
    assert "build.py users add" in run("users", "list", "--org", org).output


def test_bad_input_is_one_message_in_the_language(tmp_path):
    org = str(tmp_path / "organisation.yaml")
    short = run("users", "add", "pekka", "--password-stdin", "--org", org, "--lang", "sv",
                input="lyhyt\n")
    assert short.exit_code == 2
    assert "lösenordet är kortare än 10 tecken" in short.output
    unknown = run("users", "set-role", "ghost", "viewer", "--org", org)
    assert unknown.exit_code == 2 and "käyttäjää 'ghost' ei ole" in unknown.output
    bad_role = run("users", "set-role", "ghost", "owner", "--org", org)
    assert bad_role.exit_code == 2 and "Traceback" not in bad_role.output
