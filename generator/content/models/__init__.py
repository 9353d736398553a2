"""Model stage: the frozen content models (schema as code)."""

from .calendar import CalendarFile
from .documents import Article, CampaignPlan, Notice, Page, ReceptionRoster
from .meta import DisclosureFields, DisclosureMeta
from .report import AnnualReport
from .roster import Reception
from .site import Column, PeopleFile, Person, Place, PlacesFile, SiteSettings
from .stats import StatTableSpec
from .types import Model

__all__ = [
    "AnnualReport",
    "Article",
    "CalendarFile",
    "CampaignPlan",
    "Column",
    "DisclosureFields",
    "DisclosureMeta",
    "Model",
    "Notice",
    "Page",
    "PeopleFile",
    "Person",
    "Place",
    "PlacesFile",
    "Reception",
    "ReceptionRoster",
    "SiteSettings",
    "StatTableSpec",
]
