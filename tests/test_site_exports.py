"""CSV exports: Excel-friendly encoding, no formula ever runs."""

import csv
import io

import pytest

from clinic_site.exports import csv_response, defuse


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+90 532 123 45 67", "'+90 532 123 45 67"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Ayşe Yılmaz", "Ayşe Yılmaz"),
        (None, ""),
        (42, "42"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_defused(value, cell):
    assert defuse(value) == cell


def test_export_is_utf8_with_a_byte_order_mark_for_excel():
    response = csv_response(filename="leads", header=["name", "phone"], rows=[["Müller", "=1+1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="leads-')
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["name", "phone"], ["Müller", "'=1+1"]]
