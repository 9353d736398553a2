"""Problems: the typed, located findings every stage reports (data, not exceptions)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from generator.codes import Code, Severity

SEVERITY_LABEL: dict[str, str] = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True, order=True, kw_only=True)
class Problem:
    """One thing wrong with the content, with where it is and how to fix it.

    ``code`` comes from the catalogue (``codes.py``) and brings the severity;
    ``message`` is one or two Chinese sentences for the editor. ``line`` and
    ``column`` are 1-based.
    """

    path: str
    line: int | None = None
    column: int | None = None
    code: Code
    message: str
    severity: Severity = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", self.code.severity)

    def format(self) -> str:
        """Render as ``PATH:LINE:COL: 错误: MESSAGE [code]``."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {SEVERITY_LABEL[self.severity]}: {self.message} [{self.code}]"


class GongkaiError(Exception):
    """The one exception a stage raises when the build cannot go on.

    ``environment`` marks a broken machine (missing font or library) rather than
    bad content: the command line then exits with 2 instead of 1.
    """

    def __init__(self, problems: Sequence[Problem], environment: bool = False) -> None:
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = tuple(problems)
        self.environment = environment


def has_errors(problems: Iterable[Problem], strict: bool = False) -> bool:
    """True when any problem stops the build (warnings too under ``strict``)."""
    return any(p.severity == "error" or strict for p in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order by file, then position, so output reads top to bottom."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.column or 0, p.code))


def problems_as_text(problems: Iterable[Problem]) -> str:
    return "".join(p.format() + "\n" for p in sort_problems(problems))


def problems_as_json(problems: Iterable[Problem]) -> str:
    rows = [asdict(p) for p in sort_problems(problems)]
    return json.dumps({"problems": rows}, ensure_ascii=False, indent=2) + "\n"
