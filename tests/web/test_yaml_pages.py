"""The workbench reads scenario files through the project's YAML reader (issue 26): an alias
bomb in a lever note gives the page's error message at once, not a 500 after 40 s."""
from __future__ import annotations

import time

from tests.faults.test_yaml_faults import SCENARIO, bomb_note



def test_the_workbench_refuses_an_alias_bomb_quickly(copy_client):
    client, org = copy_client
    path = org.parent / SCENARIO
    bomb_note()(org.parent)
    assert "all: *i" in path.read_text(encoding="utf-8")
    started = time.monotonic()
    page = client.get("/scenario?file=ambitious.yaml&lang=en")
    assert time.monotonic() - started < 5
    text = page.get_data(as_text=True)
    assert page.status_code in (200, 400), page.status_code
    assert "ambitious.yaml" in text and "alias bomb" in text
