"""Where Chromium is missing, the browser tests say so in one line; under CI they fail."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# A plain test beside the browser ones, as in a real run.
TEST_FILES = ["tests/test_site_exports.py", "tests/browser/test_site_browser.py"]


def run_browser_tests(**env_overrides):
    # A plain run, whatever this one is: no services, no CI, no extra options, not an xdist worker.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CI", "PYTEST_ADDOPTS"}
        and not key.startswith("PYTEST_XDIST_")
    }
    env.update(CHROMIUM_PATH="/nonexistent/chromium", **env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *TEST_FILES],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_chromium_browser_tests_are_skipped_with_one_clear_line():
    result = run_browser_tests()
    assert result.returncode == 0, result.stdout
    notes = [line for line in result.stdout.splitlines() if "Chromium not found" in line]
    assert len(notes) == 1
    assert "apt-get install chromium" in notes[0]


def test_without_chromium_browser_tests_fail_under_ci():
    result = run_browser_tests(CI="true")
    assert result.returncode != 0
    assert "Chromium not found" in result.stdout
