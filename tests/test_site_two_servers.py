"""
Two app servers behind a load balancer share everything that is state: the database and the
cache. Two gunicorns on their own ports of 127.0.0.1, each with its background worker
(``db_worker``), run production's settings on a database of their own (a PostgreSQL database made
for the run and dropped after it when ``DATABASE_URL`` names one, else a SQLite file) and Redis
when ``REDIS_URL`` is set (else the database cache: tests/servers_settings.py). A visitor's
requests go to either, as a load balancer without sticky sessions sends them.

Starting the servers takes a while (migrations, collectstatic): they are started once for the
module, and every process is stopped at its end whatever fails.
"""

import email
import re
import secrets
import sqlite3
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest

from benchmarks.stack import (
    free_port,
    manage,
    request,
    stack_environment,
    start_app_server,
    stop_stack,
)

# One pytest-xdist worker runs the module: the servers are started once.
pytestmark = pytest.mark.xdist_group("two-servers")

ADMIN_PASSWORD = secrets.token_urlsafe(16)
# The call-back form's requests per client address, past which the form is refused (the
# ceiling, LEADS_RATE_LIMIT_HOLD), low enough to reach in a test.
RATE_LIMIT = 4
# How long the test waits for the background workers to send what they owe.
NOTIFICATION_SECONDS = 90


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """The two servers' addresses, and what the test reads behind them: database, mail."""
    folder = tmp_path_factory.mktemp("two-servers")
    env = stack_environment(folder)
    run = secrets.token_hex(4)
    database = throwaway_database(env["DATABASE_URL"], run, folder)
    env.update(
        DATABASE_URL=database["url"],
        DJANGO_SETTINGS_MODULE="tests.servers_settings",
        SERVERS_MAIL_FOLDER=str(folder / "mail"),
        CACHE_KEY_PREFIX=f"two-servers-{run}",
        LEADS_RATE_LIMIT=f"{RATE_LIMIT}/10m",
        LEADS_RATE_LIMIT_HOLD=f"{RATE_LIMIT}/10m",
        LEADS_MIN_FILL_SECONDS="0",
        DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
    )
    processes = []
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")  # the database cache's table, when it is the cache
        manage(env, "collectstatic", "--noinput")
        manage(env, "createsuperuser", "--noinput", "--username", "desk", "--email", "d@c.example")
        addresses = []
        for _ in range(2):
            port = free_port()
            processes += start_app_server(env, port=port, workers=1)
            addresses.append(f"http://127.0.0.1:{port}")
        yield {"a": addresses[0], "b": addresses[1], "database": database, "mail": folder / "mail"}
    finally:
        stop_stack(processes)
        database["drop"]()
        forget_cache(env)


def throwaway_database(url: str, run: str, folder) -> dict:
    """A database for this run only: its URL, and how to drop it."""
    address = urlsplit(url)
    if not address.scheme.startswith("postgres"):
        return {"url": f"sqlite:///{folder / 'servers.sqlite3'}", "drop": lambda: None}
    import psycopg2

    name = f"clinic_servers_{run}"
    server = urlunsplit(address._replace(path="/postgres"))

    def execute(statement):
        connection = psycopg2.connect(server)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
        connection.close()

    execute(f'CREATE DATABASE "{name}"')
    return {
        "url": urlunsplit(address._replace(path=f"/{name}")),
        "drop": lambda: execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'),
    }


def forget_cache(env: dict):
    """The servers' keys out of a Redis other runs share (the database cache left with its
    database)."""
    if env.get("REDIS_URL"):
        import redis

        client = redis.Redis.from_url(env["REDIS_URL"])
        for key in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
            client.delete(key)


def query(database: dict, sql: str, *params) -> list[tuple]:
    """Rows read straight from the servers' database (``?`` for each parameter)."""
    url = database["url"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(urlsplit(url).path)
    else:
        import psycopg2

        connection = psycopg2.connect(url)
        sql = sql.replace("?", "%s")
    try:
        cursor = connection.cursor()
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        connection.close()


# --- A browser ----------------------------------------------------------------------------------


class Forms(HTMLParser):
    """Each form of a page with what a browser would send from it as it stands."""

    def __init__(self, page: str):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file", "image", "reset"}:
                fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in fields:
                fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data.removeprefix("\n")

    def posting_to(self, path: str) -> dict:
        return next(form["fields"] for form in self.forms if form["action"].endswith(path))

    def with_field(self, name: str) -> dict:
        return next(form["fields"] for form in self.forms if name in form["fields"])


class Browser:
    """One visitor: an address and a cookie jar, whichever server the balancer picks.

    Cookies belong to the host, not to its port: the same jar for both servers, as a browser
    keeps one for a site whatever machine answers it.
    """

    def __init__(self, client_ip: str):
        self.client_ip, self.cookies = client_ip, {}

    def get(self, server: str, path: str) -> str:
        status, headers, page = self._send(server, "GET", path)
        assert status == 200, f"{path} answered {status}"
        return page

    def post(self, server: str, path: str, fields: dict):
        return self._send(server, "POST", path, urlencode(fields))

    def _send(self, server, method, path, body=None):
        status, headers, page = request(
            server,
            method,
            path,
            client_ip=self.client_ip,
            body=body,
            cookies=self.cookies,
            referer=f"https://{urlsplit(server).netloc}{path}" if body is not None else None,
            headers={"Sec-Fetch-Site": "same-origin"} if body is not None else None,
        )
        for header in headers.get_all("Set-Cookie") or []:
            self.cookies.update({name: item.value for name, item in SimpleCookie(header).items()})
        return status, headers, page

    def sign_in(self, server: str):
        form = Forms(self.get(server, "/admin/login/")).with_field("username")
        status, headers, _ = self.post(
            server,
            "/admin/login/",
            {**form, "username": "desk", "password": ADMIN_PASSWORD, "next": "/admin/"},
        )
        assert status == 302 and headers["Location"] == "/admin/", "the sign-in was refused"

    def ask_for_call_back(self, server: str, *, name: str, phone: str) -> int | str:
        """Send the call-back form as a patient does: "promised" when the call is promised,
        else the answer's status."""
        form = Forms(self.get(server, "/callback/")).posting_to("/callback/")
        fields = {**form, "name": name, "phone": phone, "consent": "on"}
        status, headers, _ = self.post(server, "/callback/", fields)
        location = urlsplit(headers.get("Location", ""))
        if (
            status == 302
            and location.path.endswith("/callback/thanks/")
            and "queued" in parse_qs(location.query)
        ):
            return "promised"
        return status


def phone(number: int) -> str:
    """A number no patient has (+90 532 9xx xx xx), distinct for each test's ``number``."""
    return f"+905329{secrets.randbelow(900) + 100:03d}{number:03d}"


def notifications(folder) -> list[str]:
    """The text of every message the servers have sent, wherever it was written."""
    texts = []
    for file in sorted(folder.glob("*.log")) if folder.exists() else []:
        for raw in file.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                message = email.message_from_bytes(raw)
                texts.append(
                    str(message["Subject"])
                    + "\n"
                    + "".join(
                        part.get_payload(decode=True).decode()
                        for part in message.walk()
                        if part.get_content_type() == "text/plain"
                    )
                )
    return texts


# --- The tests ----------------------------------------------------------------------------------


def test_a_change_saved_through_one_server_is_shown_by_the_other_at_once(servers):
    visitor, editor = Browser("198.51.100.10"), Browser("198.51.100.11")
    before = visitor.get(servers["b"], "/")  # the identity is in the shared cache now
    new_name = f"Clinic {secrets.token_hex(3)}"
    assert new_name not in before

    editor.sign_in(servers["a"])
    change = "/admin/clinic_site/clinic/1/change/"
    form = Forms(editor.get(servers["a"], change)).with_field("name")
    status, _, page = editor.post(servers["a"], change, {**form, "name": new_name, "_save": ""})
    assert status == 302, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', page, re.S)

    assert new_name in visitor.get(servers["b"], "/")


def test_a_rate_limit_counts_the_requests_sent_to_both_servers(servers):
    patient = Browser("198.51.100.20")
    answers = [
        patient.ask_for_call_back(
            servers["ab"[n % 2]], name=f"Rate Patient {n}", phone=phone(20 + n)
        )
        for n in range(RATE_LIMIT + 2)
    ]

    # Each server alone has seen three requests, under the limit: only a shared count refuses
    # the fifth.
    assert answers == ["promised"] * RATE_LIMIT + [429, 429]


def test_a_request_sent_to_one_server_is_claimed_on_the_other(servers):
    number = phone(30)
    patient = Browser("198.51.100.30")
    assert patient.ask_for_call_back(servers["a"], name="Claimed", phone=number) == "promised"
    (lead,) = query(servers["database"], "SELECT id FROM leads_lead WHERE phone = ?", number)

    coordinator = Browser("198.51.100.31")
    coordinator.sign_in(servers["a"])  # the session is in the database: any server knows it
    queue = "/admin/leads/lead/"
    token = Forms(coordinator.get(servers["b"], queue)).with_field("csrfmiddlewaretoken")
    status, _, _ = coordinator.post(
        servers["b"],
        queue,
        {
            "csrfmiddlewaretoken": token["csrfmiddlewaretoken"],
            "action": "claim",
            "_selected_action": lead[0],
            "index": "0",
        },
    )

    assert status == 302
    owner = query(
        servers["database"],
        "SELECT u.username FROM leads_lead l JOIN auth_user u ON u.id = l.owner_id WHERE l.id = ?",
        lead[0],
    )
    assert owner == [("desk",)]


def test_the_two_workers_send_each_notification_once(servers):
    names = [f"Notified Patient {secrets.token_hex(3)}" for _ in range(6)]
    for n, name in enumerate(names):
        patient = Browser(f"198.51.100.{40 + n}")
        answer = patient.ask_for_call_back(servers["ab"[n % 2]], name=name, phone=phone(40 + n))
        assert answer == "promised"

    def sent(name):
        return sum(name in text for text in notifications(servers["mail"]))

    deadline = time.monotonic() + NOTIFICATION_SECONDS
    while time.monotonic() < deadline and not all(sent(name) for name in names):
        time.sleep(0.5)
    time.sleep(3)  # several rounds of both workers: a second sending would be in by now

    assert {name: sent(name) for name in names} == dict.fromkeys(names, 1)
