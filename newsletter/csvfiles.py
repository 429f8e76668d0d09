"""
Reading a subscriber CSV (from Mailchimp, Brevo, a spreadsheet): only ``email`` is required;
``first_name``, ``language``, ``tags``, ``consent_date`` and ``consent_source`` are read when
present. Pure parsing, no database: newsletter/services/imports.py decides what each row
means.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic_site.text import strip_control_characters
from newsletter.addresses import normalize_email, validate_mailable_email
from newsletter.models import normalize_language
from newsletter.names import mailable_name

COLUMNS = ("email", "first_name", "language", "tags", "consent_date", "consent_source")
# Headers other tools write for the same columns.
ALIASES = {
    "email address": "email",
    "e-mail": "email",
    "first name": "first_name",
    "firstname": "first_name",
    "fname": "first_name",
    "lang": "language",
    "consent date": "consent_date",
    "consent source": "consent_source",
}
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d.%m.%Y",
    "%d/%m/%Y",
)


class CSVFileError(ValueError):
    """The file as a whole cannot be read: the message says why, for the person who sent it."""


@dataclass
class CSVRow:
    line: int
    email: str = ""
    first_name: str = ""
    language: str = ""
    tags: list = field(default_factory=list)
    consent_date: datetime | None = None
    consent_source: str = ""
    error: str = ""


def decode(data: bytes) -> str:
    """
    UTF-8 (with or without Excel's byte-order mark), else Windows' Western encoding, without
    NUL (the file is kept until it is run, and PostgreSQL cannot store a NUL). The other control
    characters are stripped cell by cell (``_row``), all but the address's: an address with
    such characters cannot be mailed as it stands, so its row is refused, not quietly changed.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise CSVFileError(_("The file is not text: save it as CSV (UTF-8).")) from None
    return text.replace("\x00", "")


def without_address(text: str, email: str) -> str:
    """The file's text without the lines that hold ``email`` in a cell (case ignored)."""
    dialect = _dialect(text)
    wanted = normalize_email(email).lower()
    kept = []
    for line in text.splitlines(keepends=True):
        try:
            cells = next(csv.reader([line], dialect), [])
        except csv.Error:
            cells = []
        if not any(normalize_email(cell).lower() == wanted for cell in cells):
            kept.append(line)
    return "".join(kept)


def _dialect(text: str):
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(value) from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def split_tags(value: str) -> list[str]:
    for separator in ";|":
        value = value.replace(separator, ",")
    return [" ".join(tag.split()) for tag in value.split(",") if tag.strip()]


def read_rows(text: str) -> list[CSVRow]:
    """Every data row of the file, each either clean or with ``error`` set."""
    if not text.strip():
        raise CSVFileError(_("The file is empty."))
    reader = csv.reader(io.StringIO(text), _dialect(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise CSVFileError(_("The file is empty.")) from None
    names = []
    for name in header:
        name = name.strip().lower()
        names.append(ALIASES.get(name, name.replace(" ", "_")))
    if "email" not in names:
        raise CSVFileError(
            _("The file has no “email” column. Its first line must name the columns.")
        )
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            values = {
                name: cell.strip()
                for name, cell in zip(names, cells, strict=False)
                if name in COLUMNS
            }
            rows.append(_row(reader.line_num, values))
    except csv.Error as error:
        raise CSVFileError(
            _("Line %(line)s cannot be read: %(error)s") % {"line": reader.line_num, "error": error}
        ) from None
    return rows


def _row(line: int, values: dict) -> CSVRow:
    values = {
        name: value if name == "email" else strip_control_characters(value).strip()
        for name, value in values.items()
    }
    row = CSVRow(
        line=line,
        email=normalize_email(values.get("email", "")),
        first_name=mailable_name(values.get("first_name", "")),
        language=normalize_language(values.get("language", "")),
        tags=split_tags(values.get("tags", "")),
        consent_source=values.get("consent_source", "")[:300],
    )
    if not row.email:
        row.error = _("no email address")
        return row
    try:
        validate_email(row.email)
    except ValidationError:
        row.error = _("not a valid email address")
        return row
    try:
        validate_mailable_email(row.email)
    except ValidationError:
        row.error = _("cannot receive email (hidden or invalid characters in the address)")
        return row
    try:
        row.consent_date = _date(values.get("consent_date", ""))
    except ValueError:
        row.error = _("consent_date is not a date (use YYYY-MM-DD)")
        return row
    if row.consent_date and row.consent_date > timezone.now():
        row.error = _("consent_date is in the future")
    return row
