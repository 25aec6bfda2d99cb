"""Turning a spreadsheet row (cell texts under known headers) into the data a service takes, with a plain
message for every cell that cannot be read. The domain rules themselves (ages, dates in order) are the
services' and cases.rules' to apply; this module only reads values."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from trackchild.accounts.models import User
from trackchild.cases.forms import user_state_id
from trackchild.cases.rules import care_institution_usable
from trackchild.cases.services import WITHDRAWAL_REASON_MAX_LENGTH
from trackchild.geo.models import District, State
from trackchild.registry.models import Institution

from .columns import (
    BOOL,
    CHOICE,
    COLUMNS,
    DATE,
    DATETIME,
    DISTRICT,
    INSTITUTION,
    INT,
    KEY_COLUMN,
    STATE,
    WITHDRAW,
    Column,
    normal_header,
)
from .tabular import FileRefused, Formula

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, so that serial 61 is 1 March 1900 as Excel shows it
DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
YEAR_FIRST = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
SERIAL = re.compile(r"^\d{1,6}(\.\d+)?$")
YES = {"yes", "y", "true", "1", "हाँ", "हां"}
NO = {"no", "n", "false", "0", "नहीं"}


@dataclass
class ParsedRow:
    number: int
    key: str
    data: dict = field(default_factory=dict)
    withdraw_reason: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)
    previewed_new: bool = False  # the preview found it a valid new record (see checked_rows)


def read_header(cells: list[str], register: str) -> list[Column | None]:
    """The column of each header cell; a wrong or incomplete header refuses the file with every reason."""
    if not any(cell.strip() for cell in cells):
        raise FileRefused(
            _("The first row must be the header row (the column names of the template); it is empty.")
        )
    known = {column.name: column for column in COLUMNS[register]}
    names = [normal_header(cell) for cell in cells]
    while names and not names[-1]:
        names.pop()
    unknown = [cell.strip() for cell, name in zip(cells, names) if name not in known]
    doubled = sorted({name for name in names if name and names.count(name) > 1})
    missing = [c.name for c in COLUMNS[register] if c.required and c.name not in names]
    if unknown or doubled or missing:
        parts = []
        if unknown:
            parts.append(
                _("unknown columns: %(names)s") % {"names": ", ".join(repr(u) for u in unknown[:10])}
            )
        if doubled:
            parts.append(_("columns given twice: %(names)s") % {"names": ", ".join(doubled)})
        if missing:
            parts.append(_("required columns missing: %(names)s") % {"names": ", ".join(missing)})
        raise FileRefused(
            _(
                "The header row does not match the template (%(problems)s). Download the template and use its "
                "first row as it is."
            )
            % {"problems": "; ".join(parts)}
        )
    return [known[name] for name in names]


class RowReader:
    """Reads rows of one register for one uploader; districts and institutions are looked up once each."""

    def __init__(self, register: str, user: User):
        self.register, self.user = register, user
        self.key_column = KEY_COLUMN[register]
        self._districts: dict[int, District | None] = {}
        self._states: dict[int, State | None] = {}
        self._institutions: dict[str, Institution | None] = {}
        self.state_id = user_state_id(user)
        #: (column, type of cell, cell as written) -> what it reads as: registers repeat their dates,
        #: districts and choices, and each distinct cell is read once.
        self._cache: dict[tuple[str, type, object], tuple[object, str]] = {}
        self._withdraw_at: tuple[list, int] | None = None  # (header, index of its withdraw column)

    def parse(self, number: int, header: list[Column], cells: list[str]) -> ParsedRow | None:
        """None for a blank row (spreadsheets often end with some)."""
        if not "".join(map(str, cells)).strip():
            return None
        row = ParsedRow(number=number, key="")
        width = len(header)
        if len(cells) > width and "".join(map(str, cells[width:])).strip():
            row.problems.append(("", _("This row has more cells than the header row has columns.")))
        at = self._withdraw_index(header)
        withdraw = str(cells[at]).strip() if at < len(cells) else ""
        row.withdraw_reason = withdraw
        if len(withdraw) > WITHDRAWAL_REASON_MAX_LENGTH:  # as a withdrawal by the API or a page
            limit = _("Keep the reason under %(max)d characters.") % {"max": WITHDRAWAL_REASON_MAX_LENGTH}
            row.problems.append((WITHDRAW, limit))
        data, problems = row.data, row.problems
        for column, raw in zip(header, cells):  # a column past the row's last cell is absent, not empty
            name = column.name
            if name == WITHDRAW:
                continue
            # Most cells are plain text, or a date, code or choice read before: taken here, without a call;
            # anything else goes through _value.
            if column.kind == "text":
                read = None
                if raw.__class__ is str:
                    text = raw.strip()
                    if (
                        text
                        and text[0] not in "'="
                        and "\x00" not in text
                        and len(text) <= (column.max_length or 1 << 30)
                    ):
                        data[name] = text
                        continue
            else:
                read = self._cache.get((name, raw.__class__, raw))
            value, problem = read or self._value(column, raw)
            if problem:
                problems.append((name, problem))
            elif value is None and column.required and not withdraw and column.kind != BOOL:
                problems.append((name, _("This column is required.")))
            elif value is not None:
                data[name] = value
            else:
                data[name] = "" if column.kind in ("text", CHOICE) else None
        for column in header[len(cells) :]:  # absent cells of required columns
            if column.name != WITHDRAW and column.required and not withdraw and column.kind != BOOL:
                problems.append((column.name, _("This column is required.")))
        row.key = str(data.get(self.key_column) or "").strip()
        if not row.key and not any(c == self.key_column for c, _m in problems):
            problems.append((self.key_column, _("This column is required.")))
        if "age_is_estimated" in data and data["age_is_estimated"] is None:
            del data["age_is_estimated"]  # an empty cell keeps the default: the age is an estimate
        if withdraw:
            row.data = {k: v for k, v in data.items() if k in (self.key_column, "cci")}
        return row

    def _withdraw_index(self, header: list[Column]) -> int:
        """Where the header has its withdraw column (past its end if none), found once per header."""
        if self._withdraw_at is None or self._withdraw_at[0] is not header:
            at = next((i for i, column in enumerate(header) if column.name == WITHDRAW), len(header))
            self._withdraw_at = (header, at)
        return self._withdraw_at[1]

    def _value(self, column: Column, raw) -> tuple[object, str]:
        if column.kind == "text" or isinstance(raw, Formula):
            return self._read_cell(column, raw)
        key = (column.name, raw.__class__, raw)  # the class too: 1 and 1.0 are one key to a dict
        read = self._cache.get(key)
        if read is None:
            read = self._read_cell(column, raw)
            if len(self._cache) < 50_000:
                self._cache[key] = read
        return read

    def _read_cell(self, column: Column, raw) -> tuple[object, str]:
        if isinstance(raw, Formula):
            return None, _("The cell holds a formula; type the value itself.")
        text = raw.strip() if isinstance(raw, str) else str(raw).strip()
        if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
            text = text[1:]
        if text[:1] == "=":
            return None, _("The cell holds a formula; type the value itself.")
        if not text:
            return None, ""
        if "\x00" in text:
            return None, _("The cell holds a NUL character.")
        if column.kind == "text":
            if column.max_length and len(text) > column.max_length:
                return None, _("Too long: at most %(n)d characters.") % {"n": column.max_length}
            return text, ""
        return self._typed(column, text)

    def _typed(self, column: Column, text: str) -> tuple[object, str]:
        kind = column.kind
        if kind == DATE:
            day = parse_date(text)
            return (day.date() if isinstance(day, datetime) else day), ("" if day else _date_help())
        if kind == DATETIME:
            moment = parse_date(text)
            if moment is None:
                return None, _date_help()
            if not isinstance(moment, datetime):
                moment = datetime(moment.year, moment.month, moment.day)
            return timezone.make_aware(moment), ""
        if kind == INT:
            if re.fullmatch(r"\d{1,4}(\.0+)?", text):
                return int(float(text)), ""
            return None, _("Write a whole number, e.g. 11.")
        if kind == CHOICE:
            return self._choice(column, text)
        if kind == BOOL:
            if text.lower() in YES:
                return True, ""
            if text.lower() in NO:
                return False, ""
            return None, _("Write yes or no.")
        if kind == DISTRICT:
            return self._district(text)
        if kind == STATE:
            return self._state(text)
        if kind == INSTITUTION:
            return self._institution(text)
        raise AssertionError(kind)

    def _choice(self, column: Column, text: str):
        wanted = text.lower().replace(" ", "_")
        for value, label in column.choices.choices:
            if wanted == value or text.lower() == str(label).lower():
                return value, ""
        return None, _("Write one of: %(values)s.") % {"values": ", ".join(column.choices.values)}

    def _district(self, text: str):
        code = _code(text)
        if code is None:
            return None, _("Write the district's LGD code (a number).")
        if code not in self._districts:
            self._districts[code] = District.objects.select_related("state").filter(lgd_code=code).first()
        district = self._districts[code]
        if district is None:
            return None, _("No district has LGD code %(code)s.") % {"code": code}
        if not district.is_active:
            return None, _("District %(code)s is no longer in use (merged or split).") % {"code": code}
        return district, ""

    def _state(self, text: str):
        code = _code(text)
        if code is None:
            return None, _("Write the State/UT's LGD code (a number).")
        if code not in self._states:
            self._states[code] = State.objects.filter(lgd_code=code).first()
        if self._states[code] is None:
            return None, _("No State/UT has LGD code %(code)s.") % {"code": code}
        return self._states[code], ""

    def _institution(self, text: str):
        key = text.upper()
        if key not in self._institutions:
            row = Institution.objects.select_related("district").filter(code__iexact=text).first()
            usable = row is not None and care_institution_usable(row, self.state_id)
            self._institutions[key] = row if usable else None
        if self._institutions[key] is None:
            return None, _("No active institution in your State/UT has the code %(code)s.") % {"code": text}
        return self._institutions[key], ""


def _code(text: str) -> int | None:
    return int(float(text)) if re.fullmatch(r"\d{1,9}(\.0+)?", text) else None


def _date_help() -> str:
    return _("Write the date as DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD (e.g. 25-11-2026).")


def parse_date(text: str) -> date | datetime | None:
    """A date (or date and time) as offices write it; an Excel serial number counts from 30 December 1899."""
    text = text.strip()
    match = DAY_FIRST.match(text)
    parts = None
    if match:
        d, m, y, hh, mm, ss = match.groups()
        parts = (y, m, d, hh, mm, ss)
    elif match := YEAR_FIRST.match(text):
        parts = match.groups()
    elif SERIAL.match(text):
        serial = float(text)
        if not 1 <= serial < 2958466:
            return None
        moment = datetime.combine(EXCEL_EPOCH, datetime.min.time()) + timedelta(days=serial)
        return moment if serial % 1 else moment.date()
    if parts is None:
        return None
    y, m, d, hh, mm, ss = parts
    try:
        if hh is None:
            return date(int(y), int(m), int(d))
        return datetime(int(y), int(m), int(d), int(hh), int(mm), int(ss or 0))
    except ValueError:
        return None
