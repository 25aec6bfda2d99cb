"""Malformed and hostile uploads: each gets a clear answer, and nothing of it reaches the registers."""

import gzip
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.exchange.files import HEADER, csv_text, missing_row, xlsx_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport, StatusChange
from trackchild.exchange.imports import request_save, start_import
from trackchild.exchange.models import ImportJob


def raw(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def csv_of(*rows, header=HEADER) -> SimpleUploadedFile:
    return raw("register.csv", csv_text(list(rows), header=header).encode())


def zip_of(parts: dict[str, bytes], name="register.xlsx") -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return raw(name, out.getvalue())


def xlsx_with_part(part: str, content: bytes) -> SimpleUploadedFile:
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([list(missing_row().values())])))
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts[part] = content
    return zip_of(parts)


def formula_xlsx() -> SimpleUploadedFile:
    cells = list(missing_row().values())
    cells[HEADER.index("name")] = '=HYPERLINK("http://evil.example","click")'
    return raw("register.xlsx", xlsx_bytes([cells]))


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><workbook>&lol3;</workbook>'
)


def external_entity_xlsx() -> SimpleUploadedFile:
    """A worksheet whose XML asks the parser to read /etc/passwd into a cell."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([list(missing_row().values())])))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    doctype = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    sheet = '<?xml version="1.0"?>' + doctype + sheet.split("?>", 1)[-1].replace("Patna Junction", "&xxe;")
    return xlsx_with_part("xl/worksheets/sheet1.xml", sheet.encode())


# (kind, the file, the message the uploader reads, settings to apply)
HOSTILE = [
    ("only blank lines", lambda: raw("r.csv", b"\r\n\r\n\r\n"), "first row must be the header row", {}),
    ("header only", lambda: csv_of(), "no rows of data", {}),
    (
        "no header row",
        lambda: raw("r.csv", csv_text([missing_row()]).split("\r\n", 1)[1].encode()),
        "header row does not match",
        {},
    ),
    (
        "an unknown column",
        lambda: csv_of(missing_row(), header=[*HEADER, "caste"]),
        "unknown columns: 'caste'",
        {},
    ),
    (
        "a required column missing",
        lambda: csv_of(missing_row(), header=HEADER[1:]),
        "required columns missing: fir_number",
        {},
    ),
    (
        "a column given twice",
        lambda: csv_of(missing_row(), header=[*HEADER, "name"]),
        "columns given twice: name",
        {},
    ),
    (
        "too many rows",
        lambda: csv_of(missing_row(1), missing_row(2), missing_row(3)),
        "more than 2 rows",
        {"IMPORT_MAX_ROWS": 2},
    ),
    ("a formula in a CSV cell", lambda: csv_of(missing_row(name="=cmd|' /C calc'!A0")), "formula", {}),
    ("a formula in an Excel cell", formula_xlsx, "formula", {}),
    (
        "a zip bomb",
        lambda: zip_of({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * 30_000_000}),
        "zip bomb",
        {},
    ),
    ("a macro workbook", lambda: xlsx_with_part("xl/vbaProject.bin", b"\0macro"), "macros", {}),
    (
        "a zip that is not a workbook",
        lambda: zip_of({"readme.txt": b"hello"}),
        "not an Excel (.xlsx) workbook",
        {},
    ),
    ("a damaged workbook", lambda: raw("r.xlsx", b"PK\x03\x04" + b"garbage" * 100), "damaged", {}),
    (
        "entity expansion (billion laughs)",
        lambda: xlsx_with_part("xl/workbook.xml", BILLION_LAUGHS),
        "damaged",
        {},
    ),
    ("an external entity", external_entity_xlsx, "damaged", {}),
    (
        "an old .xls file",
        lambda: raw("r.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        "old Excel file",
        {},
    ),
    ("a PDF", lambda: raw("r.csv", b"%PDF-1.7\n..."), "This is a PDF", {}),
    ("a gzip archive", lambda: raw("r.csv", gzip.compress(b"fir_number\n1\n")), "compressed archive", {}),
    ("binary data", lambda: raw("r.csv", b"fir_number,name\n\x00\x01\x02\x00"), "binary data", {}),
    (
        "a row given twice",
        lambda: csv_of(missing_row(1), missing_row(1)),
        "already on row 2 of this file",
        {},
    ),
    (
        "one FIR in two cases",
        lambda: csv_of(missing_row(1), missing_row(1, fir_number="fir-1/2026")),
        "already on row 2",
        {},
    ),
    ("an unreadable date", lambda: csv_of(missing_row(fir_date="2026/13/45")), "DD-MM-YYYY", {}),
    ("a month-first date", lambda: csv_of(missing_row(fir_date="11/25/2026")), "DD-MM-YYYY", {}),
    (
        "a FIR dated in the future",
        lambda: csv_of(missing_row(fir_date="01-01-2099")),
        "cannot be in the future",
        {},
    ),
    ("an adult", lambda: csv_of(missing_row(age_years="19")), "must be under 18", {}),
    (
        "an unknown district",
        lambda: csv_of(missing_row(last_seen_district="999999")),
        "No district has LGD code",
        {},
    ),
    ("an age in words", lambda: csv_of(missing_row(age_years="eleven")), "whole number", {}),
    ("an unknown gender", lambda: csv_of(missing_row(gender="boy")), "Write one of", {}),
    ("a FIR number too long", lambda: csv_of(missing_row(fir_number="F" * 41)), "at most 40 characters", {}),
    ("a giant cell", lambda: csv_of(missing_row(name="x" * 30_000)), "longer than 20000 characters", {}),
    (
        "too many columns",
        lambda: raw("r.csv", ",".join(["a"] * 250).encode() + b"\n"),
        "more than 200 cells",
        {},
    ),
    (
        "more cells than headers",
        lambda: raw("r.csv", (csv_text([missing_row()]).rstrip() + ",extra\r\n").encode()),
        "more cells than the header",
        {},
    ),
    (
        "a required value left empty",
        lambda: csv_of(missing_row(place_last_seen="")),
        "This column is required",
        {},
    ),
    ("no FIR number", lambda: csv_of(missing_row(fir_number="")), "This column is required", {}),
    (
        "withdrawing a record that is not there",
        lambda: csv_of(missing_row(withdraw_reason="Registered twice")),
        "no record with this number to close",
        {},
    ),
    (
        "a withdraw reason longer than a withdrawal may have",
        lambda: csv_of(missing_row(withdraw_reason="Registered twice. " * 120)),
        "Keep the reason under 2000 characters",
        {},
    ),
    (
        "an age against the date of birth",
        lambda: csv_of(
            missing_row(age_years="3", date_of_birth="01-01-2014"), header=[*HEADER, "date_of_birth"]
        ),
        "does not agree with the date of birth",
        {},
    ),
    (
        "an invalid PIN code",
        lambda: csv_of(missing_row(home_pin="0123"), header=[*HEADER, "home_pin"]),
        "PIN code has 6 digits",
        {},
    ),
    ("a file too large", lambda: csv_of(missing_row()), "larger than 0 MB", {"IMPORT_MAX_MB": 0}),
]


def database_state():
    return (
        MissingReport.objects.count(),
        StatusChange.objects.count(),
        AuditEvent.objects.filter(object_type="cases.missingreport").count(),
    )


@pytest.mark.parametrize(("kind", "make", "message", "overrides"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_or_malformed_file_gets_a_clear_answer_and_saves_nothing(
    cast, settings, kind, make, message, overrides
):
    for name, value in overrides.items():
        setattr(settings, name, value)
    before = database_state()
    answers = []
    try:
        job = start_import(actor=cast.police_officer, register="missing_reports", upload=make(), mode="all")
    except ValidationError as refused:
        answers += refused.messages
    else:
        job.refresh_from_db()
        answers += [job.message, *job.problems.values_list("message", flat=True)]
        if job.status == ImportJob.Status.CHECKED:
            with pytest.raises(ValidationError, match="Nothing was saved"):
                request_save(actor=cast.police_officer, job=job)
        else:
            assert job.status == ImportJob.Status.REFUSED
    assert any(message in answer for answer in answers), answers
    assert database_state() == before


def test_an_empty_file_is_refused_before_it_is_stored(cast):
    with pytest.raises(ValidationError, match="The file is empty"):
        start_import(
            actor=cast.police_officer, register="missing_reports", upload=raw("r.csv", b""), mode="all"
        )
    assert ImportJob.objects.count() == 0


def test_at_least_thirty_kinds_of_bad_file_are_covered():
    assert len(HOSTILE) + 1 >= 30
