"""
How long a patient waits for six phone photos to upload: the free assessment sent with six
12-megapixel JPEGs (4032×3024, about 3 MB each, the size of a phone's camera photo) to the
development server (``manage.py runserver``, SQLite), from the press of the button to the
thanks page. Prints each run and the median.

Run on demand (it is not a test):

    .venv/bin/python benchmarks/assessment_upload.py            # 5 runs
    .venv/bin/python benchmarks/assessment_upload.py --runs 10

It starts the server on a free port with a throw-away database, private folder and media
folder, and the time trap off (``LEADS_MIN_FILL_SECONDS=0``: the benchmark does not wait like
a person). Each run is a new patient with a phone number of its own; the run fails if the
answer is not the thanks page or the request does not have its six photos. The time includes
what the server does with each photo: decoding it, turning it upright, encoding it again
without its metadata, its thumbnail and writing both to the private storage.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from io import BytesIO
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PHOTOS = 6
PHOTO_SIZE = (4032, 3024)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    photos = [phone_photo(seed) for seed in range(PHOTOS)]
    megabytes = sum(len(photo) for photo in photos) / 1e6
    with tempfile.TemporaryDirectory(prefix="assessment-upload-") as folder:
        env, port = server_environment(Path(folder))
        server = start_server(env, port)
        try:
            times = []
            for run in range(options.runs):
                seconds = send_assessment(port, photos, run=run)
                times.append(seconds)
                print(f"run {run + 1}: {seconds:.2f} s")
            count_photos(Path(folder), expected=options.runs * PHOTOS)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"{PHOTOS} photos, {megabytes:.1f} MB in all, {PHOTO_SIZE[0]}×{PHOTO_SIZE[1]} each: "
        f"median {statistics.median(times):.2f} s, fastest {min(times):.2f} s, "
        f"slowest {max(times):.2f} s over {len(times)} runs"
    )


def phone_photo(seed: int) -> bytes:
    """A 12-megapixel JPEG with a phone's detail and EXIF (orientation, a GPS position)."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    small = Image.effect_noise((PHOTO_SIZE[0] // 4, PHOTO_SIZE[1] // 4), 60).convert("RGB")
    image = small.resize(PHOTO_SIZE).filter(ImageFilter.GaussianBlur(1))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rng.randrange(PHOTO_SIZE[0]), rng.randrange(PHOTO_SIZE[1])
        colour = tuple(rng.randrange(40, 200) for _ in range(3))
        draw.line((x, y, x + rng.randrange(-60, 60), y + rng.randrange(20, 120)), colour, 3)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turned
    exif[0x010F] = "PhoneMaker"
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def server_environment(folder: Path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LEADS_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(folder / "private"),
        DJANGO_LOG_LEVEL="WARNING",
        LEADS_MIN_FILL_SECONDS="0",
        EMAIL_URL="locmem://",
        PYTHONPATH=str(BASE_DIR),
    )
    return env, port


def start_server(env: dict, port: int) -> subprocess.Popen:
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    done = subprocess.run([*manage, "migrate", "--noinput"], env=env, capture_output=True)
    if done.returncode:
        sys.exit(f"migrate failed:\n{done.stderr.decode()[-2000:]}")
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("the development server did not start")


def get(port: int, path: str, cookies: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.headers, response.read().decode()


def send_assessment(port: int, photos: list[bytes], *, run: int) -> float:
    status, headers, html = get(port, "/assessment/")
    if status != 200:
        sys.exit(f"/assessment/ answered {status}")
    cookies = {}
    for header in headers.get_all("Set-Cookie") or []:
        cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
    fields = hidden_inputs(html)
    fields.update(
        name=f"Patient {run}",
        phone=f"+90532{secrets.randbelow(10_000_000):07d}",
        consent="on",
        health_consent="on",
    )
    body, content_type = multipart(fields, photos)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {
        "Content-Type": content_type,
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Origin": f"http://127.0.0.1:{port}",
        "Referer": f"http://127.0.0.1:{port}/assessment/",
    }
    started = time.perf_counter()
    connection.request("POST", "/assessment/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    seconds = time.perf_counter() - started
    location = response.headers.get("Location", "")
    if response.status != 302 or "thanks" not in location:
        sys.exit(f"run {run + 1}: answered {response.status}, not the thanks page")
    return seconds


def hidden_inputs(html: str) -> dict:
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="hidden"' not in tag:
            continue
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1).replace("&amp;", "&") if value else ""
    return fields


def multipart(fields: dict, photos: list[bytes]) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for number, photo in enumerate(photos, start=1):
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
            f'filename="IMG_{number:04d}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
        )
        parts.append(head.encode() + photo + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def count_photos(folder: Path, *, expected: int) -> None:
    with sqlite3.connect(folder / "db.sqlite3") as database:
        (count,) = database.execute(
            "SELECT COUNT(*) FROM leads_assessmentphoto WHERE lead_id IS NOT NULL"
        ).fetchone()
    if count != expected:
        sys.exit(f"{count} photos attached to requests, {expected} sent")
    print(f"{count} photos attached, none under the public media folder: ", end="")
    print("yes" if not any((folder / "media").rglob("assessments/*")) else "NO")


if __name__ == "__main__":
    main()
