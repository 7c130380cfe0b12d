"""docs/benchmarks.md is shared by several benchmarks: the queue run (bench/run.sh)
writes the head of the file, each other benchmark one section between
`<!-- bench:NAME -->` and `<!-- /bench:NAME -->`. Rewriting one part keeps the others."""

from __future__ import annotations

import re
from pathlib import Path

_SECTION = re.compile(r"<!-- bench:([\w-]+) -->\n.*?<!-- /bench:\1 -->\n?", re.S)


def sections(text: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in _SECTION.finditer(text)}


def write_section(path: str | Path, name: str, markdown: str) -> None:
    """Put `markdown` in the section `name`, replacing its previous text."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"<!-- bench:{name} -->\n{markdown.rstrip()}\n<!-- /bench:{name} -->\n"
    old = sections(text).get(name)
    text = text.replace(old, block) if old else text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


def write_head(path: str | Path, markdown: str) -> None:
    """Replace everything but the named sections (the queue run's part)."""
    path = Path(path)
    kept = sections(path.read_text(encoding="utf-8")) if path.exists() else {}
    text = markdown.rstrip("\n") + "\n"
    for block in kept.values():
        text += "\n" + block
    path.write_text(text, encoding="utf-8")
