"""The demo, loaded once per state and restored from a copy (test runs only).

About forty tests start from the whole demo district, and one real load costs
25 s: most of a CI run. `install()` (called by govhall.testenv) wraps
`govhall.demo.loader.load_demo`: the first load from a given starting state
runs the real loader and keeps a copy of every table and of the media files it
wrote; a later load from the same starting state, in the same ten minutes of
the (possibly travelled) clock, restores that copy instead. The result is the
database the real loader would have left, row for row.

A load over data a test made itself, or over the demo, runs the real loader:
the starting state is part of the key. `GOVHALL_TEST_DEMO_SNAPSHOT=0` turns
the copy off.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

BUCKET_SECONDS = 600

_copies: dict[tuple, dict] = {}


def install() -> None:
    if os.environ.get("GOVHALL_TEST_DEMO_SNAPSHOT", "1") == "0":
        return
    from govhall.demo import loader

    real = loader.load_demo
    if getattr(real, "_snapshot", False):
        return

    def load_demo() -> dict:
        return _load(real)

    load_demo._snapshot = True
    load_demo.__doc__ = real.__doc__
    loader.load_demo = load_demo


def _load(real) -> dict:
    from django.db import connection, transaction

    from govhall.core.models import Center

    if Center.objects.exists():
        return real()
    before = _counts(connection)
    key = (
        connection.vendor,
        connection.settings_dict["NAME"],
        int(time.time()) // BUCKET_SECONDS,
        tuple(sorted(before.items())),
    )
    copy = _copies.get(key)
    if copy is not None:
        with transaction.atomic():
            _restore(connection, copy)
        return dict(copy["result"])
    media_before = _media_files()
    with transaction.atomic():
        result = real()
        _copies[key] = {
            "tables": _dump(connection),
            "media": {
                name: (_media_root() / name).read_bytes()
                for name, stamp in _media_files().items()
                if media_before.get(name) != stamp
            },
            "result": dict(result),
        }
    return result


def _tables(connection) -> list[str]:
    return sorted(t for t in connection.introspection.table_names() if t != "django_migrations")


def _counts(connection) -> dict[str, int]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in _tables(connection):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _dump(connection) -> dict[str, object]:
    """Every table's rows: COPY text on PostgreSQL (every type round-trips
    exactly), plain tuples on SQLite."""
    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for table in _tables(connection):
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as out:
                    data = b"".join(bytes(chunk) for chunk in out)
                if data:
                    tables[table] = data
            else:
                # `+col` is SQLite's no-op on any value, and an expression has
                # no declared type: the connection's converters leave it as
                # stored, so it binds back unchanged.
                cursor.execute(f"PRAGMA table_info({quote(table)})")
                columns = ", ".join(f"+{quote(row[1])}" for row in cursor.fetchall())
                cursor.execute(f"SELECT {columns} FROM {quote(table)}")
                rows = cursor.fetchall()
                if rows:
                    tables[table] = rows
    return tables


def _restore(connection, copy: dict) -> None:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # The starting state had the same counts but maybe other ids (content
        # types made again after a flush): the copy replaces it whole. Foreign
        # keys are deferred to the end of the transaction on both databases.
        for table, count in _counts(connection).items():
            if count:
                cursor.execute(f"DELETE FROM {quote(table)}")
        for table, data in copy["tables"].items():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as into:
                    into.write(data)
            else:
                marks = ", ".join(["%s"] * len(data[0]))
                cursor.executemany(f"INSERT INTO {quote(table)} VALUES ({marks})", data)
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    ContentType.objects.clear_cache()
    media = _media_root()
    for name, data in copy["media"].items():
        target = media / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _media_root() -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def _media_files() -> dict[str, int]:
    root = _media_root()
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.stat().st_mtime_ns
        for path in root.rglob("*")
        if path.is_file()
    }
