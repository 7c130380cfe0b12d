"""The requirements file covers every row of the named tables of the seeds, with
the seed's own √/○ marks, and names only checks, zones, windows and facilities
that exist. The seeds' clauses are kept in the repo beside the file
(audit/data/seeds/, each excerpt naming its lines); where the seeds themselves
are on the machine, the excerpts are checked against them."""

import json
import re
from pathlib import Path

import pytest

from govhall.hall.facilities import FACILITIES
from govhall.hall.models import WindowType, ZoneKind
from govhall.standards.audit.checks import FUNCTIONS
from govhall.standards.audit.models import Requirement

DATA = Path(__file__).resolve().parents[1] / "audit" / "data" / "requirements.json"
ROWS = json.loads(DATA.read_text(encoding="utf-8"))["requirements"]
EXCERPTS = DATA.parent / "seeds"
SEEDS = Path("/work/shared/seeds")
MARKS = {"√", "○"}
# 001's tables and the rows each holds (read off the seed's text by hand).
EXPECTED = {
    "表1": 3, "表2": 10, "表3": 12, "表4": 15, "表5": 3, "表6": 5, "表7": 4, "表8": 6,
    "表9": 4, "表10": 9, "表11": 9, "表12": 7, "表18": 22,
}  # fmt: skip


def _seed(prefix: str) -> list[str]:
    path = next(EXCERPTS.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()[1:]


def test_the_excerpts_are_the_seeds_lines():
    originals = {p.name.split("_")[0]: p for p in SEEDS.glob("*.txt") if "clean" in p.name}
    originals.update({p.name.split("_")[0]: p for p in SEEDS.glob("00[23]_*.txt")})
    for excerpt in EXCERPTS.glob("*.txt"):
        head, *lines = excerpt.read_text(encoding="utf-8").splitlines()
        seed = originals.get(excerpt.name.split("_")[0])
        if seed is None:  # a clone without the seeds: the excerpt stands for them
            continue
        text = seed.read_text(encoding="utf-8").splitlines()
        spans = re.findall(
            r"(\d+)(?:-(\d+))?", head.split("lines" if "lines" in head else "line")[1]
        )
        wanted = [x for a, b in spans for x in text[int(a) - 1 : int(b or a)]]
        assert lines == wanted, excerpt.name


def _table_rows(lines: list[str], n: int) -> list[tuple[str, list[str]]]:
    """Rows of 001's table n: a name cell followed by one mark per level (表2: a
    mark and a reference per level)."""
    cells, inside = [], False
    for line in lines:
        if re.match(rf"^表{n} ", line):
            inside = True
            continue
        if inside and re.match(r"^(表\d+ |\d+(\.\d+)+ )", line):
            inside = False
        if inside:
            cells.append(line.rstrip().rstrip("|").strip())
    offsets = (1, 3, 5) if n == 2 else (1, 2, 3)
    rows = []
    for i, cell in enumerate(cells):
        marks = [cells[i + k] for k in offsets if i + k < len(cells)]
        if cell and cell not in MARKS | {"-"} and len(marks) == 3 and set(marks) <= MARKS:
            rows.append((cell, marks))
    return rows


def by_table(table: str) -> list[dict]:
    return [r for r in ROWS if r["seed"] == "001" and r["table"] == table]


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 18])
def test_every_row_of_001s_tables_with_the_seeds_marks(n):
    seed = _table_rows(_seed("001"), n)
    mine = by_table(f"表{n}")
    assert len(seed) == len(mine) == EXPECTED[f"表{n}"]
    for (name, marks), row in zip(seed, mine, strict=True):
        assert row["seed_text"].split(" | ")[0] == name
        assert [row["applies"][lv] for lv in ("district", "department", "town")] == marks


def test_counts_per_table_and_the_other_seeds():
    for table, n in EXPECTED.items():
        assert len(by_table(table)) == n, table
    assert len([r for r in ROWS if r["ref"] == "001/C.3.2"]) == 1
    s003 = [r for r in ROWS if r["seed"] == "003"]
    assert len([r for r in s003 if r["table"] == "四(一)1(4)设备表"]) == 30  # 9 系统 + 21 辅助
    assert len([r for r in s003 if r["table"] == "四(一)2"]) == 5  # the five zones
    assert {r["params"]["kind"] for r in s003 if r["table"] == "四(一)1(3)" and "params" in r} == {
        "window_service_board", "staff_badges", "info_board", "duty_board", "whereabouts_board"
    }  # fmt: skip
    assert len([r for r in ROWS if r["seed"] == "002"]) == 23
    assert len(ROWS) == len({r["ref"] for r in ROWS}) == 180


def test_003s_equipment_list_is_all_there():
    lines = [line.strip() for line in _seed("003")]
    start, end = lines.index("系統"), lines.index("備注")
    # the cells, some split over two lines in the seed, without the group labels
    text = "".join(x for x in lines[start:end] if x not in {"系統", "配置", "輔助", "設施"})
    for row in [r for r in ROWS if r["table"] == "四(一)1(4)设备表"]:
        assert row["seed_text"] in text
        text = text.replace(row["seed_text"], "", 1)
    assert text.strip("、 ") == ""


def test_every_check_names_what_exists():
    for row in ROWS:
        assert set(row["applies"].values()) <= {"√", "○", "–"}
        if row["check"] == "evidence":
            continue
        assert row["function"] in FUNCTIONS, row["ref"]
        params = row.get("params", {})
        if row["function"] == "facility":
            assert params["kind"] in FACILITIES, row["ref"]
            assert set(params.get("zones") or []) <= set(ZoneKind.values)
        if row["function"] == "zone":
            assert params["kind"] in ZoneKind.values
        if row["function"] == "window_type":
            assert params["type"] in WindowType.values
    keys = [r["params"]["key"] for r in ROWS if r.get("function") == "rule"]
    assert len(keys) == len(set(keys)) == 22


@pytest.mark.django_db
def test_the_migration_loaded_every_row():
    assert Requirement.objects.count() == len(ROWS)
    first = Requirement.objects.get(ref="001/表18/20")
    assert first.text == "日常考勤制度" and "乱码" in first.note
