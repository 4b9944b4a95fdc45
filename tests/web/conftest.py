"""The workbench over the bundled example (read-only pages) and over a writable copy (saving)."""
from __future__ import annotations

from pathlib import Path

import secrets

import flask
import pytest
from flask.testing import FlaskClient


class CsrfClient(FlaskClient):
    """A test client that posts with the session's CSRF token, as the pages' forms do
    (`csrf=False` posts without it)."""

    def open(self, *args, **kwargs):
        """A request; a POST carries the session's CSRF token in the X-CSRF-Token header."""
        send = kwargs.pop("csrf", True)
        if send and str(kwargs.get("method", "GET")).upper() == "POST":
            with self.session_transaction() as session:
                token = session.setdefault("csrf", secrets.token_hex(32))
            headers = dict(kwargs.get("headers") or {})
            headers.setdefault("X-CSRF-Token", token)
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)


# every workbench made in these tests gets the client that sends the token
flask.Flask.test_client_class = CsrfClient

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ORG = ROOT / "examples" / "migri" / "organisation.yaml"


@pytest.fixture(scope="session")
def client(tmp_path_factory):
    """An in-process HTTP client of the workbench over the bundled example."""
    from web.server import create_app
    from web.workbench import Workbench
    wb = Workbench(EXAMPLE_ORG, tmp_path_factory.mktemp("out"))
    return create_app(wb).test_client()


@pytest.fixture()
def copy_client(example_copy, tmp_path):
    """A client of a workbench over a writable copy of the example; (client, org file)."""
    from web.server import create_app
    from web.workbench import Workbench
    wb = Workbench(example_copy, tmp_path / "out")
    return create_app(wb).test_client(), example_copy
