"""A poor man's profile (py-spy is not installed): run call-next + finish and a
kiosk issue in-process through the full Django stack (middleware, Ninja, auth),
and record every SQL statement with its time; plus a request refused before
any SQL, the floor of the stack. Prints one JSON line.

    python bench/query_profile.py DATA.json ROUNDS"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections import defaultdict

import django

django.setup()
# The refused requests below would each log a warning; their cost is not the point.
logging.getLogger("django.request").setLevel(logging.ERROR)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def shape(sql: str) -> str:
    """The statement with its literals blanked, so equal queries group."""
    sql = re.sub(r"'[^']*'", "?", sql).replace('"', "")
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    sql = re.sub(r"^SELECT (?!COUNT).*? FROM ", "SELECT … FROM ", sql)  # drop column lists
    sql = re.sub(r"\(([a-z_]+, ){3,}[a-z_]+\)", "(…)", sql)
    return re.sub(r"\s+", " ", sql)[:220]


def main(data_file: str, rounds: int) -> None:
    data = json.load(open(data_file))
    client = Client(SERVER_NAME="127.0.0.1")
    per = defaultdict(lambda: {"requests": 0, "queries": 0, "sql_s": 0.0, "wall_s": 0.0})
    by_shape = defaultdict(lambda: [0, 0.0])

    warm = 5  # first requests pay for imports and caches: run, do not count
    counting = False

    def measure(name, path, token, body=None, expect=(200, 201)):
        captured = []

        def timer(execute, sql, params, many, context):
            # Django's own capture rounds to whole milliseconds: time it here.
            t = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append((sql, time.perf_counter() - t))

        with connection.execute_wrapper(timer):
            t = time.perf_counter()
            response = client.post(
                path,
                data=json.dumps(body or {}),
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            wall = time.perf_counter() - t
        assert response.status_code in expect, response.content[:300]
        if not counting:
            return response.json()
        row = per[name]
        row["requests"] += 1
        row["queries"] += len(captured)
        row["wall_s"] += wall
        for sql, took in captured:
            row["sql_s"] += took
            s = by_shape[(name, shape(sql))]
            s[0] += 1
            s[1] += took
        return response.json()

    for k in range(warm + rounds):
        counting = k >= warm
        w = data["windows"][k % len(data["windows"])]
        # The floor: a well-formed call whose token is refused before any SQL runs.
        measure("401, no SQL", f"/api/v1/windows/{w['code']}/call-next", "nope", expect=(401,))
        called = measure("call-next", f"/api/v1/windows/{w['code']}/call-next", w["token"])
        measure("finish", f"/api/v1/tickets/{called['ticket']['id']}/finish", w["token"])
        measure(
            "issue",
            f"/api/v1/centers/{data['center']}/tickets",
            data["kiosk"],
            {"item": data["items"][k % 2]},
        )
    requests = {
        name: {
            "queries": round(r["queries"] / r["requests"], 1),
            "wall_ms": round(1000 * r["wall_s"] / r["requests"], 2),
            "sql_ms": round(1000 * r["sql_s"] / r["requests"], 2),
        }
        for name, r in per.items()
    }
    top = sorted(by_shape.items(), key=lambda kv: -kv[1][1])[:12]
    print(
        json.dumps(
            {
                "rounds": rounds,
                "requests": requests,
                "top": [
                    {
                        "request": name,
                        "sql": sql,
                        "per_request": round(n / rounds, 1),
                        "ms_per_request": round(1000 * t / rounds, 2),
                    }
                    for (name, sql), (n, t) in top
                ],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
