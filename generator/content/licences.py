"""Content: the open-data licence as a name, a title and a link (Frictionless ``licenses``, DCAT, the pages).

``site.yaml``'s ``data_licence`` may name a licence by its identifier (``CC-BY-4.0``) or as it
is usually written in Chinese (署名 4.0 国际（CC BY 4.0）); a licence not in the list below
needs ``data_licence_url``, the address of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    """A licence as the package and the catalogue state it: SPDX-style name (if known), title, link."""

    name: str | None
    title: str
    path: str | None

    def frictionless(self) -> dict[str, str]:
        """The ``licenses`` entry of a Data Package or one of its resources."""
        entry = {"title": self.title}
        entry |= {"name": self.name} if self.name else {}
        entry |= {"path": self.path} if self.path else {}
        return entry


KNOWN = (
    Licence("CC-BY-4.0", "署名 4.0 国际（CC BY 4.0）", "https://creativecommons.org/licenses/by/4.0/"),
    Licence("CC0-1.0", "CC0 1.0 公共领域贡献（CC0 1.0）", "https://creativecommons.org/publicdomain/zero/1.0/"),
    Licence("ODC-BY-1.0", "开放数据共享署名许可（ODC-By 1.0）", "https://opendatacommons.org/licenses/by/1-0/"),
    Licence("ODbL-1.0", "开放数据库许可（ODbL 1.0）", "https://opendatacommons.org/licenses/odbl/1-0/"),
    Licence("PDDL-1.0", "公共领域贡献与许可（PDDL 1.0）", "https://opendatacommons.org/licenses/pddl/1-0/"),
)


def _key(text: str) -> str:
    return re.sub(r"[\s\-_.]", "", text).lower()


def licence_of(written: str, url: str | None = None) -> Licence:
    """The licence ``site.yaml`` names: a known one by its identifier or short form, else as written with ``url``."""
    for known in KNOWN:
        short = re.search(r"（(.+)）", known.title)
        forms = {known.name or "", known.title, short.group(1) if short else ""}
        if any(_key(form) and (_key(form) == _key(written) or f"（{form}）" in written) for form in forms):
            return Licence(known.name, known.title if written == known.name else written, url or known.path)
    return Licence(None, written, url)
