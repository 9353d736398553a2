"""Validate stage: what validation returns — each validated ``Document`` with its source, and the ``Content``.

Later stages import these types from here, not from the validation code that makes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from generator.codes import Code
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

    def problem(self, loc: Loc, code: Code, message: str) -> Problem:
        """A problem at ``loc`` in this document's source."""
        mark = self.source.located.mark_for(loc)
        return Problem(
            path=self.source.path,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            code=code,
            message=message,
        )


@dataclass(frozen=True)
class Content:
    """Everything the editors wrote, validated, before the site model is assembled."""

    settings: Document[SiteSettings] | None
    people: Document[PeopleFile] | None
    places: Document[PlacesFile] | None
    calendar: Document[CalendarFile] | None = None
    documents: Mapping[str, tuple[Document[Any], ...]] = field(default_factory=dict)
    """Kind name (``content/kinds.py``) → its documents, in the order of their paths."""
    assets: Mapping[str, Asset] = field(default_factory=dict)
    """Files under content/assets/, by their path below that folder."""

    def of(self, kind: str) -> tuple[Document[Any], ...]:
        """The documents of one kind."""
        return self.documents.get(kind, ())

    # Typed views of the kinds other stages handle by name.
    @property
    def notices(self) -> tuple[Document[Notice], ...]:
        return self.of("notice")

    @property
    def articles(self) -> tuple[Document[Article], ...]:
        return self.of("article")

    @property
    def campaigns(self) -> tuple[Document[CampaignPlan], ...]:
        return self.of("campaign")

    @property
    def rosters(self) -> tuple[Document[ReceptionRoster], ...]:
        return self.of("roster")

    @property
    def tables(self) -> tuple[Document[StatTableSpec], ...]:
        return self.of("table")

    @property
    def pages(self) -> tuple[Document[Page], ...]:
        return self.of("page")


@dataclass(frozen=True)
class Asset:
    """A file editors put in content/assets/ (an image, a seal): where it is and its digest."""

    path: str
    sha256: str
