"""Who may do what in the workbench: CSRF on every POST, login (rate-limited) in the shared
mode, roles refused on the server, the trusted SSO header only from the trusted proxy, the
session cookie's flags and the access log. Local mode: the OS user is an administrator."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import accounts
from web.access import AccessConfig
from web.server import create_app
from web.workbench import Workbench

EXAMPLE_ORG = Path(__file__).resolve().parents[2] / "examples" / "migri" / "organisation.yaml"

PASSWORD = "työryhmän-salasana"
PROXY = "10.0.0.5"


@pytest.fixture()
def shared(tmp_path):
    """A shared-mode application over the example (accounts in tmp_path); (app, access log)."""
    org = tmp_path / "organisation.yaml"
    for name, role in (("ville", "viewer"), ("kaisa", "contributor")):
        accounts.add_user(org, name, role, PASSWORD)
    log = tmp_path / "out" / "access.log"
    config = AccessConfig(shared=True, org_file=org, trusted_header="X-Remote-User",
                          trusted_proxies=(PROXY,), access_log=log)
    web = create_app(Workbench(EXAMPLE_ORG, tmp_path / "out"), config)
    return web, log


def login(client, name, password=PASSWORD, **kw):
    return client.post("/login", data={"username": name, "password": password}, **kw)


def test_local_mode_user_is_an_administrator_named_from_the_os_login(client, monkeypatch):
    import getpass
    from web import auth
    with client.application.test_request_context("/"):
        user = auth.current_user()
        assert user.role == "administrator" and user.name == getpass.getuser()
        assert auth.has_role("approver")


def test_a_post_without_the_csrf_token_is_refused(copy_client):
    client, _ = copy_client
    refused = client.post("/reload", csrf=False)
    assert refused.status_code == 400
    wrong = client.post("/reload", csrf=False, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 400


def test_every_post_form_of_a_page_carries_the_csrf_field(client):
    page = client.get("/report").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_shared_mode_requires_login_for_every_page(shared):
    web, _ = shared
    client = web.test_client()
    for path in ("/", "/report", "/scenario", "/out/x.pdf"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert "/login" in response.headers["Location"]
    assert client.get("/login").status_code == 200


def test_login_sets_an_httponly_samesite_cookie_and_a_wrong_password_is_refused(shared):
    web, _ = shared
    client = web.test_client()
    client.get("/login")
    assert login(client, "kaisa", "wrong-password").status_code == 401
    ok = login(client, "kaisa")
    assert ok.status_code == 303
    cookie = next(v for k, v in ok.headers.items() if k == "Set-Cookie" and "vastuu_session" in v)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/report/status").status_code == 200


def test_the_cookie_is_secure_behind_tls_from_the_trusted_proxy_only(shared):
    web, _ = shared
    client = web.test_client()
    proxied = login(client, "kaisa", headers={"X-Forwarded-Proto": "https"},
                    environ_base={"REMOTE_ADDR": PROXY})
    cookie = next(v for k, v in proxied.headers.items() if k == "Set-Cookie")
    assert "Secure" in cookie
    other = web.test_client()
    direct = login(other, "kaisa", headers={"X-Forwarded-Proto": "https"},
                   environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert "Secure" not in next(v for k, v in direct.headers.items() if k == "Set-Cookie")


def test_login_is_rate_limited_per_account_and_address(shared):
    web, _ = shared
    client = web.test_client()
    for _ in range(5):
        assert login(client, "kaisa", "wrong-password", headers={"Accept-Language": "sv"},
                     query_string={"lang": "sv"}).status_code == 401
    limited = login(client, "kaisa", query_string={"lang": "sv"})   # the right one, too late
    assert limited.status_code == 429
    assert "För många misslyckade inloggningar" in limited.get_data(as_text=True)
    assert int(limited.headers["Retry-After"]) > 0
    other_address = web.test_client()
    assert login(other_address, "kaisa",
                 environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 303


def test_a_viewer_is_refused_on_the_server_even_with_a_valid_csrf_token(shared):
    web, _ = shared
    client = web.test_client()
    login(client, "ville")
    for path in ("/scenario/save", "/report/build", "/reload", "/suppliers/request"):
        response = client.post(path, data={"id": "x", "name": "x"})
        assert response.status_code == 403, path
        assert "sisällöntuottaja" in response.get_data(as_text=True)


def test_a_contributor_passes_the_role_check(shared):
    web, _ = shared
    client = web.test_client()
    login(client, "kaisa")
    assert client.post("/scenario/save", data={}).status_code != 403


def test_the_trusted_header_counts_only_from_the_trusted_proxy(shared):
    web, _ = shared
    client = web.test_client(use_cookies=False)
    via_proxy = client.get("/report/status", headers={"X-Remote-User": "kaisa"},
                           environ_base={"REMOTE_ADDR": PROXY})
    assert via_proxy.status_code == 200
    elsewhere = client.get("/report/status", headers={"X-Remote-User": "kaisa"},
                           environ_base={"REMOTE_ADDR": "10.0.0.6"})
    assert elsewhere.status_code == 303
    unknown = client.get("/report/status", headers={"X-Remote-User": "stranger"},
                         environ_base={"REMOTE_ADDR": PROXY})
    assert unknown.status_code == 403


def test_the_access_log_has_one_line_per_request(shared):
    web, log = shared
    client = web.test_client()
    login(client, "kaisa", environ_base={"REMOTE_ADDR": "192.0.2.10"})
    client.get("/report/status?x=1", environ_base={"REMOTE_ADDR": "192.0.2.10"})
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    when, address, user, method, path, status, ms = lines[-1].split("\t")
    assert (address, user, method, path, status) == ("192.0.2.10", "kaisa", "GET",
                                                    "/report/status?x=1", "200")
    assert when.startswith("20") and float(ms) >= 0
    assert PASSWORD not in log.read_text(encoding="utf-8")


def test_logout_ends_the_session(shared):
    web, _ = shared
    client = web.test_client()
    login(client, "kaisa")
    assert client.post("/logout").status_code == 303
    assert client.get("/report/status").status_code == 303


def test_workbench_settings_are_checked_with_the_key_named(tmp_path):
    from carbon.errors import InputError
    from carbon.readers.settings import load_organisation, workbench_settings
    org = load_organisation(EXAMPLE_ORG)
    assert workbench_settings(org).trusted_header is None
    for bad, key in (({"trusted_header": "X-Remote-User"}, "workbench.trusted_proxies"),
                     ({"trusted_header": "X-User", "trusted_proxies": ["proxy"]},
                      "workbench.trusted_proxies"),
                     ({"port": "80"}, "workbench.port"), ({"hots": "x"}, "workbench.hots")):
        raw = dict(org.raw, workbench=bad)
        with pytest.raises(InputError) as info:
            workbench_settings(type(org)(**{**org.__dict__, "raw": raw}))
        assert info.value.key == key
    good = dict(org.raw, workbench={"trusted_header": "X-Remote-User",
                                    "trusted_proxies": ["10.0.0.5"], "port": 8443})
    settings = workbench_settings(type(org)(**{**org.__dict__, "raw": good}))
    assert settings.trusted_proxies == ("10.0.0.5",) and settings.port == 8443


def test_serve_shared_stops_on_bad_workbench_settings_with_one_message(example_copy):
    from click.testing import CliRunner
    from build import cli
    text = example_copy.read_text(encoding="utf-8")
    example_copy.write_text(text + "\nworkbench:\n  trusted_header: X-Remote-User\n",
                            encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "--shared", "--org", str(example_copy),
                                      "--lang", "en"])
    assert result.exit_code == 2
    assert "workbench.trusted_proxies" in result.output and "Traceback" not in result.output


def test_the_shared_server_over_http_requires_login_and_logs(tmp_path):
    """The real server of `serve --shared` (waitress): a page without login goes to the login
    page, no token is asked, the request is in the access log."""
    import threading
    import urllib.error
    import urllib.request
    from web.server import make_workbench_server
    log = tmp_path / "access.log"
    config = AccessConfig(shared=True, org_file=tmp_path / "organisation.yaml", access_log=log)
    server = make_workbench_server(EXAMPLE_ORG, tmp_path / "out", "127.0.0.1", 0, None,
                                   access=config)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as info:
            opener.open(f"http://127.0.0.1:{server.server_port}/report")
        assert info.value.code == 303 and "/login" in info.value.headers["Location"]
        page = urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/login?lang=en")
        assert "Log in" in page.read().decode()
    finally:
        server.server_close()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[4:6] for line in lines] == [["/report", "303"],
                                                         ["/login?lang=en", "200"]]


def test_the_shared_servers_worker_processes_ask_for_the_login_too(tmp_path, monkeypatch):
    """The overview is answered by a worker process (web.pool): without a login it sends to the
    login page as the server does; after a login (made in the server's process) the worker knows
    the session, and its requests are in the access log."""
    import http.client
    import re
    import threading
    import urllib.parse
    from web import pool
    from web.server import make_workbench_server
    monkeypatch.setattr(pool, "worker_count", lambda: 2)
    org = tmp_path / "organisation.yaml"
    accounts.add_user(org, "kaisa", "contributor", PASSWORD)
    log = tmp_path / "access.log"
    config = AccessConfig(shared=True, org_file=org, access_log=log)
    server = make_workbench_server(EXAMPLE_ORG, tmp_path / "out", "127.0.0.1", 0, None, access=config)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)

    def get(path: str, cookie: str = "") -> http.client.HTTPResponse:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        response.body = response.read().decode("utf-8")
        return response

    def cookies(response: http.client.HTTPResponse) -> str:
        return "; ".join(v.split(";", 1)[0] for k, v in response.getheaders() if k == "Set-Cookie")

    try:
        for _ in range(3):                                   # both workers, and the server
            assert get("/?lang=en").status == 303
        form = get("/login?lang=en")
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form.body).group(1)
        conn.request("POST", "/login?lang=en",
                     urllib.parse.urlencode({"username": "kaisa", "password": PASSWORD,
                                             "csrf_token": token}),
                     {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies(form)})
        logged_in = conn.getresponse()
        logged_in.read()
        assert logged_in.status == 303
        session = cookies(logged_in)
        for _ in range(3):
            page = get("/?lang=en", session)
            assert page.status == 200 and "<h1" in page.body
    finally:
        conn.close()
        server.server_close()
    lines = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    overview = [line for line in lines if line[4] == "/?lang=en"]
    assert [line[5] for line in overview] == ["303"] * 3 + ["200"] * 3
    assert {line[2] for line in overview[3:]} == {"kaisa"}


def test_the_shared_servers_session_key_is_kept_so_logins_survive_a_restart(example_copy, tmp_path):
    """Two starts of `serve --shared` over one organisation sign with the same key, kept
    owner-only in `.vastuu/session.key`; a cookie of the first server is a session on the second."""
    import stat
    from web.server import make_shared_server
    org = example_copy
    keys = []
    for _ in range(2):
        server, host, _, _ = make_shared_server(org, tmp_path / "out", "127.0.0.1", 0, None)
        try:
            keys.append(server.pooled.workbench.secret_key)
        finally:
            server.server_close()
    path = org.parent / ".vastuu" / "session.key"
    assert host == "127.0.0.1" and keys[0] == keys[1] == path.read_bytes() and len(keys[0]) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    config = AccessConfig(shared=True, org_file=org)
    first, second = (create_app(Workbench(org, tmp_path / "out", secret_key=keys[i]), config)
                     for i in range(2))
    accounts.add_user(org, "kaisa", "contributor", PASSWORD)
    c1 = first.test_client()
    c1.get("/login")
    assert login(c1, "kaisa").status_code == 303
    cookie = c1.get_cookie("vastuu_session").value
    c2 = second.test_client()
    c2.set_cookie("vastuu_session", cookie)
    assert c2.get("/edit/values?lang=en").status_code == 200
    path.write_bytes(b"short")                          # a damaged key is replaced, not trusted
    assert accounts.session_key(org) != b"short" and len(path.read_bytes()) >= 32


#: the POSTs that change nothing: a recalculation, a comparison or a download of the posted form,
#: and the login and logout themselves (each checked for its CSRF token like every POST)
READ_ONLY_POSTS = {"scenarios.recalculate", "scenarios.results_fragment", "scenarios.download",
                   "compare.with_form", "auth.login", "auth.logout"}


def _posts(web) -> list:
    return [rule for rule in web.url_map.iter_rules() if "POST" in rule.methods]


def test_every_post_that_changes_something_checks_a_role_on_the_server(shared):
    """A new form that writes cannot forget its role check: every POST but the read-only ones
    above carries require_role, and a viewer is refused each of them (403) by the server."""
    web, _ = shared
    unguarded = {rule.endpoint for rule in _posts(web)
                 if getattr(web.view_functions[rule.endpoint], "required_role", None) is None}
    assert unguarded == READ_ONLY_POSTS, unguarded ^ READ_ONLY_POSTS
    client = web.test_client()
    assert login(client, "ville").status_code == 303
    values = {"indicator_id": "x", "name": "x", "chapter_lang": "fi", "change_id": 1, "what": "csv"}
    guarded = [rule for rule in _posts(web) if rule.endpoint not in READ_ONLY_POSTS]
    assert len(guarded) >= 10
    for rule in guarded:
        path = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        assert client.post(path + "?lang=fi").status_code == 403, rule.rule
