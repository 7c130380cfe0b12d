"""Reading the text back out of our own PDFs, for assertions, with poppler's
pdftotext (installed by `make system-deps`): the embedded subset font's strings
are glyph indices, so the content streams cannot be read directly."""

from __future__ import annotations

import subprocess


def pdf_lines(pdf: bytes) -> list[str]:
    """Each run of text in drawing order (-raw: the content stream's order, so a
    table reads cell by cell): a wrapped line of a paragraph, a cell's line."""
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    # pdftotext puts a space between runs drawn apart on one line (table cells):
    # each run is a line of its own, as drawn.
    return [run for line in out.splitlines() for run in line.split()]


def pdf_text(pdf: bytes) -> str:
    return "".join(pdf_lines(pdf))


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font the file uses (pdffonts)."""
    out = subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=False
    ).stdout.decode("utf-8", "replace")
    if not out:  # older poppler reads no stdin: go through a file
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(pdf)
            fh.flush()
            out = subprocess.run(
                ["pdffonts", fh.name], capture_output=True, check=True
            ).stdout.decode("utf-8", "replace")
    rows = out.splitlines()[2:]
    # columns: name type encoding emb sub uni object ID; the type may hold a space
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows if row.strip()]
