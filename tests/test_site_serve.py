"""
``make serve`` as a newcomer runs it, in a copy of this checkout (its files, tracked or new, with
no database, no media, no .env): on a free port it serves the home page, the demo content's
pictures and the static files, with caddy in front and without; Ctrl-C in its terminal, or a
``kill`` of make (SIGTERM, as a supervisor stops it), stops every process it started. (A SIGINT
to make's process alone is not a Ctrl-C: make waits for its command, which never hears of it.)
About half a minute each: ``-m "not serve"`` leaves them out of a local run; CI runs them.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from benchmarks.stack import BASE_DIR, free_port

pytestmark = [
    pytest.mark.serve,
    pytest.mark.skipif(
        shutil.which("make") is None or shutil.which("git") is None,
        reason="make serve needs make, and git to copy the checkout",
    ),
]

STARTING_SECONDS = 120
STOPPING_SECONDS = 30


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def copy_checkout(destination: Path):
    """This checkout's files as they are now (a fresh clone's, plus uncommitted changes)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=BASE_DIR,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = BASE_DIR / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    # This run's virtualenv, installed already (make -o .venv/.runtime: no pip).
    (destination / ".venv").symlink_to((BASE_DIR / ".venv").resolve())


def processes_in(folder: Path) -> dict[int, str]:
    """The processes working in ``folder`` (every one make serve starts works in it)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if Path(os.readlink(entry / "cwd")) == folder:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
                found[int(entry.name)] = command.decode(errors="replace")
        except OSError:
            pass
    return found


def wait_for_home_page(port, make, log):
    deadline = time.monotonic() + STARTING_SECONDS
    while time.monotonic() < deadline and make.poll() is None:
        try:
            status, _, page = get(port, "/")
            if status == 200:
                return page.decode()
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"make serve did not serve the home page:\n{log.read_text()[-3000:]}")


def stop(make, how):
    if how == "ctrl-c":
        # The terminal sends SIGINT to the command's whole process group.
        os.killpg(make.pid, signal.SIGINT)
    else:
        make.terminate()


@pytest.mark.parametrize(("in_front", "how"), [("caddy", "ctrl-c"), ("none", "kill")])
def test_make_serve_serves_the_site_with_its_pictures_until_stopped(tmp_path, in_front, how):
    if in_front == "caddy" and shutil.which("caddy") is None and not os.environ.get("CI"):
        pytest.skip("caddy is not installed (Debian's package: apt-get install caddy)")
    checkout = tmp_path / "clinic"
    checkout.mkdir()
    copy_checkout(checkout)
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "PYTEST_", "SITE_"))
    }
    # Caddy's state and gunicorn's control socket in the test's folder, not the home's.
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    command = ["make", "-o", ".venv/.runtime", "serve", f"PORT={port}", "WEB_CONCURRENCY=2"]
    if in_front == "none":
        command.append("CADDY=")
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        # A session of its own, with Ctrl-C's signal not ignored (it is in a process started in
        # the background, as pytest's may be), as a terminal gives the command it runs.
        make = subprocess.Popen(
            command,
            cwd=checkout,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    try:
        page = wait_for_home_page(port, make, log)
        picture = re.search(r'src="(/media/[^"]+\.jpg)"', page).group(1)
        status, headers, body = get(port, picture)
        assert status == 200
        assert headers["Content-Type"] == "image/jpeg"
        assert headers["Cache-Control"] == "public, max-age=2592000"
        assert body.startswith(b"\xff\xd8\xff")
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)
        status, headers, _ = get(port, stylesheet)
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
    finally:
        stop(make, how)
        try:
            make.wait(timeout=STOPPING_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
            pytest.fail(f"make serve did not stop ({how}):\n{log.read_text()[-3000:]}")
        left = processes_in(checkout)
        for process_id in left:
            os.kill(process_id, signal.SIGKILL)
    assert left == {}, f"still running after make serve stopped ({how}): {left}"
    with socket.socket() as listener:
        # Nothing listens at the address any more (the test's own closed connections may
        # linger on it a minute, which a server's SO_REUSEADDR disregards).
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen()
