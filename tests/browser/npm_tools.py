"""
The browser tools that come from npm, pinned: axe-core (the accessibility checks of the browser
walk) and Lighthouse (benchmarks/lighthouse.py). Installed into ``.cache/npm`` of the checkout,
never globally; no browser is downloaded (both use Debian's Chromium).

    .venv/bin/python tests/browser/npm_tools.py      # install or check them
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PREFIX = BASE_DIR / ".cache" / "npm"
# Lighthouse 13 needs Node 22; Debian's Node is 20.
PACKAGES = {"axe-core": "4.11.0", "lighthouse": "12.8.2"}
AXE_SCRIPT = PREFIX / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = PREFIX / "node_modules" / ".bin" / "lighthouse"


def installed_version(package: str) -> str | None:
    manifest = PREFIX / "node_modules" / package / "package.json"
    if not manifest.exists():
        return None
    return json.loads(manifest.read_text()).get("version")


def install() -> str | None:
    """Installs what is missing; returns why it could not, or None when all is there."""
    missing = [
        f"{name}@{version}"
        for name, version in PACKAGES.items()
        if installed_version(name) != version
    ]
    if not missing:
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm not found: install Node.js and npm (apt-get install npm)"
    PREFIX.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(PREFIX),
            "--no-audit",
            "--no-fund",
            "--save-exact",
            *missing,
        ],
        capture_output=True,
        text=True,
        env={"PUPPETEER_SKIP_DOWNLOAD": "1", **os.environ},
    )
    if done.returncode:
        return f"npm install {' '.join(missing)} failed: {done.stderr.strip()[-500:]}"
    return None


def axe_source() -> tuple[str | None, str]:
    """(the axe-core script, "") or (None, why it is missing)."""
    problem = install()
    if problem:
        return None, problem
    return AXE_SCRIPT.read_text(), ""


if __name__ == "__main__":
    problem = install()
    if problem:
        sys.exit(problem)
    for name, version in PACKAGES.items():
        print(f"{name} {version} in {PREFIX / 'node_modules' / name}")
