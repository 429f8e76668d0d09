"""
`make bench` reads wrk's report right and prints a table that says what was not measured: the
benchmark itself never runs in the suite (it starts servers and loads the machine for minutes).
"""

from pathlib import Path

from benchmarks.bench import POST, STATIC, Stack, combined, parse_wrk, table

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:41234/blog/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   290.12ms   80.33ms   1.20s    85.00%
    Req/Sec    55.10     20.01   110.00     70.00%
  Latency Distribution
     50%  281.50ms
     75%  300.00ms
     90%  350.00ms
     99%    1.02s
  553 requests in 5.03s, 12.41MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:    109.94
Transfer/sec:      2.47MB
"""


def test_wrk_report_is_read_in_milliseconds_with_its_errors():
    figures = parse_wrk(WRK_OUTPUT)

    assert figures["requests_per_second"] == 109.94
    assert figures["requests"] == 553
    assert figures["p50_ms"] == 281.5
    assert figures["p99_ms"] == 1020.0
    assert figures["non_2xx_3xx"] == 7
    assert figures["socket_errors"] == 3


def test_fast_percentiles_in_microseconds():
    output = WRK_OUTPUT.replace("281.50ms", "640.00us").replace("  1.02s", "4.10ms")

    figures = parse_wrk(output)

    assert figures["p50_ms"] == 0.64
    assert figures["p99_ms"] == 4.1


def run(rate, p50=10.0, p99=20.0, errors=0):
    return {
        "requests_per_second": rate,
        "requests": int(rate * 5),
        "p50_ms": p50,
        "p99_ms": p99,
        "non_2xx_3xx": errors,
        "socket_errors": 0,
    }


def measured_stack(name, *, article_rate, errors=0, cached_rate=None):
    def target(path, rate, queries, plain, compressed, encoding, cached=None):
        return {
            "path": path,
            "status": 200,
            "queries": queries,
            "render_ms": 21.6,
            "bytes": plain,
            "bytes_compressed": compressed,
            "content_encoding": encoding,
            "cached": {1: run((cached or rate) / 2), 32: run(cached or rate, errors=errors)},
            "uncached": {1: run(rate / 2), 32: run(rate)},
        }

    stack = Stack(name, Path("."), {"SITE_URL": "http://127.0.0.1:1"})
    stack.figures = {
        "targets": {
            "article, en": target(
                "/blog/a/", article_rate, 3, 23600, 23600, None, cached=cached_rate
            ),
            STATIC: target("/static/site.1.css", 4260, 0, 232124, 30886, "gzip"),
        },
        "post": {
            "posted": 300,
            "accepted": 300,
            "rows": 300,
            "notified": 300,
            "accepted_per_second": 150.0,
        },
        "worker_rss_mib": [62.0, 63.0],
    }
    return stack


META = {
    "date": "2026-12-01 04:20 UTC",
    "machine": "2 cores",
    "commits": {"current": "abc1234", "baseline": "def5678"},
    "workers": 2,
    "database": "SQLite",
    "cache": "per-process (locmem)",
    "seconds": 5,
    "baseline": "main",
}


def test_table_shows_cached_and_uncached_and_compares_with_the_static_file():
    printed = table([measured_stack("current", article_rate=111, cached_rate=2130)], META)
    article = next(line for line in printed.splitlines() if line.startswith("| article, en"))
    cells = [cell.strip() for cell in article.strip("|").split("|")]

    assert cells[2] == "1,065 / 2,130"  # cached, at 1 and 32 connections
    assert cells[4] == "56 / 111"  # uncached
    assert cells[6] == "3"
    assert cells[8] == "23,600 / 23,600 (none)"
    assert cells[9] == "1/2"
    assert "main" not in printed.splitlines()[2]
    assert "300 accepted, 300 rows, 300 notified, 0 lost" in printed
    assert "62 MiB, 63 MiB" in printed
    assert "Errors" not in printed


def test_table_compares_with_the_baseline_and_names_errors():
    stacks = [
        measured_stack("current", article_rate=222, errors=4),
        measured_stack("baseline", article_rate=111),
    ]

    printed = table(stacks, META)

    article = next(line for line in printed.splitlines() if line.startswith("| article, en"))
    assert article.rstrip(" |").endswith("| 111 | 2.00×")
    post = next(line for line in printed.splitlines() if line.startswith(f"| {POST}"))
    assert post.rstrip(" |").endswith("| 150 | 1.00×")
    assert "Errors (non-2xx/3xx answers or socket errors) in: current article, en" in printed


def test_runs_against_several_servers_at_once_add_up_with_the_slowest_latency():
    both = combined([run(100, p50=10.0, p99=30.0, errors=1), run(80, p50=12.0, p99=20.0)])

    assert both["requests_per_second"] == 180
    assert both["requests"] == 900
    assert (both["p50_ms"], both["p99_ms"]) == (12.0, 30.0)
    assert both["non_2xx_3xx"] == 1


def test_table_compares_the_app_servers_measured_together_with_one_alone():
    stack = measured_stack("current", article_rate=150)
    for figures in stack.figures["targets"].values():
        figures["one_server"] = {"cached": run(100)}

    printed = table([stack], {**META, "servers": 2})

    assert "2 app servers, each gunicorn with 2 sync workers" in printed.splitlines()[0]
    article = next(line for line in printed.splitlines() if line.startswith("| article, en"))
    assert article.rstrip(" |").endswith("| 100 | 1.50×")
    assert "300 patients 32 at a time on each of 2 servers" in printed


def posted_with_wrk(stack, *, sent, answered, accepted, rows, notified):
    stack.figures["post"] = {
        "posted": sent,
        "answered": answered,
        "accepted": accepted,
        "seconds": 5,
        "accepted_per_second": accepted / 5,
        "p50_ms": 120.0,
        "p99_ms": 310.5,
        "rows": rows,
        "notified": notified,
    }
    return stack


def test_posts_from_wrk_still_on_their_way_at_the_end_are_not_counted_as_lost():
    stack = posted_with_wrk(
        measured_stack("current", article_rate=111),
        sent=1290,
        answered=1260,
        accepted=1260,
        rows=1289,
        notified=1289,
    )

    printed = table([stack], META)

    assert "| 252 accepted/s |" in printed
    assert (
        "call-back POST, wrk with 32 connections for 5 s: 1290 sent, 1260 answered in time, "
        "1260 accepted (p50 120.0 ms, p99 310.5 ms), 1289 rows, 1289 notified, 0 lost."
    ) in printed


def test_an_accepted_post_without_its_row_or_a_row_without_its_notification_is_lost():
    no_row = posted_with_wrk(
        measured_stack("current", article_rate=111),
        sent=1000,
        answered=1000,
        accepted=1000,
        rows=998,
        notified=998,
    )
    no_notification = posted_with_wrk(
        measured_stack("current", article_rate=111),
        sent=1000,
        answered=990,
        accepted=990,
        rows=1000,
        notified=997,
    )

    assert "998 rows, 998 notified, 2 lost." in table([no_row], META)
    assert "1000 rows, 997 notified, 3 lost." in table([no_notification], META)
