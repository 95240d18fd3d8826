"""Builds the small binary fixtures in this folder; run once by hand, the outputs are committed.

    .venv/bin/python tests/data/make_files.py

Needs python-docx and openpyxl (both in requirements.txt) and LibreOffice (`soffice`) for the PDFs.
The text files (.md, .csv, .jsonl) are written by hand and are not touched here, except the GBK
.txt whose bytes an editor would not keep.
"""
from __future__ import annotations

import json
import shutil
import struct
import subprocess
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

GBK_NOTE = "客户要求年底前上线新的计费系统。\n财务总监担心现金流压力。\n采购经理希望下周收到报价。\n"


def make_gbk() -> None:
    (HERE / "notes_gbk.txt").write_bytes(GBK_NOTE.encode("gbk"))


def make_docx() -> None:
    import docx

    doc = docx.Document()
    doc.add_heading("Billing migration requirements", level=1)
    doc.add_paragraph("The operator needs the new billing platform live before the end of the year.")
    doc.add_heading("Service levels", level=2)
    doc.add_paragraph("Availability must be at least 99.99 percent, measured monthly.")
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"  # ruled, so the PDF reader can find it as a table
    for row, (a, b) in zip(table.rows, [("Item", "Requirement"), ("Response time", "4 hours"),
                                          ("Spare parts", "Stocked in Lagos")]):
        row.cells[0].text, row.cells[1].text = a, b
    doc.save(HERE / "spec.docx")


def _soffice_pdf(src: Path, out_name: str, filter_options: str = "") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        target = "pdf" + (":writer_pdf_Export:" + filter_options if filter_options else "")
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", target,
             "--outdir", tmp, str(src)],
            check=True, capture_output=True, timeout=180,
        )
        shutil.move(Path(tmp) / (src.stem + ".pdf"), HERE / out_name)


def make_pdfs() -> None:
    _soffice_pdf(HERE / "spec.docx", "spec.pdf")
    data = (HERE / "spec.pdf").read_bytes()
    (HERE / "corrupt.pdf").write_bytes(data[: len(data) // 3])  # truncated: no xref, no trailer
    password = {"EncryptFile": {"type": "boolean", "value": "true"},
                "DocumentOpenPassword": {"type": "string", "value": "secret"}}
    _soffice_pdf(HERE / "spec.docx", "encrypted.pdf", json.dumps(password))


def make_scanned_pdf() -> None:
    """A one-page PDF that only draws a rectangle: no text layer, like a scan."""
    stream = b"0.5 g 72 600 300 120 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    (HERE / "scanned.pdf").write_bytes(bytes(out))


def make_xlsx() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Title", "Summary", "Outcome", "Year", "Tags"])
    ws.append(["xl-cloud", "Cloud migration for a bank", "The bank needs its core systems moved to a private cloud by 2026.",
               "won", 2024, "cloud; banking"])
    ws.append(["xl-power", "Power backup for rural sites", "Rural sites lose power every night; the operator wants solar backup.",
               "Lost", 2023, "power"])
    ws.append([None, None, None, None, None, None])  # an empty row is ignored
    wb.save(HERE / "cases.xlsx")


def make_zip_bomb() -> None:
    """A tiny .docx whose directory claims 300 MB unpacked: the reader must refuse it without unpacking."""
    path = HERE / "zipbomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:document/>")
    data = bytearray(path.read_bytes())
    cd = data.rfind(b"PK\x01\x02")  # central directory header; uncompressed size at offset 24
    data[cd + 24 : cd + 28] = struct.pack("<I", 300 * 1024 * 1024)
    path.write_bytes(bytes(data))


if __name__ == "__main__":
    make_gbk()
    make_docx()
    make_pdfs()
    make_scanned_pdf()
    make_xlsx()
    make_zip_bomb()
    print("\n".join(sorted(p.name for p in HERE.iterdir() if p.is_file())))
