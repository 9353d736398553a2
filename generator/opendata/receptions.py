"""Render stage: the public reception schedule as open data (CSV, JSON and its Table Schema)."""

from __future__ import annotations

import json

from generator.opendata.csvout import csv_bytes
from generator.site.receptions import FIELDS, Row


def open_data(rows: list[Row]) -> dict[str, bytes]:
    """The schedule as CSV and JSON with a Frictionless Table Schema."""
    names = [name for name, _, _ in FIELDS]
    table = csv_bytes(names, (row.cells() for row in rows))
    schema = {
        "fields": [{"name": name, "type": kind, "title": title} for name, kind, title in FIELDS],
        "missingValues": [""],
    }
    as_json = [dict(zip(names, row.cells(), strict=True)) for row in rows]
    return {
        "data/receptions.csv": table,
        "data/receptions.json": (json.dumps(as_json, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        "data/receptions.schema.json": (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
