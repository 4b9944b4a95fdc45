"""Nothing a request can do to the workbench: each hostile or odd request answers in under a
second with a 4xx and a message in the page's language (issue 24)."""
from __future__ import annotations

import time
from urllib.parse import unquote

import pytest

from web.forms import MAX_FIELD
from web.text import web_text

BASE = {"id": "x", "until": "2035", "lever-0": "nights", "years-0": "2024-2035"}


@pytest.fixture(scope="module", autouse=True)
def warm(client):
    """The data read and the scenario context made before anything is timed."""
    client.post("/scenario/results?lang=en", data=BASE)


def timed(call):
    """The response of a call and the seconds it took."""
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


def test_a_trajectory_with_many_spaces_is_parsed_in_linear_time(client):
    fields = dict(BASE, **{"p-0-pct": "2024: 1" + " " * (MAX_FIELD - 20) + "x"})
    r, took = timed(lambda: client.post("/scenario/results?lang=en", data=fields))
    assert r.status_code == 400 and took < 1.0


@pytest.mark.parametrize("field", ["p-0-pct", "note-0", "name", "years-0"])
def test_a_field_over_its_cap_is_refused_naming_it(client, field):
    fields = dict(BASE, **{field: "1 " * 20_000})
    r, took = timed(lambda: client.post("/scenario/results?lang=fi", data=fields))
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and took < 1.0
    assert field in html and "liian pitkä" in html and "Traceback" not in html


@pytest.mark.parametrize("field,value", [("names", "[" * 200_000), ("label-0", "[" * 3_000),
                                         ("label-0", '{"fi": {"a": {"b": 1}}}'),
                                         ("names", '{"a":' * 900 + "1" + "}" * 900)])
def test_nested_json_in_a_hidden_field_is_a_400_in_the_pages_language(client, field, value):
    r, took = timed(lambda: client.post("/scenario/results?lang=sv", data=dict(BASE, **{field: value})))
    html = r.get_data(as_text=True)
    assert r.status_code in (400, 413) and took < 1.0
    assert "Traceback" not in html
    if r.status_code == 400:
        assert field in html and ("ogiltigt" in html or "för långt" in html)


@pytest.mark.parametrize("sid", ["CO₂-vähennys", "sähkö €", 'a";x="y', "a\r\nX-Injected: 1",
                                 "../../x"])
def test_a_download_is_named_after_any_id_with_rfc_6266(client, sid):
    r, took = timed(lambda: client.post("/scenario/download/yaml?lang=fi", data=dict(BASE, id=sid)))
    assert took < 1.0
    header = r.headers.get("Content-Disposition", "")
    assert "\r" not in header and "\n" not in header and "X-Injected" not in header.split(";")[0]
    if r.status_code == 200:
        plain = header.split('filename="')[1].split('"')[0]
        assert plain.isascii() and "/" not in plain and '"' not in plain
        named = unquote(header.split("filename*=UTF-8''")[1])
        assert named.endswith(".yaml") and "\n" not in named and "/" not in named
        if sid.startswith("CO₂"):
            assert named == "CO₂-vähennys.yaml"
    else:
        assert 400 <= r.status_code < 500


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_404_405_and_413_pages_speak_the_pages_language(client, lang):
    t = web_text(lang)
    r = client.get(f"/nowhere?lang={lang}")
    assert r.status_code == 404 and t["not_found"] in r.get_data(as_text=True)
    r = client.get(f"/scenario/save?lang={lang}")
    assert r.status_code == 405 and t["ux"]["method_not_allowed"] in r.get_data(as_text=True)
    r, took = timed(lambda: client.post(f"/scenario/results?lang={lang}",
                                        data={"id": "x" * 2_000_000}))
    assert r.status_code == 413 and t["ux"]["too_large"] in r.get_data(as_text=True)
    assert took < 1.0


def test_a_token_is_needed_on_loopback_and_leaves_the_address(example_copy, tmp_path):
    from web.server import create_app
    from web.workbench import Workbench
    guarded = create_app(Workbench(example_copy, tmp_path, token="s3cret")).test_client()
    r = guarded.post("/scenario/save", data={"id": "x", "file_name": "csrf.yaml"})
    assert r.status_code == 403           # no token: no local account or process writes files
    r = guarded.get("/report?token=s3cret&lang=sv")
    assert r.status_code == 303 and "token" not in r.headers["Location"]
    assert "lang=sv" in r.headers["Location"]
    assert guarded.get("/report").status_code == 200       # the cookie
    assert not (example_copy.parent / "scenarios" / "csrf.yaml").exists()


def test_serve_prints_a_token_on_loopback_unless_told_not_to(monkeypatch):
    from click.testing import CliRunner
    import web.server
    from build import cli
    calls = []

    class Server:
        server_port = 8125

        def serve_forever(self):
            pass

        def server_close(self):
            pass

    monkeypatch.setattr(web.server, "make_workbench_server", lambda *a: calls.append(a) or Server())
    out = CliRunner().invoke(cli, ["serve", "--port", "8125"])
    assert calls[0][-1] and f"token={calls[0][-1]}" in out.output
    out = CliRunner().invoke(cli, ["serve", "--port", "8125", "--no-token"])
    assert calls[1][-1] is None and "token=" not in out.output
    out = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--no-token"])
    assert calls[2][-1]                    # never without a token off loopback


def test_the_yaml_reader_s_input_error_is_a_400_with_its_message(copy_client):
    """A scenario file the shared YAML reader refuses (here: not a mapping; an alias bomb is
    refused by the same reader) is a 400 naming the file, in the page's language."""
    client, org = copy_client
    (org.parent / "scenarios" / "broken.yaml").write_text("- a\n- b\n", encoding="utf-8")
    r, took = timed(lambda: client.get("/scenario?file=broken.yaml&lang=fi"))
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and took < 1.0
    assert "broken.yaml" in html and web_text("fi")["error_title"] in html and "Traceback" not in html
