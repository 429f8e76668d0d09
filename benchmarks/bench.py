"""
How fast the public pages are served: ``make bench``. Starts the production stack on free ports
of 127.0.0.1, runs ``wrk`` against each public page, a static file served by the same stack and
the call-back POST, and prints one Markdown table (the README quotes it).

Run on demand (it is not a test, and neither ``make test`` nor CI runs it):

    make bench                                   # SQLite, 5 s per wrk run
    make bench BASELINE=main                     # also today's main, in the same run
    .venv/bin/python benchmarks/bench.py --seconds 2 --json bench.json
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/clinic_bench \\
        REDIS_URL=redis://127.0.0.1:6379/5 make bench

The stack is that of benchmarks/stack.py: gunicorn (``--workers 2`` sync workers, the
reference figures' set-up; ``--workers`` to change it) and the background worker with
production settings (DEBUG off), a fresh SQLite file, or the database in ``DATABASE_URL`` with
the cache in ``REDIS_URL``: give it ones you can throw away (the baseline gets a database of its
own, ``<name>_baseline``, created if missing, and its own cache key prefix). The demo content is
seeded (``seed_demo``: articles, treatments and doctors in every language; no staff accounts
without DEBUG). The pages are found by following the site's links, in the default language
(unprefixed) and in one other (``--languages en,de``).

For each target: requests per second at 1 and at 32 connections and the median and 99th percentile
latency (wrk ``--latency``, ``--seconds`` each; its requests are a browser's behind the proxy:
``Accept-Encoding: gzip, br``, ``X-Forwarded-Proto: https``), the database queries of one request
and the median time of a request in process (Django's test client, benchmarks/bench_probe.py), the
response body's size with and without that ``Accept-Encoding``, and the ratio of its requests per
second to the static file's. For the call-back POST: requests accepted per second with wrk at 32
connections for ``--seconds`` (benchmarks/post.lua: each post a new patient, with a number and an
address of its own, the form's time stamp and, on a commit whose forms have them, CSRF cookie and
token, as a page loaded just before gave them), then the rows created and the notifications the
worker sent for those numbers (every accepted post a row, every row a notification: nothing
lost); ``--posts-from patients`` sends ``--posts`` patients as benchmarks/lead_flood.py does
instead (each loads the form first; the load generator is Python threads, which take a share of
the cores). After the run: each gunicorn worker's memory (RSS, /proc).

Each page twice: "cached", as every anonymous visitor asks for it (served from the shared page
cache once built), and "uncached", with a query parameter no page knows, which the cache passes
by, so the page is built for each request (see MODES). A baseline without the page cache builds
every page in both modes.

``--servers 2`` runs each stack as several app servers on one database and cache, as behind a
load balancer (README, "Running on several servers"): a gunicorn (``--workers`` each) and a
background worker per server, each on a port of its own; wrk runs against all of them at once,
the connections shared out (16 each for 32; one each for 1), and the table sums their requests
per second and gives the slowest server's latency. The call-back POST goes to every server at
once, the patients shared out, 32 at a time on each.

``--baseline REF`` also measures another commit in the same run: it is checked out into a
temporary ``git worktree`` (this checkout's virtualenv runs it), its stack started on other
ports, the two measured target by target in turn, and the table gains the ratio of this
checkout's requests per second to the baseline's. ``--json FILE`` writes every figure.

Traffic goes to 127.0.0.1 only and every wrk run is bounded by ``--seconds``; the default run
takes about 4 minutes on 2 cores (6 with a baseline).
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.lead_flood import FILL_SECONDS, PHONE_PREFIX, flood, open_form  # noqa: E402
from benchmarks.stack import (  # noqa: E402
    free_port,
    manage,
    request,
    seed_demo,
    stack_environment,
    start_app_server,
    start_stack,
    stop_stack,
)

CONNECTIONS = (1, 32)
# How a target is asked for in each mode: "cached" as every anonymous visitor asks for it (from
# the shared page cache once built), "uncached" with a query parameter no page knows, which the
# cache passes by (clinic_site/page_cache.py), so the page is built for each request.
MODES = {
    "cached": lambda path: path,
    "uncached": lambda path: f"{path}{'&' if '?' in path else '?'}bench=uncached",
}
# wrk's requests, as a browser's reach the site behind the proxy (README, "Running in production").
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.50"}
# Every browser says it takes compressed answers: wrk asks as they do (a compressed static file
# is the one a visitor is sent, and compressing a page is part of serving it).
ACCEPT_ENCODING = "gzip, br"
STATIC = "stylesheet (static)"
POST = "call-back POST"


@dataclass
class Stack:
    name: str
    base_dir: Path
    env: dict
    processes: list = field(default_factory=list)
    commit: str = ""
    # Every app server's address (the first is SITE_URL's) and its gunicorn's process id.
    servers: list = field(default_factory=list)
    masters: list = field(default_factory=list)
    paths: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return self.env["SITE_URL"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn sync workers (the README's three)"
    )
    parser.add_argument("--servers", type=int, default=1, help="app servers on one database")
    parser.add_argument("--languages", default="en,de", help="the default and one other")
    parser.add_argument("--renders", type=int, default=10, help="in-process renders per page")
    parser.add_argument(
        "--posts-from",
        choices=("wrk", "patients"),
        default="wrk",
        help="the call-back POST: wrk for --seconds, or --posts patients of lead_flood.py",
    )
    parser.add_argument("--posts", type=int, default=300, help="with --posts-from patients")
    parser.add_argument("--baseline", metavar="REF", help="also measure this git commit")
    parser.add_argument("--json", type=Path, help="write the raw figures to this file")
    parser.add_argument("--only", help="measure only the targets whose name contains this")
    options = parser.parse_args()
    if not 1 <= options.seconds <= 60:
        sys.exit("--seconds: from 1 to 60")
    if not 1 <= options.servers <= 4:
        sys.exit("--servers: from 1 to 4")
    if not 0 < options.posts <= 1000:
        sys.exit("--posts: from 1 to 1000 (one distinct phone number each)")
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk not found: install it (Debian/Ubuntu: apt-get install -y wrk)")

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        folder = Path(folder)
        stacks, tree = [], None
        try:
            open_stack(stacks, "current", BASE_DIR, folder / "current", options)
            if options.baseline:
                tree = checkout(options.baseline, folder / "baseline-tree")
                open_stack(stacks, "baseline", tree, folder / "baseline", options)
            measure(stacks, wrk, options)
        finally:
            for stack in stacks:
                stop_stack(stack.processes)
            if tree is not None:
                git("worktree", "remove", "--force", str(tree))
    meta = describe(stacks, options, minutes=(time.monotonic() - started) / 60)
    print()
    print(table(stacks, meta))
    if options.json:
        figures = {stack.name: {"paths": stack.paths, **stack.figures} for stack in stacks}
        options.json.write_text(json.dumps({"meta": meta, "stacks": figures}, indent=2) + "\n")
        print(f"\nfigures written to {options.json}")


# --- The stacks ---------------------------------------------------------------------------------


def open_stack(stacks: list[Stack], name: str, base_dir: Path, folder: Path, options):
    """A stack of its own: database, cache key prefix, static folder, port; demo content in.

    It joins ``stacks`` before it starts, so that it is stopped whatever fails after.
    """
    folder.mkdir()
    env = stack_environment(folder, base_dir=base_dir)
    env["CACHE_KEY_PREFIX"] = f"bench-{name}"
    env["DATABASE_URL"] = stack_database(env["DATABASE_URL"], name, folder)
    log(f"{name}: compiling the catalogues, migrating, seeding the demo content")
    # compilemessages reads no content: DEBUG spares it production's checks, as `make messages`.
    manage({**env, "DJANGO_DEBUG": "1"}, "compilemessages", "--ignore=.venv", base_dir=base_dir)
    seed_demo(env, base_dir=base_dir)
    stack = Stack(name, base_dir, env)
    stack.commit = git("-C", str(base_dir), "rev-parse", "--short", "HEAD")
    stacks.append(stack)
    stack.processes = start_stack(env, workers=options.workers, base_dir=base_dir)
    stack.servers, stack.masters = [stack.base_url], [stack.processes[0].pid]
    for _ in range(options.servers - 1):
        port = free_port()
        server = start_app_server(env, port=port, workers=options.workers, base_dir=base_dir)
        stack.processes += server
        stack.servers.append(f"http://127.0.0.1:{port}")
        stack.masters.append(server[0].pid)
    log(f"{name}: gunicorn with {options.workers} workers at {', '.join(stack.servers)}")
    stack.paths = discover(stack.base_url, options.languages.split(","))


def checkout(ref: str, path: Path) -> Path:
    git("worktree", "add", "--detach", "--quiet", str(path), ref)
    return path


def git(*arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=BASE_DIR, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"git {arguments[0]} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def stack_database(url: str, name: str, folder: Path) -> str:
    """The stack's database: the baseline's is its own (``<name>_baseline`` next to a PostgreSQL
    one, else a SQLite file of its own). A PostgreSQL database that is missing is created."""
    address = urlsplit(url)
    if not address.scheme.startswith("postgres"):
        return url if name == "current" else f"sqlite:///{folder / 'baseline.sqlite3'}"
    database = address.path.lstrip("/") + ("" if name == "current" else "_baseline")
    import psycopg2

    connection = psycopg2.connect(urlunsplit(address._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{database}"')
    connection.close()
    return urlunsplit(address._replace(path=f"/{database}"))


def discover(base_url: str, languages: list[str]) -> dict[str, str]:
    """The path of each target, found by following the site's links as a visitor would."""

    def page(path: str) -> str:
        status, _, html = request(base_url, "GET", path, client_ip="192.0.2.9")
        if status != 200:
            sys.exit(f"{path} answered {status}")
        return html

    def first_link(html: str, pattern: str, where: str) -> str:
        match = re.search(rf'href="({pattern})"', html)
        if match is None:
            sys.exit(f"no link like {pattern} on {where}: is the demo content there?")
        return match.group(1)

    home = page("/")
    default = re.search(r'<html[^>]*\blang="([^"]+)"', home).group(1)
    paths = {}
    for language in languages:
        prefix = "" if language == default else f"/{language}"
        blog = page(f"{prefix}/blog/")
        article = first_link(blog, rf"{prefix}/blog/(?!category/|feed/)[^/\"]+/", "the blog")
        paths[f"home, {language}"] = f"{prefix}/"
        paths[f"blog index, {language}"] = f"{prefix}/blog/"
        paths[f"article, {language}"] = article
        paths[f"category, {language}"] = first_link(
            blog + page(article), rf"{prefix}/blog/category/[^/\"]+/", "the blog"
        )
        paths[f"doctor, {language}"] = first_link(
            page(f"{prefix}/doctors/"), rf"{prefix}/doctors/[^/\"]+/", f"{prefix}/doctors/"
        )
        paths[f"treatment, {language}"] = first_link(
            page(f"{prefix}/treatments/"), rf"{prefix}/treatments/[^/\"]+/", f"{prefix}/treatments/"
        )
    paths[STATIC] = first_link(home, r"/static/[^\"]+\.css", "the home page")
    return paths


# --- Measuring ----------------------------------------------------------------------------------


def measure(stacks: list[Stack], wrk: str, options):
    """Every figure of every stack; the stacks take turns target by target, so a machine that
    slows down during the run slows both alike."""
    for stack in stacks:
        log(f"{stack.name}: queries and in-process time of each page")
        probe = run_probe(stack, {"pages": list(stack.paths.values()), "renders": options.renders})
        for target, path in stack.paths.items():
            stack.figures.setdefault("targets", {})[target] = {
                "path": path,
                **probe[path],
                **response_sizes(stack.base_url, path),
            }
    for target in stacks[0].paths:
        if options.only and options.only not in target and target != STATIC:
            continue
        for mode, address in MODES.items():
            for connections in CONNECTIONS:
                for stack in stacks:
                    settle(stack)
                    urls = [server + address(stack.paths[target]) for server in stack.servers]
                    figures = run_wrk_on_all(wrk, urls, connections, options.seconds)
                    stack.figures["targets"][target].setdefault(mode, {})[connections] = figures
                    log(
                        f"{stack.name}: {target}, {mode}, {connections} connections: "
                        f"{figures['requests_per_second']:,.0f} req/s"
                    )
                    if len(stack.servers) > 1 and connections == max(CONNECTIONS):
                        measure_one_server(stack, target, mode, address, wrk, options)
    for stack in stacks:
        if options.posts_from == "wrk":
            stack.figures["post"] = post_wrk(stack, wrk, options.seconds)
        else:
            stack.figures["post"] = post_flood(stack, options.posts)
        log(f"{stack.name}: {POST}: {stack.figures['post']}")
    for stack in stacks:
        stack.figures["worker_rss_mib"] = sorted(
            size for master in stack.masters for size in worker_memory(master)
        )


def measure_one_server(stack: Stack, target: str, mode: str, address, wrk: str, options):
    """The first app server alone, at once after all of them: what one more server adds, in the
    same minute of a machine whose load changes."""
    settle(stack)
    url = stack.servers[0] + address(stack.paths[target])
    figures = run_wrk(wrk, url, max(CONNECTIONS), options.seconds)
    stack.figures["targets"][target].setdefault("one_server", {})[mode] = figures
    log(f"{stack.name}: {target}, {mode}, one server: {figures['requests_per_second']:,.0f} req/s")


def settle(stack: Stack):
    """Wait until the requests a finished wrk run left queued are answered.

    wrk stops at its time, but the connections it opened are still in gunicorn's queue: the
    next run would otherwise start behind them (a 1-connection run could see none of its own
    requests answered in a short run).
    """
    for server in stack.servers:
        request(server, "GET", "/healthz", client_ip="192.0.2.1")


def run_probe(stack: Stack, question: dict) -> dict:
    done = subprocess.run(
        [sys.executable, str(BASE_DIR / "benchmarks" / "bench_probe.py")],
        input=json.dumps(question),
        env=stack.env,
        cwd=stack.base_dir,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"benchmarks/bench_probe.py failed on {stack.name}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def response_sizes(base_url: str, path: str) -> dict:
    """The body's bytes as sent, plain and to a client that accepts gzip and Brotli."""
    sizes = {}
    for key, accept in (("bytes", None), ("bytes_compressed", ACCEPT_ENCODING)):
        address = urlsplit(base_url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        headers = {**PROXY_HEADERS, **({"Accept-Encoding": accept} if accept else {})}
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            sizes[key] = len(response.read())
            if accept:
                sizes["content_encoding"] = response.headers.get("Content-Encoding")
        finally:
            connection.close()
    return sizes


def run_wrk_on_all(wrk: str, urls: list[str], connections: int, seconds: int) -> dict:
    """wrk against every app server at once, the connections shared out: the requests and
    errors summed, the latency of the slowest server."""
    if len(urls) == 1:
        return run_wrk(wrk, urls[0], connections, seconds)
    each = max(1, connections // len(urls))
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        return combined(list(pool.map(lambda url: run_wrk(wrk, url, each, seconds), urls)))


def combined(runs: list[dict]) -> dict:
    """wrk's figures of runs at the same time as one: counts summed, the slowest latency."""
    return {key: (max if key.endswith("_ms") else sum)(run[key] for run in runs) for key in runs[0]}


def run_wrk(wrk: str, url: str, connections: int, seconds: int) -> dict:
    headers = [
        option
        for name, value in {**PROXY_HEADERS, "Accept-Encoding": ACCEPT_ENCODING}.items()
        for option in ("-H", f"{name}: {value}")
    ]
    command = [
        wrk,
        "-t",
        str(min(connections, 2)),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        *headers,
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode or "Requests/sec" not in done.stdout:
        sys.exit(f"wrk failed on {url}:\n{done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def parse_wrk(output: str) -> dict:
    def number(pattern: str) -> float | None:
        match = re.search(pattern, output, re.MULTILINE)
        return float(match.group(1)) if match else None

    def milliseconds(percentile: int) -> float | None:
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if match is None:
            return None
        return float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in") or 0),
        "p50_ms": milliseconds(50),
        "p99_ms": milliseconds(99),
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)") or 0),
        "socket_errors": sum(int(count) for count in errors.groups()) if errors else 0,
    }


def post_wrk(stack: Stack, wrk: str, seconds: int) -> dict:
    """
    The call-back POST with wrk (``benchmarks/post.lua``), 32 connections shared out between the
    app servers, for ``seconds``: every request a new patient with a phone number and an address
    of its own, the form's fields as a visitor's page gave them (its signed time stamp, and on a
    commit whose forms carry one, the CSRF cookie and token), sent once the time a person takes
    to fill the form in has passed. Then the rows and the notifications the worker sent for those
    numbers are counted: every post wrk sent must be one of each.
    """
    run = secrets.randbelow(10)
    form = open_form(stack.base_url, 0)
    time.sleep(max(0.0, form["opened_at"] + FILL_SECONDS - time.monotonic()))
    fields = urlencode(
        {
            **{name: value for name, value in form["fields"].items() if value},
            "name": "Flood Patient",
            "consent": "on",
            "preferred_time": "asap",
            "website": "",
        }
    )
    started = datetime.now(UTC).isoformat()
    each = max(1, max(CONNECTIONS) // len(stack.servers))

    def run_one(index_server):
        index, server = index_server
        env = {
            **os.environ,
            "POST_FIELDS": fields,
            "POST_COOKIE": "; ".join(f"{k}={v}" for k, v in form["cookies"].items()),
            "POST_ORIGIN": f"https://{urlsplit(server).netloc}",
            "POST_PHONE": quote(f"{PHONE_PREFIX}{run}"),
            "POST_THREAD_DIGIT": str(index * 2),
        }
        command = [wrk, "-t", "2", "-c", str(each), "-d", f"{seconds}s", "--timeout", "10s"]
        command += ["--latency", "-s", str(BASE_DIR / "benchmarks" / "post.lua"), server]
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=seconds + 60
        )
        counts = re.search(r"posts: sent (\d+) answered (\d+) accepted (\d+)", done.stdout)
        if done.returncode or counts is None:
            sys.exit(f"wrk failed posting to {server}:\n{done.stderr or done.stdout}")
        sent, answered, accepted = (int(count) for count in counts.groups())
        return {**parse_wrk(done.stdout), "sent": sent, "answered": answered, "accepted": accepted}

    if len(stack.servers) > 4:
        sys.exit("the POST through wrk takes at most 4 app servers (a phone digit each)")
    with ThreadPoolExecutor(max_workers=len(stack.servers)) as pool:
        runs = list(pool.map(run_one, enumerate(stack.servers)))
    figures = combined(runs)
    counted = run_probe(
        stack, {"phone_prefix": f"{PHONE_PREFIX}{run}", "since": started, "seconds": 180}
    )
    return {
        "posted": figures["sent"],
        "answered": figures["answered"],
        "accepted": figures["accepted"],
        "seconds": seconds,
        "accepted_per_second": figures["accepted"] / seconds,
        "p50_ms": figures["p50_ms"],
        "p99_ms": figures["p99_ms"],
        **counted,
    }


def post_flood(stack: Stack, posts: int) -> dict:
    run_id = secrets.randbelow(900) + 100
    phones = [f"{PHONE_PREFIX}{run_id:03d}{n:03d}" for n in range(posts)]
    # Each server its share of the patients, all at once.
    shares = [phones[n :: len(stack.servers)] for n in range(len(stack.servers))]
    with ThreadPoolExecutor(max_workers=len(shares)) as pool:
        floods = list(pool.map(flood, stack.servers, shares))
    accepted = sum(accepted for accepted, _ in floods)
    elapsed = max(elapsed for _, elapsed in floods)
    counted = run_probe(stack, {"phones": phones, "seconds": 180})
    return {
        "posted": posts,
        "accepted": accepted,
        "seconds": elapsed,
        "accepted_per_second": accepted / elapsed,
        **counted,
    }


def worker_memory(master: int) -> list[float]:
    """The resident memory (MiB) of each of gunicorn's workers, from /proc."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.MULTILINE):
            kilobytes = re.search(r"^VmRSS:\s+(\d+) kB", text, re.MULTILINE)
            if kilobytes:
                sizes.append(round(int(kilobytes.group(1)) / 1024, 1))
    return sorted(sizes)


# --- The table ----------------------------------------------------------------------------------


def describe(stacks: list[Stack], options, *, minutes: float) -> dict:
    env = stacks[0].env
    scheme = urlsplit(env["DATABASE_URL"]).scheme
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {cpu.group(1) if cpu else platform.machine()}",
        "database": "PostgreSQL" if scheme.startswith("postgres") else "SQLite",
        "cache": "Redis" if env.get("REDIS_URL") else "the database's table (shared)",
        "workers": options.workers,
        "servers": options.servers,
        "seconds": options.seconds,
        "minutes": round(minutes, 1),
        "commits": {stack.name: stack.commit for stack in stacks},
        "baseline": options.baseline,
    }


def table(stacks: list[Stack], meta: dict) -> str:
    current = stacks[0].figures
    baseline = stacks[1].figures if len(stacks) > 1 else None
    static_rate = current["targets"][STATIC]["cached"][32]["requests_per_second"]
    columns = [
        "target",
        "path",
        "cached: req/s at 1 / 32",
        "cached: p50 at 1; p50 / p99 at 32",
        "uncached: req/s at 1 / 32",
        "uncached: p50 / p99 at 32",
        "queries (uncached)",
        "in process (uncached)",
        "bytes: plain / gzip, br",
        "cached vs static",
    ]
    servers = meta.get("servers", 1)
    if servers > 1:
        columns += ["one server: req/s at 32", f"{servers} servers vs one"]
    if baseline:
        columns += [f"{meta['baseline']}: req/s at 32", "vs baseline"]
    lines = [
        f"Measured {meta['date']} on {meta['machine']} (wrk on the same cores), commit "
        f"{meta['commits']['current']}: {servers_said(meta)}, "
        f"DEBUG off, {meta['database']}, cache {meta['cache']}, {meta['seconds']} s per wrk run.",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for target, figures in current["targets"].items():
        if "cached" not in figures:  # left out by --only
            continue
        cells = [target, f"`{figures['path']}`"]
        cells += page_cells(figures, static_rate)
        if servers > 1:
            one = figures["one_server"]["cached"]["requests_per_second"]
            cells += [f"{one:,.0f}", ratio(figures["cached"][32]["requests_per_second"], one)]
        if baseline:
            # As a visitor asks for the page (the baseline's "cached" mode, whether it has a
            # page cache or not).
            other = baseline["targets"][target]["cached"][32]["requests_per_second"]
            cells += [f"{other:,.0f}", ratio(figures["cached"][32]["requests_per_second"], other)]
        lines.append("| " + " | ".join(cells) + " |")
    post = current["post"]
    cells = [POST, "`/callback/`", "", f"{post['accepted_per_second']:,.0f} accepted/s"]
    cells += [""] * (len(columns) - len(cells) - (2 if baseline else 0))
    if baseline:
        other = baseline["post"]["accepted_per_second"]
        cells += [f"{other:,.0f}", ratio(post["accepted_per_second"], other)]
    lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for stack in stacks:
        post = stack.figures["post"]
        name = "" if stack.name == "current" else f"{meta['baseline']}: "
        servers = meta.get("servers", 1)
        if "answered" in post:
            # wrk: the posts still on their way when its time was up are answered to nobody
            # (and the last ones it counted may not have left): each accepted post must be a
            # row, and each row a notification.
            lost = max(0, post["accepted"] - post["rows"]) + post["rows"] - post["notified"]
            shared = f" shared by {servers} servers" if servers > 1 else ""
            line = (
                f"{name}call-back POST, wrk with 32 connections{shared} for {post['seconds']} s: "
                f"{post['posted']} sent, {post['answered']} answered in time, {post['accepted']} "
                f"accepted (p50 {post['p50_ms']:.1f} ms, p99 {post['p99_ms']:.1f} ms), "
                f"{post['rows']} rows, {post['notified']} notified, {lost} lost."
            )
        else:
            lost = post["posted"] - min(post["accepted"], post["rows"], post["notified"])
            at_a_time = "32 at a time" + (f" on each of {servers} servers" if servers > 1 else "")
            line = (
                f"{name}call-back POST, {post['posted']} patients {at_a_time}: "
                f"{post['accepted']} accepted, {post['rows']} rows, {post['notified']} notified, "
                f"{lost} lost."
            )
        lines.append(
            line
            + " Workers' memory after the run (RSS): "
            + ", ".join(f"{size:.0f} MiB" for size in stack.figures["worker_rss_mib"])
            + "."
        )
    failures = [
        f"{stack.name} {target}"
        for stack in stacks
        for target, figures in stack.figures["targets"].items()
        for mode in MODES
        for run in figures.get(mode, {}).values()
        if run["non_2xx_3xx"] or run["socket_errors"]
    ]
    if failures:
        lines.append("Errors (non-2xx/3xx answers or socket errors) in: " + ", ".join(failures))
    return "\n".join(lines)


def page_cells(figures: dict, static_rate: float) -> list[str]:
    cached, uncached = figures["cached"], figures.get("uncached")
    cells = [
        " / ".join(f"{cached[c]['requests_per_second']:,.0f}" for c in CONNECTIONS),
        f"{cached[1]['p50_ms']:.1f}; {cached[32]['p50_ms']:.1f} / {cached[32]['p99_ms']:.1f} ms",
    ]
    if uncached:
        cells += [
            " / ".join(f"{uncached[c]['requests_per_second']:,.0f}" for c in CONNECTIONS),
            f"{uncached[32]['p50_ms']:.1f} / {uncached[32]['p99_ms']:.1f} ms",
        ]
    else:
        cells += ["—", "—"]
    encoding = figures.get("content_encoding") or "none"
    cells += [
        str(figures["queries"]),
        f"{figures['render_ms']:.1f} ms",
        f"{figures['bytes']:,} / {figures['bytes_compressed']:,} ({encoding})",
        fraction(cached[32]["requests_per_second"], static_rate),
    ]
    return cells


def servers_said(meta: dict) -> str:
    one = f"gunicorn with {meta['workers']} sync workers"
    servers = meta.get("servers", 1)
    if servers == 1:
        return one
    return f"{servers} app servers, each {one} (wrk against all at once, summed)"


def ratio(value: float, other: float) -> str:
    return f"{value / other:.2f}×" if other else "—"


def fraction(value: float, whole: float) -> str:
    """A page's speed against the static file's: 1/38 reads better than 0.03×."""
    if not value or not whole:
        return "—"
    return "1" if value >= whole else f"1/{whole / value:,.0f}"


def log(message: str):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


if __name__ == "__main__":
    main()
