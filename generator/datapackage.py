"""Render stage: ``data/datapackage.json`` — every published table as a Frictionless Data Package resource."""

from __future__ import annotations

import json
from typing import Any

from .schedule import FIELDS, published_rows
from .site import Site
from .suppression import COMPLEMENT


def _table_schema(spec: Any) -> dict[str, Any]:
    fields = []
    for field in spec.table_schema.fields:
        entry: dict[str, Any] = {"name": field.name, "type": field.type, "title": field.title}
        if field.description:
            entry["description"] = field.description
        constraints = {k: v for k, v in field.constraints.model_dump().items() if v not in (None, False)}
        if constraints:
            entry["constraints"] = {k: list(v) if isinstance(v, tuple) else v for k, v in constraints.items()}
        fields.append(entry)
    suppressed = spec.role == "counts" and spec.suppress_below > 1
    missing = [""] + ([f"<{spec.suppress_below}", COMPLEMENT] if suppressed else [])
    schema: dict[str, Any] = {"fields": fields, "missingValues": missing}
    if spec.table_schema.primaryKey:
        schema["primaryKey"] = list(spec.table_schema.primaryKey)
    return schema


def datapackage(site: Site) -> dict[str, bytes]:
    """The package descriptor, with Chinese catalogue fields (提供方, 更新周期, 主题分类) as custom properties."""
    resources = []
    for item in site.by_kind("table"):
        spec, meta = item.document.model, item.meta
        assert meta is not None
        resources.append(
            {
                "name": spec.id,
                "path": f"{spec.id}/{spec.id}.csv",
                "title": meta.title,
                "description": meta.summary or meta.title,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": _table_schema(spec),
                "x-suoyinhao": meta.suoyinhao,
                "x-update-frequency": spec.update_frequency,
                "x-subject": meta.subject,
                "x-published": meta.date_published.isoformat(),
            }
        )
    if published_rows(site):
        resources.append(
            {
                "name": "receptions",
                "path": "receptions.csv",
                "title": "领导接访安排",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {
                    "fields": [{"name": n, "type": t, "title": title} for n, t, title in FIELDS],
                    "missingValues": [""],
                },
            }
        )
    if not resources:
        return {}
    publisher = site.settings.publisher
    package = {
        "name": f"gongkai-{publisher.org_code}".lower(),
        "title": f"{site.settings.title}：开放数据",
        "homepage": site.settings.base_url,
        "contributors": [{"title": publisher.full_name, "role": "publisher"}],
        "x-provider": publisher.full_name,
        "created": f"{site.today.isoformat()}T00:00:00+08:00",
        "resources": resources,
    }
    return {"data/datapackage.json": (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}
