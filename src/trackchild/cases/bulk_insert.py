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


def insert_rows(model: type[models.Model], rows: list[dict]) -> list[int]:
    """Insert `rows` ({attname: value}) into `model`'s table; their new ids, in order."""
    return insert_values(model, row_values(describe(model), rows))


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
        return _copy(table, values)
    return _insert(table, values)


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


def _copy(table: _Table, values: list[tuple]) -> list[int]:
    """PostgreSQL: ids taken from the table's sequence, then the rows sent with COPY. Multi-row INSERTs with
    client-side binding spent most of their time building and parsing giant statements (measured)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table.name, table.pk, len(values)],
        )
        ids = [value for (value,) in cursor.fetchall()]
        names = ", ".join([quote(table.pk), *(quote(column) for column in table.columns)])
        with cursor.cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
            write = copy.write_row
            for pk, row in zip(ids, values, strict=True):
                write((pk, *row))
    return ids


def _insert(table: _Table, values: list[tuple]) -> list[int]:
    """SQLite: multi-row INSERT … RETURNING on the sqlite3 cursor itself, with its own `?` placeholders."""
    quote = connection.ops.quote_name
    width = len(table.columns)
    names = ", ".join(quote(column) for column in table.columns)
    placeholders = "(" + ", ".join(["?"] * width) + ")"
    per_statement = max(1, min(500, (connection.features.max_query_params or 999) // width))
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    ids: list[int] = []
    try:
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
