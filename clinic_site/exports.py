"""CSV exports from the admin that open cleanly in Excel and can never run a formula."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def defuse(value) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """
    A download of ``rows`` under ``header``: UTF-8 with a byte-order mark so Excel detects the
    encoding (names like Ayşe or Müller stay intact), every cell defused.
    """
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([defuse(cell) for cell in header])
    for row in rows:
        writer.writerow([defuse(cell) for cell in row])
    return response
