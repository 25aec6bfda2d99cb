"""Inserting many rows of one table at once, for the bulk upserts (records, status rows, audit rows, match jobs).

Django's bulk_create spends most of a large import building model instances and preparing values field by
field. Here each table's columns, defaults and the few values that need converting are worked out once per
table; a row is a dict of {attname: value} (a field left out takes its default, an auto_now field the current
time), turned into a tuple by one `itemgetter`. PostgreSQL gets the rows by COPY, with ids taken from the
table's sequence beforehand; SQLite by multi-row `INSERT … RETURNING id` on the driver's own cursor (Django's
cursor wrapper rewrites every placeholder of a statement with a regular expression: measured, it cost more than
SQLite's own work on these statements). All of it runs in the caller's transaction.
"""

import json
from dataclasses import dataclass
from operator import itemgetter

from django.db import connection, models
from django.utils import timezone


class JsonText(str):
    """A JSON value already encoded (an audit summary that many rows share): written as it is."""


@dataclass(frozen=True)
class _Table:
    name: str
    pk: str
    columns: list[str]  # SQL column names, in the order of `getter`'s tuples
    getter: itemgetter
    defaults: dict  # attname -> default, for every column
    automatic: list[str]  # auto_now / auto_now_add attnames: the current time
    converters: list[tuple[str, object]]  # attname -> function, for values the driver cannot take as they are
    moment: object  # the current time as the driver takes it


_TABLES: dict[tuple, _Table] = {}


def insert_rows(model: type[models.Model], rows: list[dict]) -> None:
    """Insert `rows` ({attname: value}) into `model`'s table, whose ids nobody needs back (status, audit and
    match-queue rows): the database numbers them itself, which saves a round trip per table and chunk."""
    if rows:
        table = describe(model)
        values = row_values(table, rows)
        if connection.vendor == "postgresql":
            _copy(table, values, with_ids=False)
        else:
            _insert(table, values, with_ids=False)


def describe(model: type[models.Model]) -> "_Table":
    """The table of `model` for this connection's database, worked out once (call it before `row_values` in
    another thread: that one then needs no database connection)."""
    return _table(model, connection.vendor)


def row_values(table: "_Table", rows: list[dict]) -> list[tuple]:
    """The rows as tuples in the table's column order. No database: safe in a thread that prepares rows ahead."""
    if not rows:
        return []
    base = dict(table.defaults)
    now = table.moment(timezone.now())
    for attname in table.automatic:
        base[attname] = now
    getter, converters = table.getter, table.converters
    if not converters:
        return [getter({**base, **row}) for row in rows]
    values = []
    for row in rows:
        merged = {**base, **row}
        for attname, convert in converters:
            value = merged[attname]
            if value is not None:
                merged[attname] = convert(value)
        values.append(getter(merged))
    return values


def insert_values(model: type[models.Model], values: list[tuple]) -> list[int]:
    """Insert rows made by `row_values`; their new ids, in order."""
    if not values:
        return []
    table = describe(model)
    if connection.vendor == "postgresql":
        return _copy(table, values, with_ids=True)
    return _insert(table, values, with_ids=True)


def _table(model, vendor: str) -> _Table:
    key = (model, vendor)
    if key in _TABLES:
        return _TABLES[key]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults, automatic, converters = {}, [], []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            automatic.append(field.attname)
        defaults[field.attname] = field.get_default() if field.has_default() or field.null else ""
        converter = _converter(field, vendor)
        if converter is not None:
            converters.append((field.attname, converter))
        if isinstance(field, models.JSONField) and defaults[field.attname] is not None:
            defaults[field.attname] = JsonText(json.dumps(defaults[field.attname]))
    table = _Table(
        name=model._meta.db_table,
        pk=model._meta.pk.column,
        columns=[field.column for field in fields],
        getter=itemgetter(*[field.attname for field in fields]),
        defaults=defaults,
        automatic=automatic,
        converters=converters,
        moment=_same if vendor == "postgresql" else connection.ops.adapt_datetimefield_value,
    )
    _TABLES[key] = table
    return table


def _converter(field, vendor: str):
    if isinstance(field, models.JSONField):
        return _json
    if vendor == "postgresql" or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return None  # psycopg writes dates, aware datetimes, booleans and text itself
    if isinstance(field, models.DateTimeField):
        return (
            connection.ops.adapt_datetimefield_value
        )  # SQLite: UTC, without the offset, as Django stores it
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def _json(value):
    return value if isinstance(value, JsonText) else JsonText(json.dumps(value))


def _same(value):
    return value


def _copy(table: _Table, values: list[tuple], *, with_ids: bool) -> list[int]:
    """PostgreSQL: the rows sent with COPY (multi-row INSERTs with client-side binding spent most of their time
    building and parsing giant statements: measured); their ids, when wanted, taken from the sequence first."""
    quote = connection.ops.quote_name
    names = [quote(column) for column in table.columns]
    ids: list[int] = []
    with connection.cursor() as cursor:
        if with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table.name, table.pk, len(values)],
            )
            ids = [value for (value,) in cursor.fetchall()]
            names.insert(0, quote(table.pk))
        with cursor.cursor.copy(f"COPY {quote(table.name)} ({', '.join(names)}) FROM STDIN") as copy:
            write = copy.write_row
            if with_ids:
                for pk, row in zip(ids, values, strict=True):
                    write((pk, *row))
            else:
                for row in values:
                    write(row)
    return ids


def _insert(table: _Table, values: list[tuple], *, with_ids: bool) -> list[int]:
    """SQLite, on the sqlite3 cursor itself with its own `?` placeholders: multi-row INSERT … RETURNING when the
    ids are wanted, else one prepared INSERT run for every row (executemany)."""
    quote = connection.ops.quote_name
    width = len(table.columns)
    names = ", ".join(quote(column) for column in table.columns)
    placeholders = "(" + ", ".join(["?"] * width) + ")"
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    ids: list[int] = []
    try:
        if not with_ids:
            cursor.executemany(f"INSERT INTO {quote(table.name)} ({names}) VALUES {placeholders}", values)
            return ids
        per_statement = max(1, min(500, (connection.features.max_query_params or 999) // width))
        for start in range(0, len(values), per_statement):
            batch = values[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {quote(table.name)} ({names}) VALUES {', '.join([placeholders] * len(batch))} "
                f"RETURNING {quote(table.pk)}",
                [value for row in batch for value in row],
            )
            ids += [pk for (pk,) in cursor.fetchall()]
    finally:
        cursor.close()
    return ids
