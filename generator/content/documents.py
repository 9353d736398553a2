"""Validate stage: what validation returns — each validated ``Document`` with its source, and the ``Content``.

Later stages import these types from here, not from the validation code that makes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from generator.content.models import (
    Article,
    CalendarFile,
    CampaignPlan,
    Model,
    Notice,
    Page,
    PeopleFile,
    PlacesFile,
    ReceptionRoster,
    SiteSettings,
    StatTableSpec,
)
from generator.problems import Problem
from generator.source.loader import Source
from generator.source.yamldoc import Loc

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Document(Generic[M]):
    """A validated model with the source it came from (for locating later problems)."""

    model: M
    source: Source

    def problem(self, loc: Loc, code: str, message: str, severity: str = "error") -> Problem:
        mark = self.source.located.mark_for(loc)
        return Problem(
            self.source.path,
            mark.line if mark else None,
            mark.column if mark else None,
            code,
            message,
            severity,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class Content:
    """Everything the editors wrote, validated, before the site model is assembled."""

    settings: Document[SiteSettings] | None
    people: Document[PeopleFile] | None
    places: Document[PlacesFile] | None
    campaigns: tuple[Document[CampaignPlan], ...]
    rosters: tuple[Document[ReceptionRoster], ...]
    notices: tuple[Document[Notice], ...]
    pages: tuple[Document[Page], ...]
    tables: tuple[Document[StatTableSpec], ...]
    calendar: Document[CalendarFile] | None = None
    articles: tuple[Document[Article], ...] = ()
    assets: Mapping[str, Asset] = field(default_factory=dict)
    """Files under content/assets/, by their path below that folder."""


@dataclass(frozen=True)
class Asset:
    """A file editors put in content/assets/ (an image, a seal): where it is and its digest."""

    path: str
    sha256: str
