"""
What is measured inside the site's own process, for benchmarks/bench.py: the database queries
and the render time of each page, and the call-back requests' rows and notifications.

It runs in the checkout being measured (this one or the baseline's worktree: ``cwd`` and
``PYTHONPATH``), with the stack's environment, so it imports nothing from this folder: the
baseline's code, not this one's, answers. It reads its question as JSON on stdin and writes its
answer as JSON on stdout:

    {"pages": ["/", "/de/blog/"], "renders": 10}   ->  {"/": {"status", "queries", "render_ms"}}
    {"phones": ["+90532…"], "seconds": 180}       ->  {"rows": 300, "notified": 300}
"""

import json
import statistics
import sys
import time


def measure_pages(pages: list[str], renders: int) -> dict:
    """Each page as an anonymous visitor behind the proxy asks for it, in process, built for
    its request (the page cache, where there is one, switched off: its hits cost no query).

    The first request warms what a running worker has warm (templates, the clinic identity in
    the cache); the queries are counted on the second, the time is the median of the rest.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(PAGE_CACHE_ENABLED=False):
        return _measure_pages(pages, renders, Client, connection, CaptureQueriesContext)


def _measure_pages(pages, renders, Client, connection, CaptureQueriesContext) -> dict:
    client = Client(
        HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="192.0.2.9"
    )
    results = {}
    for page in pages:
        client.cookies.clear()
        client.get(page)
        client.cookies.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        # Counted now: the next request's start empties the log the context reads from.
        count = len(queries)
        times = []
        for _ in range(renders):
            client.cookies.clear()
            started = time.perf_counter()
            client.get(page)
            times.append((time.perf_counter() - started) * 1000)
        results[page] = {
            "status": response.status_code,
            "queries": count,
            "render_ms": statistics.median(times) if times else None,
        }
    return results


def leads_notified(
    phones: list[str] = (), seconds: int = 180, *, phone_prefix: str = "", since: str = ""
) -> tuple[int, int]:
    """
    (rows created, notifications sent) for these phone numbers, or for those that start with
    ``phone_prefix`` created ``since`` (an ISO time), once every row is notified or time is up.
    """
    from leads.models import Lead

    if phone_prefix:
        leads = Lead.objects.filter(phone__startswith=phone_prefix, created_at__gte=since)
    else:
        leads = Lead.objects.filter(phone__in=phones)
    deadline = time.monotonic() + seconds
    while True:
        rows = leads.count()
        notified = leads.filter(notified_at__isnull=False).count()
        if notified >= rows or time.monotonic() > deadline:
            return rows, notified
        time.sleep(1)


def main():
    import django

    django.setup()
    question = json.load(sys.stdin)
    if "pages" in question:
        answer = measure_pages(question["pages"], question.get("renders", 10))
    else:
        rows, notified = leads_notified(
            question.get("phones", ()),
            question.get("seconds", 180),
            phone_prefix=question.get("phone_prefix", ""),
            since=question.get("since", ""),
        )
        answer = {"rows": rows, "notified": notified}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
