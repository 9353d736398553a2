"""The catalogue of problems: every code a stage can report, its severity and what it means.

A ``Problem`` takes its code from here (``codes.UNKNOWN_PERSON``), never a bare string, so
mypy rejects a code that is not catalogued, and its severity comes with the code. The
message stays where the problem is found: it names the value, the suggestion and the place,
which only that code knows. ``tests/test_problem_codes.py`` checks that every code here is
exercised by a test. Codes are stable: editors and CI scripts match on them.
"""

from __future__ import annotations

from typing import Literal

Severity = Literal["error", "warning"]

CATALOGUE: dict[str, Code] = {}
"""Every code, by its name."""


class Code(str):
    """A problem code: the kebab-case name (it is the string), its severity and its meaning."""

    severity: Severity
    stage: str
    meaning: str

    def __new__(cls, name: str, severity: Severity, stage: str, meaning: str) -> Code:
        if name in CATALOGUE:
            raise ValueError(f"problem code {name} is catalogued twice")
        code = super().__new__(cls, name)
        code.severity, code.stage, code.meaning = severity, stage, meaning
        CATALOGUE[name] = code
        return code

    def __reduce__(self) -> tuple[object, tuple[str]]:
        """Pickled by name (PDF workers send problems back): the catalogue's own entry on the other side."""
        return catalogued, (str(self),)


def catalogued(name: str) -> Code:
    """The code called ``name``."""
    return CATALOGUE[name]


# source/
BIDI_CONTROL = Code(
    "bidi-control", "error", "source", "A text holds a bidirectional override or isolate that reorders what readers see"
)
EXTERNAL_RESOURCE = Code(
    "external-resource",
    "error",
    "source",
    "A body embeds an image or other resource from another site (a reader's browser would fetch it)",
)
CONTROL_CHARACTER = Code(
    "control-character",
    "error",
    "source",
    "A file contains an invisible control character, usually pasted from a word processor",
)
FILE_TOO_LARGE = Code(
    "file-too-large", "error", "source", "A source file exceeds the size limit (1 MiB text, 32 MiB data)"
)
FORMULA_IN_CELL = Code(
    "formula-in-cell", "warning", "source", "A table cell starts like a spreadsheet formula (=, @, +, -)"
)
FRONT_MATTER_MISSING = Code(
    "front-matter-missing", "error", "source", "A Markdown file does not start with a --- front matter header"
)
FRONT_MATTER_UNCLOSED = Code(
    "front-matter-unclosed", "error", "source", "A Markdown file's front matter has no closing --- line"
)
HTML_IN_TEXT = Code(
    "html-in-text", "warning", "source", "A YAML text or table cell contains HTML tags, shown as plain text"
)
MISSING_FILE = Code(
    "missing-file", "error", "source", "A required file (site.yaml, people.yaml or places.yaml) is missing"
)
NO_CONTENT = Code("no-content", "error", "source", "The content/ directory cannot be found under the project root")
NOT_UTF8 = Code("not-utf8", "error", "source", "A file is not UTF-8 encoded (perhaps GBK/GB2312)")
PATH_OUTSIDE = Code("path-outside", "error", "source", "A link, image path or symlink points outside content/ or data/")
TABLE_CSV = Code("table-csv", "error", "source", "A CSV file is malformed (unbalanced quotes or an overlong cell)")
TABLE_TWO_FILES = Code("table-two-files", "error", "source", "A table has both a .csv and a .xlsx data file")
TABLE_WITHOUT_DATA = Code(
    "table-without-data", "error", "source", "A table description data/NAME.yaml has no matching .csv or .xlsx"
)
TABLE_WITHOUT_SCHEMA = Code(
    "table-without-schema", "error", "source", "A data file has no matching data/NAME.yaml description"
)
TABLE_XLSX = Code("table-xlsx", "error", "source", "An Excel file is damaged or not in .xlsx format")
UNKNOWN_FILE = Code("unknown-file", "warning", "source", "A file is in the wrong folder or has the wrong extension")
UNSAFE_HTML = Code(
    "unsafe-html",
    "warning",
    "source",
    "A body contains scripts, frames or event handlers, which are removed on publishing",
)
YAML_ALIAS = Code("yaml-alias", "error", "source", "YAML anchors and aliases (& and *) are not allowed")
YAML_DUPLICATE_KEY = Code("yaml-duplicate-key", "error", "source", "A YAML key appears twice in the same mapping")
YAML_SYNTAX = Code("yaml-syntax", "error", "source", "The YAML cannot be parsed: indentation, colon or quote errors")
YAML_TAB = Code("yaml-tab", "error", "source", "A YAML line is indented with a tab instead of spaces")
YAML_TAG = Code("yaml-tag", "error", "source", "A YAML tag (written with !) is not allowed")
YAML_TOO_DEEP = Code("yaml-too-deep", "error", "source", "YAML nesting is deeper than 32 levels")

# content/
FIGURE_SELECTION = Code(
    "figure-selection",
    "error",
    "content",
    "A named figure selects by a column the table lacks, a value its rows never use, or reuses a name",
)
CASE_COUNTS = Code("case-counts", "error", "content", "A leader's 包案 counts say more cases resolved than taken")
FIGURE_PERIOD = Code(
    "figure-period",
    "error",
    "content",
    "A named figure's period cannot be made of its rows (a gap, an overlap, no row), or ends before it starts",
)
INDEX_SPEC = Code(
    "index-spec",
    "error",
    "content",
    "A composite index is missing, misplaced, names a column the table lacks or that is not a number, "
    "or mixes directions unscaled",
)
TARGET_BOUNDS = Code(
    "target-bounds", "error", "content", "A rate's target has no bound, or its floor is above its ceiling"
)
TABLE_TOO_LONG = Code(
    "table-too-long", "error", "content", "A statistics table has more rows than its max_rows (default 100,000)"
)
ADJUSTMENT_FIELDS = Code(
    "adjustment-fields",
    "error",
    "content",
    "A roster adjustment lacks fields its action needs (swap: substitute; add: place and time)",
)
LICENCE_URL = Code(
    "licence-url",
    "error",
    "content",
    "The open-data licence is not a known one and site.yaml gives no address of its text (data_licence_url)",
)
ATTACHMENT_KIND = Code(
    "attachment-kind",
    "error",
    "content",
    "A plan attachment's content contradicts its kind (blank template vs. published roster)",
)
ATTACHMENT_NUMBER = Code("attachment-number", "error", "content", "Plan attachments are not numbered 1, 2, 3… in order")
BAD_CHOICE = Code("bad-choice", "error", "content", "A field holds a value outside its allowed list of choices")
BAD_DATE = Code("bad-date", "error", "content", "A date is not written YYYY-MM-DD or does not exist")
BAD_FORMAT = Code("bad-format", "error", "content", "A field's text does not match the required pattern")
BAD_ID = Code(
    "bad-id", "error", "content", "An identifier uses characters other than lowercase letters, digits and hyphens"
)
BAD_TIME_RANGE = Code(
    "bad-time-range", "error", "content", "A time range is not a valid 24-hour HH:MM-HH:MM with start before end"
)
COLUMN_MISSING = Code(
    "column-missing", "error", "content", "content/site.yaml lacks a column that a document kind is listed in"
)
COLUMN_RESERVED = Code(
    "column-reserved", "error", "content", "A column id clashes with a URL folder the site already uses"
)
COLUMN_TWICE = Code(
    "column-twice", "error", "content", "The same column id appears more than once in content/site.yaml"
)
COUNTS_COLUMNS = Code(
    "counts-columns", "error", "content", "A counts table (role: counts) lacks required columns or batches/persons"
)
DATE_ORDER = Code("date-order", "error", "content", "A campaign plan or one of its phases ends before it starts")
DEADLINE_RULE = Code(
    "deadline-rule", "error", "content", "A reporting deadline must give exactly one of date or weekdays"
)
DOC_NUMBER_BRACKETS = Code(
    "doc-number-brackets", "error", "content", "A document number's year is not in the 〔〕 hexagonal brackets"
)
DOC_NUMBER_FORMAT = Code(
    "doc-number-format", "error", "content", "A document number is not agency code〔year〕serial号"
)
DOC_NUMBER_YEAR = Code(
    "doc-number-year",
    "warning",
    "content",
    "The year in a notice's document number differs from its written date's year",
)
DUPLICATE_ID = Code("duplicate-id", "error", "content", "Two documents or people of the same kind share an identifier")
EMPTY_BODY = Code("empty-body", "error", "content", "A notice has no body text after its front matter")
EMPTY_VALUE = Code("empty-value", "error", "content", "A required text or list field is empty")
META_OR_NOTICE = Code(
    "meta-or-notice", "error", "content", "A document must give exactly one of meta or published_with"
)
MISSING_FIELD = Code("missing-field", "error", "content", "A required field is missing")
NOT_A_MAPPING = Code("not-a-mapping", "error", "content", "A file is empty or is not a set of key: value fields")
OUT_OF_RANGE = Code("out-of-range", "error", "content", "A number is below its minimum or above its maximum")
PRINT_BEFORE_WRITTEN = Code(
    "print-before-written", "error", "content", "A notice's print date is earlier than its written date"
)
RATE_OVER_WHOLE = Code("rate-over-whole", "error", "content", "In a rates table a numerator exceeds its denominator")
RATES_COLUMNS = Code(
    "rates-columns", "error", "content", "A rates table lacks required columns or has non-integer counts"
)
RATES_TARGET_UNKNOWN = Code(
    "rates-target-unknown", "warning", "content", "A rates table target names a metric absent from its data"
)
ROSTER_DATES = Code("roster-dates", "error", "content", "A roster with rules lacks its start or end date")
ROSTER_EMPTY = Code("roster-empty", "error", "content", "A roster has neither rules nor receptions")
SUOYINHAO_TEMPLATE = Code(
    "suoyinhao-template",
    "error",
    "content",
    "The index-number template needs exactly one {serial} and only known placeholders",
)
TABLE_CELL_CHOICE = Code(
    "table-cell-choice", "error", "content", "A table cell holds a value outside the column's allowed values"
)
TABLE_CELL_RANGE = Code(
    "table-cell-range", "error", "content", "A table cell's number is below the column minimum or above its maximum"
)
TABLE_CELL_TYPE = Code("table-cell-type", "error", "content", "A table cell does not fit the column's type")
TABLE_EMPTY = Code("table-empty", "error", "content", "A statistics table's data file has no rows, not even a header")
TABLE_HEADER = Code(
    "table-header", "error", "content", "A data file's header row differs from the columns declared in its schema"
)
TABLE_REQUIRED = Code("table-required", "error", "content", "A required table cell is empty")
TABLE_ROW_LENGTH = Code(
    "table-row-length", "error", "content", "A table row has a different number of cells than the header"
)
TALLY_COLUMNS = Code(
    "tally-columns", "error", "content", "A tally table lacks required columns or has a non-integer count"
)
TITLE_TOO_LONG = Code(
    "title-too-long", "warning", "content", "A notice title exceeds 60 characters, more than three lines in the layout"
)
TOO_LONG = Code("too-long", "error", "content", "A text or list field is longer than allowed")
UNKNOWN_ASSET = Code("unknown-asset", "error", "content", "The emblem or seal image named is not in content/assets/")
UNKNOWN_COLUMN = Code(
    "unknown-column", "error", "content", "An article or a 年报 names a column not defined in content/site.yaml"
)
UNKNOWN_KEY = Code("unknown-key", "error", "content", "A key not allowed at this place in the document")
UNKNOWN_NOTICE = Code(
    "unknown-notice", "error", "content", "published_with names a notice not found in content/notices/"
)
UNKNOWN_RECEPTION_TYPE = Code(
    "unknown-reception-type",
    "error",
    "content",
    "A roster names a reception type (接访方式) that site.yaml's reception_types does not list",
)
UNKNOWN_PERSON = Code(
    "unknown-person", "error", "content", "A roster names a person not registered in content/people.yaml"
)
UNKNOWN_PLACE = Code(
    "unknown-place", "error", "content", "A roster names a place not registered in content/places.yaml"
)
UNKNOWN_PLAN = Code(
    "unknown-plan", "error", "content", "A notice names a campaign plan not found in content/campaigns/"
)
UNKNOWN_ROSTER = Code(
    "unknown-roster", "error", "content", "A plan attachment names a roster not found in content/rosters/"
)
WRONG_TYPE = Code("wrong-type", "error", "content", "A field's value has the wrong type")

# site/
CALENDAR_UNCONFIRMED = Code(
    "calendar-unconfirmed", "warning", "site", "A roster uses a year whose official holidays are not yet confirmed"
)
DUPLICATE_SUOYINHAO = Code(
    "duplicate-suoyinhao", "error", "site", "An index number (索引号) is already used by another item"
)
EMPTY_COLUMN = Code(
    "empty-column",
    "warning",
    "site",
    "A site column has no published items, which counts against the site in inspections",
)
EXAMPLE_REAL_PHONE = Code(
    "example-real-phone",
    "error",
    "site",
    "An example site declares a telephone number not marked as fictional (示例号码)",
)
REPORT_UNBALANCED = Code(
    "report-unbalanced",
    "error",
    "site",
    "A 年报's application table does not balance: received + carried in ≠ results + carried out, in a column",
)
STALE_HOME = Code(
    "stale-home", "warning", "site", "Nothing new on the home page for longer than its update limit (two weeks)"
)
STALE_COLUMN = Code(
    "stale-column", "warning", "site", "A column's newest item is older than the column's update limit (six months)"
)
ORPHAN_PAGE = Code("orphan-page", "warning", "site", "A free page that no other page links to")
LATE_PUBLICATION = Code(
    "late-publication",
    "warning",
    "site",
    "Published more than 20 working days after written, against regulation article 26",
)
PUBLISHED_BEFORE_WRITTEN = Code(
    "published-before-written", "warning", "site", "An item's publication date is earlier than its written date"
)
REVIEW_AFTER_PUBLICATION = Code(
    "review-after-publication", "error", "site", "An item's review date is later than its publication date"
)
SUOYINHAO_CHANGED = Code(
    "suoyinhao-changed", "warning", "site", "An index number differs from the one already published"
)
SUOYINHAO_GENERATED = Code(
    "suoyinhao-generated", "warning", "site", "An item lacks an index number, so one was generated from the template"
)
UNREVIEWED = Code(
    "unreviewed", "warning", "site", "A proactively disclosed item has no review yet and is not published"
)

# rosters/
ADJUSTMENT_NO_MATCH = Code(
    "adjustment-no-match",
    "error",
    "rosters",
    "A cancel or swap adjustment matches no scheduled reception for that person and date",
)
ROSTER_AB_SAME = Code(
    "roster-ab-same",
    "error",
    "rosters",
    "A reception's A岗 and B岗 are the same person (after a rule's turns or a swap)",
)
ROSTER_DOUBLE_BOOKED = Code(
    "roster-double-booked", "error", "rosters", "A person is scheduled for two overlapping receptions on one day"
)
ROSTER_FREQUENCY = Code(
    "roster-frequency", "error", "rosters", "A person has fewer receptions per week or month than required"
)
ROSTER_ON_HOLIDAY = Code(
    "roster-on-holiday", "error", "rosters", "A reception falls on a rest day without on_holiday: true"
)
ROSTER_OUTSIDE_CAMPAIGN = Code(
    "roster-outside-campaign", "error", "rosters", "Receptions fall outside the dates of the roster's campaign"
)
ROSTER_UNCOVERED_DAY = Code(
    "roster-uncovered-day", "error", "rosters", "Some working days in a daily rotation have nobody receiving visitors"
)

# stats/
FIGURE_DIRECTION = Code(
    "figure-direction",
    "error",
    "stats",
    "A body quotes a change as a fall (| 降幅) or a rise (| 升幅) and the figure went the other way",
)
FIGURE_WITHOUT_DATA = Code(
    "figure-without-data",
    "error",
    "stats",
    "A body quotes a figure the table has no row for in the latest period (never a silent 0)",
)
COUNTS_TWICE = Code(
    "counts-twice", "error", "stats", "More than one published counts table would supply the quoted totals"
)
NARRATIVE_SYNTAX = Code(
    "narrative-syntax", "error", "stats", "A {{ … }} figure reference in a body has template syntax errors"
)
UNKNOWN_FIGURE = Code(
    "unknown-figure", "error", "stats", "A body quotes a statistics figure that does not exist or is unpublished"
)
UNKNOWN_GROUP = Code(
    "unknown-group", "error", "stats", "A body's summary table names a group that no published table has"
)
CHART_UNAVAILABLE = Code(
    "chart-unavailable",
    "error",
    "stats",
    "A body's trend chart names a table that is not published or has no monthly rows to draw",
)

# web/
ASSET_ACTIVE = Code(
    "asset-active",
    "error",
    "web",
    "An asset (SVG, PDF, office document) carries scripts, macros, embedded files or external references",
)
ASSET_TYPE = Code(
    "asset-type",
    "error",
    "web",
    "An asset is of a kind that is never published (a web page, a script, a program, an unknown kind)",
)
SEARCH_INDEX = Code("search-index", "error", "web", "The Pagefind search indexer is missing or failed")

# gongwen/
FONT_MISSING = Code("font-missing", "error", "gongwen", "A font needed for the official-document PDFs is not installed")
FONT_MISSING_GLYPH = Code(
    "font-missing-glyph", "warning", "gongwen", "A PDF font lacks characters used in the document, so they fall back"
)
TABLE_TOO_WIDE = Code(
    "table-too-wide",
    "error",
    "gongwen",
    "A table in a notice or an attachment cannot fit the type area, even on a landscape page",
)

# publish/
DENYLIST_ENTRY = Code(
    "denylist-entry", "error", "publish", "A line in the private name list is too short (one character)"
)
DENYLIST_IN_CONTENT = Code(
    "denylist-in-content", "error", "publish", "The private name list lies inside content/, where it could be published"
)
DENYLIST_MISSING = Code(
    "denylist-missing", "error", "publish", "The private name list cannot be read (wrong path or not UTF-8)"
)
DEPLOY_CURRENT_NOT_LINK = Code(
    "deploy-current-not-link", "error", "publish", "The deploy target's current is a real directory, not a symlink"
)
DEPLOY_NAME = Code(
    "deploy-name",
    "error",
    "publish",
    "A release name has invalid characters or was already deployed with different content",
)
DEPLOY_SOURCE = Code("deploy-source", "error", "publish", "The site or archive to deploy is missing or cannot be read")
PACK_NOT_A_BUILD = Code(
    "pack-not-a-build", "error", "publish", "The folder to pack is not a complete build (no SHA256SUMS)"
)
PRIVATE_DATA = Code(
    "private-data",
    "error",
    "publish",
    "Output contains personal data: ID, phone, card, email, denylisted name or register field",
)
RELEASE_UNUSED = Code(
    "release-unused", "warning", "publish", "A guard release in site.yaml no longer lets anything through"
)
ROLLBACK_NONE = Code("rollback-none", "error", "publish", "There is no earlier deployed release to roll back to")
UNREADABLE_OUTPUT = Code(
    "unreadable-output",
    "error",
    "publish",
    "An output PDF or workbook is unreadable, so personal data cannot be checked",
)
UNSAFE_OUTPUT = Code(
    "unsafe-output", "error", "publish", "The output folder would overwrite sources or a non-gongkai folder"
)
VERIFY_FAILED = Code(
    "verify-failed", "error", "publish", "Files, checksums or internal links do not match the manifest or SHA256SUMS"
)

# build/
MKDOCS_ERROR = Code("mkdocs-error", "error", "build", "MkDocs failed while building the site")
NO_MKDOCS_CONFIG = Code("no-mkdocs-config", "error", "build", "mkdocs.yml cannot be found in the project root")
PLUGIN_MISSING = Code("plugin-missing", "error", "build", "mkdocs.yml does not list the gongkai plugin")
TEMPLATE_ERROR = Code("template-error", "error", "build", "A web page template failed while rendering")
TEMPLATE_SYNTAX = Code("template-syntax", "error", "build", "A web page template has a syntax error")
