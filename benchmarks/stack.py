"""
The production stack on this machine, for the benchmarks: gunicorn and the background worker
with production settings (DEBUG off) on a free port of 127.0.0.1, a throw-away SQLite file (or
the database in ``DATABASE_URL``), ``collectstatic`` into a temporary folder. Not a test.

``base_dir`` is the checkout to run: this one, or another commit checked out into a temporary
git worktree (``benchmarks/bench.py --baseline``), with this one's virtualenv.
"""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent


def stack_environment(folder: Path, *, base_dir: Path = BASE_DIR) -> dict:
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
        PYTHONPATH=str(base_dir),
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'flood.sqlite3'}")
    return env


def manage(env: dict, *command: str, base_dir: Path = BASE_DIR):
    """Run one manage.py command to its end; exit with its error output if it fails."""
    done = subprocess.run(
        [sys.executable, str(base_dir / "manage.py"), *command],
        env=env,
        cwd=base_dir,
        capture_output=True,
    )
    if done.returncode:
        sys.exit(f"manage.py {command[0]} failed:\n{done.stderr.decode()[-2000:]}")


def seed_demo(env: dict, *, base_dir: Path = BASE_DIR):
    """The demo content (articles, treatments, doctors in every language) in a fresh database.

    Without DEBUG, ``seed_demo`` makes no staff accounts: the public pages are all there.
    """
    manage(env, "migrate", "--noinput", base_dir=base_dir)
    manage(env, "seed_demo", base_dir=base_dir)


def start_stack(
    env: dict, *, workers: int, app: str = "clinic_site.wsgi", base_dir: Path = BASE_DIR
) -> list[subprocess.Popen]:
    manage(env, "migrate", "--noinput", base_dir=base_dir)
    manage(env, "collectstatic", "--noinput", base_dir=base_dir)
    port = urlsplit(env["SITE_URL"]).port
    return start_app_server(env, port=port, workers=workers, app=app, base_dir=base_dir)


def start_app_server(
    env: dict,
    *,
    port: int,
    workers: int,
    app: str = "clinic_site.wsgi",
    base_dir: Path = BASE_DIR,
) -> list[subprocess.Popen]:
    """One app server on ``port``: gunicorn and a background worker of its own, once gunicorn
    answers its health check. The database is migrated and the static files collected already.

    Several of them on one database and cache are several machines behind a load balancer.
    """
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
        cwd=base_dir,
    )
    # As in production (the Procfile, the README's service): the background worker gives way
    # to the web workers when both want the processor.
    worker = subprocess.Popen(
        ["nice", "-n", "10", sys.executable, str(base_dir / "manage.py"), "db_worker"]
        + ["--interval", "0.5"],
        env=env,
        cwd=base_dir,
        stdout=subprocess.DEVNULL,  # a line per task; failures still reach stderr
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            status, _, _ = request(
                f"http://127.0.0.1:{port}", "GET", "/healthz", client_ip="192.0.2.1"
            )
            if status == 200:
                return [gunicorn, worker]
        except OSError:
            pass
        if time.monotonic() > deadline or gunicorn.poll() is not None:
            gunicorn.kill()
            worker.kill()
            sys.exit("gunicorn did not start")
        time.sleep(0.2)


def stop_stack(stack: list[subprocess.Popen]):
    """Stop every process; one that has not ended 30 s after being asked to is killed."""
    for process in reversed(stack):
        process.terminate()
    for process in reversed(stack):
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children_of(parent: int) -> list[int]:
    """The processes ``parent`` started (gunicorn's workers), from /proc."""
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{parent}\n" in text:
            pids.append(int(status.parent.name))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """The CPU time (user and system) the processes have used so far, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks
    return total / ticks


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(
    base_url, method, path, *, client_ip, body=None, cookies=None, referer=None, headers=None
):
    """One HTTP request, as a browser behind the proxy sends it: (status, headers, text)."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
    headers = {"X-Forwarded-For": client_ip, "X-Forwarded-Proto": "https", **(headers or {})}
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
