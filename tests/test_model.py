"""Schema as code: descriptions on every field, editor JSON Schemas up to date, 索引号 issuing, frozen models."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO
from pydantic import BaseModel, ValidationError

from generator.content.kinds import document_models
from generator.content.models import SiteSettings
from generator.content.schema import editor_schemas
from generator.content.schema_errors import _inner_model
from generator.site.model import SuoyinhaoIssuer


def all_models() -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo = list(document_models().values())
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.model_fields.values():
            inner = _inner_model(info.annotation)
            if inner is not None:
                todo.append(inner)
    return seen


def test_every_field_has_a_description() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for model in all_models()
        for name, info in model.model_fields.items()
        if not (info.description or "").strip()
    ]
    assert missing == []
    assert len(all_models()) >= 20


def test_every_model_has_a_docstring() -> None:
    assert [m.__name__ for m in all_models() if not (m.__doc__ or "").strip()] == []


def test_shipped_editor_schemas_are_current() -> None:
    for name, text in editor_schemas().items():
        shipped = REPO / "schemas" / name
        assert shipped.is_file(), f"schemas/{name} missing: run `make schemas`"
        assert shipped.read_text(encoding="utf-8") == text, f"schemas/{name} is stale: run `make schemas`"


def _settings(template: str) -> SiteSettings:
    return SiteSettings.model_validate(
        {
            "title": "t",
            "base_url": "https://example.org/",
            "publisher": {"full_name": "某镇人民政府", "short_name": "某镇", "org_code": "qz06901"},
            "suoyinhao": {"template": template, "category": "2420"},
            "contact": {"office": "信访办", "address": "某地", "phone": "1"},
            "footer": {"sponsor": "某镇人民政府"},
        }
    )


def test_suoyinhao_continues_after_the_highest_serial_of_its_prefix() -> None:
    issuer = SuoyinhaoIssuer(
        _settings("{org}-{category}-{year}-{serial}"), ["qz06901-2420-2024-00091", "qz06901-2420-2023-00200"]
    )
    assert issuer.issue(dt.date(2024, 10, 1)) == "qz06901-2420-2024-00092"
    assert issuer.issue(dt.date(2024, 10, 2)) == "qz06901-2420-2024-00093"
    assert issuer.issue(dt.date(2025, 1, 2)) == "qz06901-2420-2025-00001"


def test_suoyinhao_with_month_and_slash() -> None:
    issuer = SuoyinhaoIssuer(_settings("{org}/{year}{month}-{serial}"), ["qz06901/202308-00003"])
    assert issuer.issue(dt.date(2023, 8, 30)) == "qz06901/202308-00004"
    assert issuer.issue(dt.date(2023, 9, 1)) == "qz06901/202309-00001"


def test_models_are_frozen() -> None:
    settings = _settings("{org}/{year}-{serial}")
    with pytest.raises(ValidationError):
        settings.title = "changed"  # type: ignore[misc]
