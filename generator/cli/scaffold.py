"""``gongkai new KIND NAME``: a new source file from a commented template (never overwriting)."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

TARGETS = {
    "notice": ("notice.md", "content/notices/{name}.md"),
    "article": ("article.md", "content/articles/{name}.md"),
    "campaign": ("campaign.yaml", "content/campaigns/{name}.yaml"),
    "roster": ("roster.yaml", "content/rosters/{name}.yaml"),
    "page": ("page.md", "content/pages/{name}.md"),
    "table": ("table.yaml", "data/{name}.yaml"),
}


class ScaffoldError(Exception):
    """The file cannot be created (bad name, or it exists)."""


def scaffold(root: Path, kind: str, name: str, today: dt.date | None = None) -> Path:
    """Write the template of ``kind`` as ``name``; a table also gets its empty CSV."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise ScaffoldError(f"名称“{name}”只能包含小写英文字母、数字和连字符，例如 2025-xinfang-month。")
    template, target = TARGETS[kind]
    path = root / target.format(name=name)
    extra = [(root / f"data/{name}.csv", "table.csv")] if kind == "table" else []
    for existing, _ in [(path, template), *extra]:
        if existing.exists():
            raise ScaffoldError(f"{existing} 已存在，不会覆盖。请换一个名称。")
    day = today or dt.date.today()
    scaffolds = resources.files("generator.cli") / "scaffolds"
    for out, source in [(path, template), *extra]:
        text = (scaffolds / source).read_text(encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        values = {"__ID__": name, "__TODAY__": day.isoformat(), "__END__": (day + dt.timedelta(days=30)).isoformat()}
        values["__YEAR__"] = str(day.year)
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        out.write_text(text, encoding="utf-8")
    return path
