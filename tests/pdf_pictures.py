"""Every page of a built site's PDFs as pictures, one contact sheet per PDF, for a person to look at.

``make pdf-pictures`` writes them to ``.make/pdf-pictures/`` after building the example: look at
each sheet whenever a change touches the PDFs' layout (the overflow check, ``pdf_overflow.py``,
measures what it can; an eye sees the rest). Pages are drawn by poppler's pdftoppm at 40 dpi.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

PER_ROW = 4
DPI = 40


def contact_sheet(pdf: Path, out: Path) -> int:
    """Draw the pages of ``pdf`` side by side (four to a row) into ``out``; the number of pages."""
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), f"{scratch}/page"], check=True)
        pages = [Image.open(p) for p in sorted(Path(scratch).glob("page-*.png"))]
        width, height = max(p.width for p in pages), max(p.height for p in pages)
        rows = (len(pages) + PER_ROW - 1) // PER_ROW
        sheet = Image.new("RGB", (width * min(PER_ROW, len(pages)), height * rows), "#888888")
        for index, page in enumerate(pages):
            sheet.paste(page, ((index % PER_ROW) * width, (index // PER_ROW) * height))
        out.parent.mkdir(parents=True, exist_ok=True)
        sheet.save(out)
        return len(pages)


def main(site: Path, folder: Path) -> None:
    for pdf in sorted(site.rglob("*.pdf")):
        rel = pdf.relative_to(site).as_posix()
        out = folder / (rel.removesuffix(".pdf").replace("/", "_") + ".png")
        print(f"{out}  ({contact_sheet(pdf, out)} 页, {rel})")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
