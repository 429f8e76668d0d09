"""
Many patients at once: N call-back requests, 32 at a time, against gunicorn and the worker, as
in production. Prints the accepted responses, the rows created and the notifications sent: the
three must be equal (nothing lost on the way).

Run on demand (it is not a test):

    .venv/bin/python benchmarks/lead_flood.py                     # 300 requests, SQLite
    .venv/bin/python benchmarks/lead_flood.py -n 1000
    DATABASE_URL=postgres://127.0.0.1/clinic_flood .venv/bin/python benchmarks/lead_flood.py
    .venv/bin/python benchmarks/lead_flood.py --url http://127.0.0.1:8000   # a running server

By default it starts the production stack on a free port with production settings: a fresh
SQLite file (or the database in ``DATABASE_URL``, which is migrated: give it one you can throw
away), ``collectstatic``, ``gunicorn --workers 3`` and ``manage.py db_worker``, with staff
notifications going to Django's in-memory mail backend. With ``--url`` it posts to a server
already running; ``DATABASE_URL`` must then name that server's database, so the rows and
notifications can be counted.

Each patient is a client of its own, the way a browser is: it loads /callback/, takes the CSRF
cookie, the form's token and its signed time stamp from the page, waits as long as a person
filling the form would (``LEADS_MIN_FILL_SECONDS``), and posts name, phone number (distinct for
each) and consent, over HTTPS as the proxy in front reports it (``X-Forwarded-Proto``), from an
address of its own (``X-Forwarded-For``, with ``CLIENT_IP_PROXY_COUNT=1``). A request is
accepted when the answer is the redirect to the thanks page that promises the call (its
``queued`` mark: a request filed as spam or held back is sent to the bare page).
"""

import argparse
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
CONCURRENCY = 32
# A number no real patient has: +90 532 9xx xx xx, one per request of this run.
PHONE_PREFIX = "+905329"
# A little longer than LEADS_MIN_FILL_SECONDS (3 by default): people, not bots.
FILL_SECONDS = 3.5


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--requests", type=int, default=300)
    parser.add_argument("--url", help="a running server; DATABASE_URL must be its database")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers to start")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lead-flood-") as folder:
        env = stack_environment(Path(folder))
        stack = [] if options.url else start_stack(env, workers=options.workers)
        base_url = options.url or env["SITE_URL"]
        try:
            run_id = secrets.randbelow(900) + 100
            if options.requests > 1000:
                sys.exit("at most 1000 requests per run (one distinct phone number each)")
            phones = [f"{PHONE_PREFIX}{run_id:03d}{n:03d}" for n in range(options.requests)]
            accepted, elapsed = flood(base_url, phones)
            rows, notified = wait_for_notifications(env, phones)
        finally:
            for process in reversed(stack):
                process.terminate()
                process.wait(timeout=30)
    report(env, options, elapsed, len(phones), accepted, rows, notified)
    sys.exit(0 if accepted == rows == notified == len(phones) else 1)


# --- The stack ----------------------------------------------------------------------------------


def stack_environment(folder: Path) -> dict:
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "LEADS_", "EMAIL_", "TASKS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        NEWSLETTER_FORGET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        # The proxy in front terminates HTTPS and says so; it appends the client's address.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_PROXY_SSL_HEADER="1",
        CLIENT_IP_PROXY_COUNT="1",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_LOG_LEVEL="WARNING",
        LEADS_NOTIFY_EMAILS="desk@clinic.example",
        EMAIL_URL="locmem://",
        PYTHONPATH=str(BASE_DIR),
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'flood.sqlite3'}")
    return env


def start_stack(
    env: dict, *, workers: int, app: str = "clinic_site.wsgi"
) -> list[subprocess.Popen]:
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        done = subprocess.run([*manage, *command], env=env, cwd=BASE_DIR, capture_output=True)
        if done.returncode:
            sys.exit(f"manage.py {command[0]} failed:\n{done.stderr.decode()[-2000:]}")
    port = urlsplit(env["SITE_URL"]).port
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=BASE_DIR,
    )
    worker = subprocess.Popen(
        [*manage, "db_worker", "--interval", "0.5"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,  # a line per task; failures still reach stderr
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            status, _, _ = request(env["SITE_URL"], "GET", "/healthz", client_ip="192.0.2.1")
            if status == 200:
                return [gunicorn, worker]
        except OSError:
            pass
        if time.monotonic() > deadline or gunicorn.poll() is not None:
            gunicorn.kill()
            worker.kill()
            sys.exit("gunicorn did not start")
        time.sleep(0.2)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- The patients -------------------------------------------------------------------------------


def request(base_url, method, path, *, client_ip, body=None, cookies=None, referer=None):
    """One HTTP request, as a browser behind the proxy sends it: (status, headers, text)."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
    headers = {"X-Forwarded-For": client_ip, "X-Forwarded-Proto": "https"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if referer:
        headers["Referer"] = referer
        headers["Origin"] = f"https://{address.netloc}"
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def hidden_input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', match.group(0)) if match else None
    if value is None:
        raise RuntimeError(f"no {name} on the call-back page")
    return value.group(1).replace("&amp;", "&")


def open_form(base_url: str, n: int) -> dict:
    client_ip = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256 or 1}"
    status, headers, html = request(base_url, "GET", "/callback/", client_ip=client_ip)
    if status != 200:
        raise RuntimeError(f"/callback/ answered {status}")
    cookies = {}
    for header in headers.get_all("Set-Cookie") or []:
        cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
    return {
        "client_ip": client_ip,
        "cookies": cookies,
        "fields": {
            "csrfmiddlewaretoken": hidden_input(html, "csrfmiddlewaretoken"),
            "form_started": hidden_input(html, "form_started"),
            "source_url": f"https://{urlsplit(base_url).netloc}/callback/",
        },
        "opened_at": time.monotonic(),
    }


def send_form(base_url: str, form: dict, phone: str) -> bool:
    body = urlencode(
        {
            **form["fields"],
            "name": "Flood Patient",
            "phone": phone,
            "consent": "on",
            "preferred_time": "asap",
            "website": "",
        }
    )
    status, headers, _ = request(
        base_url,
        "POST",
        "/callback/",
        client_ip=form["client_ip"],
        body=body,
        cookies=form["cookies"],
        referer=f"https://{urlsplit(base_url).netloc}/callback/",
    )
    location = urlsplit(headers.get("Location", ""))
    return (
        status == 302
        and location.path.endswith("/callback/thanks/")
        and "queued" in parse_qs(location.query)
    )


def flood(base_url: str, phones: list[str]) -> tuple[int, float]:
    """Every patient opens the form, then all send it, 32 at a time: (accepted, seconds)."""
    count = len(phones)
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        forms = list(pool.map(open_form, [base_url] * count, range(count)))
        time.sleep(max(0.0, forms[-1]["opened_at"] + FILL_SECONDS - time.monotonic()))
        started = time.perf_counter()
        accepted = sum(pool.map(send_form, [base_url] * count, forms, phones))
        return accepted, time.perf_counter() - started


# --- Counting -----------------------------------------------------------------------------------


def wait_for_notifications(env: dict, phones: list[str], seconds: int = 180) -> tuple[int, int]:
    """(rows created, notifications sent), once every row is notified or time is up."""
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from leads.models import Lead

    leads = Lead.objects.filter(phone__in=phones)
    deadline = time.monotonic() + seconds
    while True:
        rows = leads.count()
        notified = leads.filter(notified_at__isnull=False).count()
        if notified >= rows or time.monotonic() > deadline:
            return rows, notified
        time.sleep(1)


def report(env, options, elapsed, posted, accepted, rows, notified):
    scheme = env["DATABASE_URL"].split(":", 1)[0]
    database = {"sqlite": "SQLite", "postgres": "PostgreSQL", "postgresql": "PostgreSQL"}.get(
        scheme, scheme
    )
    server = options.url or f"gunicorn, {options.workers} workers, and db_worker"
    print(f"server: {server}; database: {database}")
    print(f"posted: {posted} call-back requests, {CONCURRENCY} at a time, in {elapsed:.1f} s")
    print(f"accepted responses: {accepted}")
    print(f"rows created: {rows}")
    print(f"notifications sent: {notified}")


if __name__ == "__main__":
    main()
