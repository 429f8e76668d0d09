"""
How long a page takes to build in process, when no cache holds it: the work of one gunicorn
worker for one anonymous request, without the network. Prints a Markdown table (the README
quotes it): the median and 90th percentile of N renders, the median CPU time of this process
alone (the fair figure on a machine busy with other work) and the database queries of one.

Run on demand (it is not a test):

    .venv/bin/python benchmarks/render.py                  # 200 renders of each page
    .venv/bin/python benchmarks/render.py -n 50 --only article
    .venv/bin/python benchmarks/render.py --profile article   # where one page's time goes

Production settings (DEBUG off, so the cached template loader; the per-process cache), a
fresh SQLite file in a temporary folder with the demo content (``seed_demo``) and the static
files collected (their hashed names). The pages are
found by following the site's links, as benchmarks/bench.py finds them: home, blog index, an
article, a category, a doctor and a treatment, in English (unprefixed) and Arabic
(``--languages``). Each request is an anonymous visitor's behind the proxy (Django's test
client, cookies cleared between requests); the first one warms what a running worker has warm
(templates, the clinic identity in the cache) and is not counted.

Two figures per page. The steady state: what every page of a language shows alike (the clinic
identity, header, footer, forms, cards: ``clinic_site/page_parts.py``) is kept by the process for
the current page generation, as in a worker that has served a few pages since the last edit.
And "after a write": before each of those renders a new page generation starts, as an editor's
save starts one, so nothing is kept and the page is built from scratch (the starting of the
generation itself is not timed).
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import BASE_DIR, manage, seed_demo, stack_environment  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--renders", type=int, default=200, help="renders of each page")
    parser.add_argument("--languages", default="en,ar", help="comma-separated, first unprefixed")
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument("--profile", metavar="PAGE", help="profile the renders of this page")
    parser.add_argument(
        "--after-write", action="store_true", help="profile: a new page generation before each"
    )
    parser.add_argument("--sort", default="cumulative", help="profile: pstats sort key")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="clinic-render-") as folder:
        env = stack_environment(Path(folder))
        # The page cache off: every request builds its page, the figure for a page the shared
        # cache does not hold yet.
        env["PAGE_CACHE_SECONDS"] = "0"
        seed_demo(env)
        manage(env, "collectstatic", "--noinput")
        os.environ.update(env)
        sys.path.insert(0, str(BASE_DIR))
        import django

        django.setup()
        paths = discover(options.languages.split(","))
        paths = {name: path for name, path in paths.items() if options.only in name}
        if options.profile:
            profile(paths, options.profile, options.renders, options.after_write, options.sort)
            return
        rows = [
            (
                name,
                path,
                *measure(path, options.renders),
                *measure_after_write(path, options.renders),
            )
            for name, path in paths.items()
        ]
    print(table(rows, options.renders))


def client():
    from django.test import Client

    return Client(
        HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="192.0.2.9"
    )


def discover(languages: list[str]) -> dict[str, str]:
    """The path of each page, found by following the site's links as a visitor would."""
    visitor = client()

    def page(path: str) -> str:
        response = visitor.get(path)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
        return response.content.decode()

    def first_link(html: str, pattern: str) -> str:
        match = re.search(rf'href="({pattern})"', html)
        if match is None:
            sys.exit(f"no link like {pattern}: is the demo content there?")
        return match.group(1)

    paths = {}
    for index, language in enumerate(languages):
        prefix = "" if index == 0 else f"/{language}"
        blog = page(f"{prefix}/blog/")
        article = first_link(blog, rf"{prefix}/blog/(?!category/|feed/)[^/\"]+/")
        paths[f"home, {language}"] = f"{prefix}/"
        paths[f"blog index, {language}"] = f"{prefix}/blog/"
        paths[f"article, {language}"] = article
        paths[f"category, {language}"] = first_link(
            blog + page(article), rf"{prefix}/blog/category/[^/\"]+/"
        )
        paths[f"doctor, {language}"] = first_link(
            page(f"{prefix}/doctors/"), rf"{prefix}/doctors/[^/\"]+/"
        )
        paths[f"treatment, {language}"] = first_link(
            page(f"{prefix}/treatments/"), rf"{prefix}/treatments/[^/\"]+/"
        )
    return paths


def measure(path: str, renders: int, *, before_each=None) -> tuple[int, float, float, float]:
    """
    (queries of one request, median ms, 90th percentile ms, median CPU ms) of ``renders``
    requests. The CPU time is this process's alone: on a machine busy with other work, the
    figure to compare two commits by. ``before_each`` runs before every request, untimed.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before_each = before_each or (lambda: None)
    visitor = client()
    visitor.get(path)
    visitor.cookies.clear()
    before_each()
    with CaptureQueriesContext(connection) as queries:
        visitor.get(path)
    count = len(queries)
    times, cpu_times = [], []
    for _ in range(renders):
        visitor.cookies.clear()
        before_each()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = visitor.get(path)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
    deciles = statistics.quantiles(times, n=10)
    return count, statistics.median(times), deciles[-1], statistics.median(cpu_times)


def measure_after_write(path: str, renders: int) -> tuple[int, float]:
    """(queries, median CPU ms) of the first render of the page after a write: a new generation."""
    from clinic_site.page_cache import pages_changed

    count, _median, _p90, cpu = measure(path, renders, before_each=pages_changed)
    return count, cpu


def profile(paths: dict[str, str], name: str, renders: int, after_write: bool, sort: str):
    """
    The functions that take the most time over ``renders`` requests for one page; with
    ``after_write``, each request after a new page generation (the generation's start not counted).
    """
    from clinic_site.page_cache import pages_changed

    path = next((path for page, path in paths.items() if name in page), None)
    if path is None:
        sys.exit(f"no page named like {name!r}: {', '.join(paths)}")
    visitor = client()
    visitor.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(renders):
        visitor.cookies.clear()
        if after_write:
            profiler.disable()
            pages_changed()
            profiler.enable()
        visitor.get(path)
    profiler.disable()
    print(f"{path}, {renders} renders" + (", each after a write" if after_write else ""))
    stats = pstats.Stats(profiler).sort_stats(sort)
    if os.environ.get("PROFILE_FILE"):
        stats.dump_stats(os.environ["PROFILE_FILE"])
    stats.print_stats(40)
    if os.environ.get("PROFILE_CALLEES"):
        stats.print_callees(os.environ["PROFILE_CALLEES"])


def table(rows, renders: int) -> str:
    lines = [
        f"| page | path | queries | median of {renders} | 90th percentile | CPU, median "
        "| after a write: queries | after a write: CPU, median |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, path, queries, median, p90, cpu, cold_queries, cold_cpu in rows:
        lines.append(
            f"| {name} | `{path}` | {queries} | {median:.1f} ms | {p90:.1f} ms | {cpu:.1f} ms "
            f"| {cold_queries} | {cold_cpu:.1f} ms |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
