"""``gongkai new KIND NAME``: a new source file from a commented template (never overwriting)."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

from generator.content import kinds


class ScaffoldError(Exception):
    """The file cannot be created (bad name, or it exists)."""


def scaffold(root: Path, kind: str, name: str, today: dt.date | None = None) -> Path:
    """Write the templates of ``kind`` as ``name`` in its folder (a table also gets its empty CSV); the source's path."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise ScaffoldError(f"名称“{name}”只能包含小写英文字母、数字和连字符，例如 2025-xinfang-month。")
    found = kinds.kind(kind)
    files = [(root / found.folder / (name + Path(template).suffix), template) for template in found.scaffold]
    for existing, _ in files:
        if existing.exists():
            raise ScaffoldError(f"{existing} 已存在，不会覆盖。请换一个名称。")
    day = today or dt.date.today()
    scaffolds = resources.files("generator.cli") / "scaffolds"
    for out, source in files:
        text = (scaffolds / source).read_text(encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        values = {"__ID__": name, "__TODAY__": day.isoformat(), "__END__": (day + dt.timedelta(days=30)).isoformat()}
        values["__YEAR__"] = str(day.year)
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        out.write_text(text, encoding="utf-8")
    return files[0][0]
