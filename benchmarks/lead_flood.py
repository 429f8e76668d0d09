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
import os
import re
import secrets
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.stack import (  # noqa: E402
    children_of,
    cpu_seconds,
    request,
    stack_environment,
    start_stack,
    stop_stack,
)

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
            # The app server's CPU time while the forms are sent: on a machine busy with other
            # work, a steadier figure than the wall clock (not known with --url).
            servers = children_of(stack[0].pid) if stack else []
            others = {"db_worker": [stack[1].pid]} if stack else {}
            accepted, elapsed, *cpu = flood(base_url, phones, servers=servers, others=others)
            rows, notified = wait_for_notifications(env, phones)
        finally:
            stop_stack(stack)
    report(env, options, elapsed, len(phones), accepted, rows, notified, cpu)
    sys.exit(0 if accepted == rows == notified == len(phones) else 1)


# --- The patients -------------------------------------------------------------------------------


def hidden_input(html: str, name: str, *, required: bool = True) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', match.group(0)) if match else None
    if value is None:
        if required:
            raise RuntimeError(f"no {name} on the call-back page")
        return ""
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
            # Only a commit from before the forms were checked by origin has one.
            "csrfmiddlewaretoken": hidden_input(html, "csrfmiddlewaretoken", required=False),
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
        headers={"Sec-Fetch-Site": "same-origin"},  # as every current browser says
    )
    location = urlsplit(headers.get("Location", ""))
    return (
        status == 302
        and location.path.endswith("/callback/thanks/")
        and "queued" in parse_qs(location.query)
    )


def flood(
    base_url: str, phones: list[str], *, servers: list[int] = (), others: dict | None = None
) -> tuple:
    """Every patient opens the form, then all send it, 32 at a time: (accepted, seconds).

    With ``servers`` (process ids), also the CPU seconds they used while the forms were sent,
    and where the rest of the machine's time went meanwhile: (accepted, seconds, CPU seconds,
    {name: CPU seconds} for ``others`` (name: process ids), this load generator and the
    machine as a whole).
    """
    count = len(phones)
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        forms = list(pool.map(open_form, [base_url] * count, range(count)))
        time.sleep(max(0.0, forms[-1]["opened_at"] + FILL_SECONDS - time.monotonic()))
        others = others or {}
        cpu_before = cpu_seconds(servers)
        others_before = {name: cpu_seconds(pids) for name, pids in others.items()}
        own_before, machine_before = time.process_time(), machine_busy_seconds()
        started = time.perf_counter()
        accepted = sum(pool.map(send_form, [base_url] * count, forms, phones))
        elapsed = time.perf_counter() - started
        if servers:
            spent = {name: cpu_seconds(pids) - others_before[name] for name, pids in others.items()}
            spent["load generator"] = time.process_time() - own_before
            spent["whole machine"] = machine_busy_seconds() - machine_before
            return accepted, elapsed, cpu_seconds(servers) - cpu_before, spent
        return accepted, elapsed


def machine_busy_seconds() -> float:
    """The CPU time every core of the machine has spent busy so far, from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


# --- Counting -----------------------------------------------------------------------------------


def wait_for_notifications(env: dict, phones: list[str], seconds: int = 180) -> tuple[int, int]:
    """(rows created, notifications sent), once every row is notified or time is up."""
    os.environ.update(env)
    import django

    django.setup()
    from benchmarks.bench_probe import leads_notified

    return leads_notified(phones, seconds)


def report(env, options, elapsed, posted, accepted, rows, notified, cpu):
    scheme = env["DATABASE_URL"].split(":", 1)[0]
    database = {"sqlite": "SQLite", "postgres": "PostgreSQL", "postgresql": "PostgreSQL"}.get(
        scheme, scheme
    )
    server = options.url or f"gunicorn, {options.workers} workers, and db_worker"
    print(f"server: {server}; database: {database}")
    print(f"posted: {posted} call-back requests, {CONCURRENCY} at a time, in {elapsed:.1f} s")
    print(f"accepted responses: {accepted} ({accepted / elapsed:.0f} per second)")
    if cpu and accepted:
        print(f"gunicorn workers' CPU time per accepted post: {cpu[0] / accepted * 1000:.1f} ms")
        # Where the rest of the wall clock went: a core not busy with the workers was busy with
        # these, or with other work on the machine, or idle (the workers waiting for a lock).
        cores = os.cpu_count() or 1
        spent = {"gunicorn workers": cpu[0], **cpu[1]}
        print(
            f"CPU seconds while posting ({cores} cores x {elapsed:.1f} s = "
            f"{cores * elapsed:.1f} core-seconds): "
            + ", ".join(f"{name} {seconds:.2f}" for name, seconds in spent.items())
        )
    print(f"rows created: {rows}")
    print(f"notifications sent: {notified}")


if __name__ == "__main__":
    main()
