"""
Lighthouse on the home page and one treatment page, desktop and mobile: prints the four
category scores (performance, accessibility, best practices, SEO) of each run, and the audits
that cost points.

Run on demand (it is not a test):

    .venv/bin/python benchmarks/lighthouse.py                     # starts the site itself
    .venv/bin/python benchmarks/lighthouse.py --url http://127.0.0.1:8000   # a running server
    .venv/bin/python benchmarks/lighthouse.py --json benchmarks/results/   # keep the reports

By default it starts the production stack of benchmarks/stack.py (DEBUG off, ``collectstatic``,
gunicorn) on a free port, with the demo content (``seed_demo``) in a fresh
SQLite file that is thrown away afterwards. Lighthouse comes from npm, pinned, installed into
.cache/npm by tests/browser/npm_tools.py; it drives Debian's Chromium (``CHROMIUM_PATH``,
default /usr/bin/chromium). No browser is downloaded. The treatment page is the first one the
home page links to.

Scores depend on the machine: performance is measured with Lighthouse's simulated throttling,
so a busy machine lowers it. Run it on a quiet one.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.stack import seed_demo, stack_environment, start_stack, stop_stack  # noqa: E402
from tests.browser.npm_tools import LIGHTHOUSE, install  # noqa: E402

ATTEMPTS = 3
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PRESETS = ["desktop", "mobile"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server instead of starting one")
    parser.add_argument("--page", action="append", help="a path to measure (repeatable)")
    parser.add_argument("--json", type=Path, help="a folder to keep each run's JSON report in")
    options = parser.parse_args()

    problem = install()
    if problem:
        sys.exit(f"Lighthouse unavailable: {problem}")
    if not Path(CHROMIUM).exists():
        sys.exit(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH"
        )

    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        stack = []
        if options.url:
            base_url = options.url.rstrip("/")
        else:
            env = stack_environment(Path(folder))
            seed_demo(env)
            stack = start_stack(env, workers=2, app="benchmarks.media_wsgi")
            base_url = env["SITE_URL"]
        try:
            pages = options.page or ["/", first_treatment_path(base_url)]
            rows = [
                measure(base_url, page, preset, options.json)
                for page in pages
                for preset in PRESETS
            ]
        finally:
            stop_stack(stack)
    report(rows)
    perfect = all(score == 100 for row in rows for score in row["scores"].values())
    sys.exit(0 if perfect else 1)


def first_treatment_path(base_url: str) -> str:
    with urllib.request.urlopen(base_url + "/", timeout=60) as response:
        html = response.read().decode()
    match = re.search(r'href="(/treatments/[^/"]+/)"', html)
    if match is None:
        sys.exit("the home page links to no treatment page: is there an active treatment?")
    return match.group(1)


def measure(base_url: str, page: str, preset: str, json_folder: Path | None) -> dict:
    # The browser reads the page's language, as its reader's does (/ar/… in an Arabic browser):
    # an English browser on /ar/ would be offered the English page, a box no reader of
    # Arabic sees.
    prefix = page.strip("/").split("/")[0]
    language = prefix if re.fullmatch(r"[a-z]{2}(-[a-z]+)?", prefix) else "en"
    command = [
        str(LIGHTHOUSE),
        base_url + page,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS} --lang={language} --accept-lang={language}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    # Lighthouse now and then loses the trace of a load (NO_NAVSTART, NO_FCP) on a headless
    # Chromium: a runtime error, not a score. That run is tried again, up to ATTEMPTS times.
    for _attempt in range(ATTEMPTS):
        done = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}
        )
        if done.returncode == 0 or "Runtime error encountered" not in done.stderr:
            break
    if done.returncode:
        sys.exit(f"lighthouse failed on {page} ({preset}):\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout)
    if json_folder:
        json_folder.mkdir(parents=True, exist_ok=True)
        name = (page.strip("/").replace("/", "-") or "home") + f"-{preset}.json"
        (json_folder / name).write_text(done.stdout)
    scores = {key: round((result["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}
    lost = sorted(
        {
            audit_ref["id"]
            for key in CATEGORIES
            for audit_ref in result["categories"][key]["auditRefs"]
            if audit_ref.get("weight")
            and result["audits"][audit_ref["id"]]["score"] is not None
            and result["audits"][audit_ref["id"]]["score"] < 1
        }
    )
    return {"page": page, "preset": preset, "scores": scores, "lost": lost}


def report(rows: list[dict]):
    print(f"{'page':<40} {'preset':<8} " + " ".join(f"{key:>14}" for key in CATEGORIES))
    for row in rows:
        scores = " ".join(f"{row['scores'][key]:>14}" for key in CATEGORIES)
        print(f"{row['page']:<40} {row['preset']:<8} {scores}")
    for row in rows:
        if row["lost"]:
            print(f"{row['page']} ({row['preset']}) loses points on: {', '.join(row['lost'])}")


if __name__ == "__main__":
    main()
