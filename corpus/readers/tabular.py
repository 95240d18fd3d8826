"""CSV, JSON lines and Excel files with one case per row.

A row that cannot become a case (a JSON line that is not an object, a lone surrogate from a `\\ud800`
escape, a row with values but no text) is skipped and named, with its file and line, in the `skipped` list the
caller passes (the ingest report shows them); the file's other rows go in.
"""
from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.readers.common import make_case, read_bytes
from corpus.records import Case, SkippedRow
from corpus.textfile import decode_bytes, has_surrogate

TEXT_COLUMNS = ("text", "body", "content", "summary", "description")
MAX_FIELD_CHARS = 3_000_000  # the per-document limit of a library; the csv module's default is 131,072
log = logging.getLogger("corpus.readers")


def _surrogate_in(row: dict) -> bool:
    return any(isinstance(x, str) and has_surrogate(x) for kv in row.items() for x in kv)


def _skip(skipped: list[SkippedRow], row: SkippedRow) -> None:
    skipped.append(row)
    log.warning(str(row))


def rows_to_cases(rows: list[dict], path: Path, data: bytes, lines: list[int] | None = None,
                  skipped: list[SkippedRow] | None = None) -> list[Case]:
    """One case per row with text; `lines[i]` is where row i starts in the file, for naming the rows skipped."""
    if not rows:
        raise UnreadableFile(f"{path.name} has no rows.")
    skipped = [] if skipped is None else skipped
    columns = {str(k).strip().lower() for r in rows for k in r}
    text_col = next((c for c in TEXT_COLUMNS if c in columns), None)
    if text_col is None:
        raise UnreadableFile(
            f"{path.name} has no text column; name one of: {', '.join(TEXT_COLUMNS)} (found: {', '.join(sorted(columns)) or 'none'})."
        )
    cases = []
    for n, row in enumerate(rows, 1):
        row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        text = str(row.get(text_col) or "").strip()
        if not text:
            if any(str(v or "").strip() for v in row.values()):  # a blank row is no loss; a row with values is
                _skip(skipped, SkippedRow(path.name, lines[n - 1] if lines else n, f"has no text in its {text_col} column"))
            continue
        meta = {k: v for k, v in row.items() if v not in (None, "")}
        cases.append(make_case(meta, text, f"{path.stem}-{n}", path.name, data + str(n).encode()))
    if not cases:
        raise UnreadableFile(f"{path.name} has no row with text in its {text_col} column.")
    return cases


def read_csv(path: Path, skipped: list[SkippedRow] | None = None) -> list[Case]:
    data = read_bytes(path)
    text = decode_bytes(data, path.name)
    csv.field_size_limit(MAX_FIELD_CHARS)
    rows, lines = [], []
    try:
        reader = csv.DictReader(io.StringIO(text))
        for row in reader:
            values = [v for v in row.values() if v is not None]
            breaks = sum(x.count("\n") for v in values for x in (v if isinstance(v, list) else [v]))
            rows.append(row)
            lines.append(reader.line_num - breaks)  # where the row starts: a quoted cell may span lines
    except csv.Error as err:
        raise UnreadableFile(f"{path.name} is not valid CSV ({err}).") from err
    return rows_to_cases(rows, path, data, lines, skipped)


def read_jsonl(path: Path, skipped: list[SkippedRow] | None = None) -> list[Case]:
    """One case per JSON object line; lines that are not usable objects are skipped and named in `skipped`."""
    data = read_bytes(path)
    rows, lines, skipped = [], [], [] if skipped is None else skipped
    mine = len(skipped)
    for n, line in enumerate(decode_bytes(data, path.name).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as err:
            raise UnreadableFile(f"{path.name} line {n} is not valid JSON.") from err
        why = ("is not a JSON object" if not isinstance(row, dict)
               else "holds a character that is not valid Unicode" if _surrogate_in(row) else None)
        if why:
            _skip(skipped, SkippedRow(path.name, n, why))
            continue
        rows.append(row)
        lines.append(n)
    if not rows and len(skipped) > mine:
        raise UnreadableFile(f"{path.name} has no usable line; the first problem: {skipped[mine]}")
    return rows_to_cases(rows, path, data, lines, skipped)


def read_xlsx(path: Path, skipped: list[SkippedRow] | None = None) -> list[Case]:
    from corpus.readers.docx import check_zip

    data = read_bytes(path)
    check_zip(data, path.name)
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = wb.worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        wb.close()
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise UnreadableFile(f"{path.name} could not be opened as an Excel workbook.") from err
    if not values:
        raise UnreadableFile(f"{path.name} has no rows.")
    header = [str(h or "").strip() for h in values[0]]
    kept = [(n, r) for n, r in enumerate(values[1:], 2) if any(v not in (None, "") for v in r)]  # n: the sheet's row
    return rows_to_cases([dict(zip(header, r)) for _, r in kept], path, data, [n for n, _ in kept], skipped)
