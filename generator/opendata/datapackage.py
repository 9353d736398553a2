"""Render stage: ``data/datapackage.json`` — every published table as a Frictionless Data Package resource."""

from __future__ import annotations

import json
from typing import Any

from generator.site.model import Site
from generator.site.receptions import FIELDS
from generator.stats.suppression import legend, markers


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
    schema: dict[str, Any] = {"fields": fields, "missingValues": ["", *markers(spec)]}
    if spec.table_schema.primaryKey:
        schema["primaryKey"] = list(spec.table_schema.primaryKey)
    return schema


def datapackage(site: Site) -> dict[str, bytes]:
    """The package descriptor, with Chinese catalogue fields (提供方, 更新周期, 主题分类) as custom properties.

    The licence is stated for the package and for each resource (a resource may travel alone).
    """
    licences = [site.licence.frictionless()]
    resources = []
    for item in site.by_kind("table"):
        spec, meta = item.document.model, item.meta
        assert meta is not None
        resources.append(
            {
                "name": spec.id,
                "path": f"{spec.id}/{spec.id}.csv",
                "title": meta.title,
                "description": f"{(meta.summary or meta.title).rstrip('。')}。{legend(spec)}"
                if legend(spec)
                else meta.summary or meta.title,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": _table_schema(spec),
                "x-suoyinhao": meta.suoyinhao,
                "x-update-frequency": spec.update_frequency,
                "x-subject": meta.subject,
                "x-published": meta.date_published.isoformat(),
                "licenses": licences,
            }
        )
    if site.receptions:
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
                "licenses": licences,
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
        "licenses": licences,
        "resources": resources,
    }
    return {"data/datapackage.json": (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}


FREQUENCY = {"日": "DAILY", "周": "WEEKLY", "月": "MONTHLY", "季": "QUARTERLY", "年": "ANNUAL", "不定期": "IRREGULAR"}
"""更新周期 → the EU frequency vocabulary DCAT-AP uses."""
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _licence(entry: dict[str, Any]) -> object:
    """DCAT's dct:license is a resource: the licence's address (its title only when it has none)."""
    return {"@id": entry["licence_url"]} if entry.get("licence_url") else entry["licence"]


def dcat_catalogue(site: Site, datasets: list[dict[str, Any]]) -> dict[str, bytes]:
    """``data/catalog.jsonld``: the open-data catalogue as DCAT (JSON-LD), one dcat:Dataset per published dataset.

    ``datasets`` are the catalogue entries of render.dataset_entry; their schema.org
    distributions give the download URLs and media types.
    """
    base = site.settings.base_url
    publisher = {"@type": "foaf:Agent", "foaf:name": site.settings.publisher.full_name}
    entries = [
        {
            "@id": entry["jsonld"]["url"],
            "@type": "dcat:Dataset",
            "dct:identifier": entry["jsonld"]["identifier"],
            "dct:title": {"@value": entry["title"], "@language": "zh-CN"},
            "dct:description": {"@value": entry["jsonld"]["description"], "@language": "zh-CN"},
            "dct:issued": {"@value": entry["published"], "@type": "xsd:date"},
            "dct:publisher": {"@type": "foaf:Agent", "foaf:name": entry["publisher"]},
            "dct:accrualPeriodicity": {
                "@id": f"http://publications.europa.eu/resource/authority/frequency/{FREQUENCY[entry['frequency']]}"
            },
            "dct:license": _licence(entry),
            "dcat:keyword": entry["jsonld"]["keywords"],
            "dcat:landingPage": {"@id": entry["jsonld"]["url"]},
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dcat:downloadURL": {"@id": download["contentUrl"]},
                    "dcat:mediaType": download["encodingFormat"],
                    "dct:license": _licence(entry),
                }
                for download in entry["jsonld"]["distribution"]
            ],
        }
        for entry in datasets
    ]
    catalogue = {
        "@context": DCAT_CONTEXT,
        "@id": f"{base}data/",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": f"{site.settings.title}开放数据目录", "@language": "zh-CN"},
        "dct:publisher": publisher,
        "dct:language": "zh-CN",
        "dcat:dataset": entries,
    }
    return {"data/catalog.jsonld": (json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n").encode("utf-8")}
