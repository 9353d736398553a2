"""Fonts for official documents: the face chosen for each type role, found through fontconfig.

GB/T 9704 names five type classes. The fonts offices own come first; the free
faces `make` installs are the fallbacks. A role never silently falls back to a
face of another class (no sans or Song standing in for 仿宋).
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import write_atomically

ROLES = ("fangsong", "xiaobiaosong", "heiti", "kaiti", "songti")
ROLE_NAMES = {"fangsong": "仿宋", "xiaobiaosong": "小标宋", "heiti": "黑体", "kaiti": "楷体", "songti": "宋体"}

PREFERRED: dict[str, tuple[tuple[str, int], ...]] = {
    "fangsong": (("仿宋_GB2312", 400), ("FangSong_GB2312", 400), ("仿宋", 400), ("FangSong", 400),
                 ("方正仿宋_GBK", 400), ("FZFangSong-Z02", 400), ("STFangsong", 400), ("FandolFang", 400)),
    "xiaobiaosong": (("方正小标宋简体", 400), ("FZXiaoBiaoSong-B05S", 400), ("方正小标宋_GBK", 400),
                     ("FZXiaoBiaoSong-B05", 400), ("Source Han Serif SC", 900), ("Noto Serif CJK SC", 700),
                     ("FandolSong", 700)),
    "heiti": (("黑体", 400), ("SimHei", 400), ("方正黑体_GBK", 400), ("FZHei-B01", 400), ("STHeiti", 400),
              ("Noto Sans CJK SC", 400), ("Source Han Sans SC", 400), ("FandolHei", 400)),
    "kaiti": (("楷体_GB2312", 400), ("KaiTi_GB2312", 400), ("楷体", 400), ("KaiTi", 400), ("方正楷体_GBK", 400),
              ("FZKai-Z03", 400), ("STKaiti", 400), ("AR PL KaitiM GB", 400), ("FandolKai", 400)),
    "songti": (("宋体", 400), ("SimSun", 400), ("方正书宋_GBK", 400), ("FZShuSong-Z01", 400), ("STSong", 400),
               ("Noto Serif CJK SC", 400), ("Source Han Serif SC", 400), ("FandolSong", 400)),
}  # fmt: skip
"""Per role, the families to look for in order, with the weight to use (a bold serif for 小标宋)."""


@dataclass(frozen=True)
class Face:
    """One installed face: family, weight, file (and index inside a .ttc collection)."""

    family: str
    weight: int
    file: str
    index: int = 0


@dataclass(frozen=True)
class WorkingFace:
    """A role's face cut down to the common characters (see ``with_working_faces``), under its own family name."""

    family: str
    weight: int
    file: str


@dataclass(frozen=True)
class FontSet:
    """The face serving each role; ``None`` where no face of that class is installed.

    ``working`` holds, per role, a working subset of the face that layout tries first;
    the full face stays behind it in the family list for every character the subset lacks.
    """

    faces: Mapping[str, Face | None]
    working: Mapping[str, WorkingFace] = field(default_factory=dict)

    def missing(self) -> list[str]:
        return [ROLE_NAMES[role] for role, face in self.faces.items() if face is None]

    def css_family(self, role: str) -> str:
        """The CSS ``font-family`` value for a role: the working subset first, then the face itself."""
        face = self.faces[role]
        names = [self.working[role].family] if role in self.working else []
        names += [face.family] if face else []
        return ", ".join('"' + name.replace("\\", "").replace('"', "") + '"' for name in names)

    def font_face_rules(self) -> str:
        """``@font-face`` rules that make the working subsets known to WeasyPrint."""
        return "".join(
            f'@font-face {{ font-family: "{w.family}"; font-weight: {w.weight}; src: url("{Path(w.file).as_uri()}"); }}\n'
            for w in self.working.values()
        )


def _weight(style: str, fc_weight: str) -> int:
    """fontconfig weight (80 regular, 200 bold, 210 black) to CSS weight."""
    try:
        value = int(float(fc_weight))
    except ValueError:
        value = 200 if "Bold" in style else 80
    return 900 if value >= 205 else 700 if value >= 180 else 400


@functools.cache
def installed_faces() -> tuple[Face, ...]:
    """Every face fontconfig knows, one entry per (family name, weight)."""
    if shutil.which("fc-list") is None:
        return ()
    listing = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{style}\t%{weight}\t%{file}\t%{index}\n"],
        capture_output=True,
        text=True,
        check=False,
    )
    faces = []
    for line in sorted(listing.stdout.splitlines()):
        names, style, weight, file, index = [*line.split("\t"), "", "", "", ""][:5]
        for name in names.split(","):
            faces.append(Face(name.strip(), _weight(style, weight), file, int(index or 0)))
    return tuple(faces)


def find_face(family: str, weight: int, faces: tuple[Face, ...]) -> Face | None:
    """The installed face of ``family`` closest to ``weight`` (exact weight first)."""
    candidates = [f for f in faces if f.family == family]
    if not candidates:
        return None
    return min(candidates, key=lambda f: (abs(f.weight - weight), f.file, f.index))


def choose_fonts(overrides: Mapping[str, str] | None = None, faces: tuple[Face, ...] | None = None) -> FontSet:
    """The face per role: a configured family if given, else the first preferred family installed."""
    faces = installed_faces() if faces is None else faces
    chosen: dict[str, Face | None] = {}
    for role in ROLES:
        wanted = ((overrides[role], 400),) if overrides and overrides.get(role) else PREFERRED[role]
        chosen[role] = next((f for family, w in wanted if (f := find_face(family, w, faces))), None)
    return FontSet(chosen)


IDEOGRAPHIC_TOP = 0.88
"""The ideographic em box spans 0.88 em above the baseline to 0.12 em below (CJK convention)."""


@functools.cache
def vertical_metrics(face: Face) -> tuple[float, float]:
    """(ascent, descent) in em from the font's hhea table, as Pango places lines."""
    from fontTools.ttLib import TTFont

    with TTFont(face.file, fontNumber=face.index, lazy=True) as font:
        units = font["head"].unitsPerEm
        return font["hhea"].ascent / units, -font["hhea"].descent / units


def em_top_offset(face: Face, size: float, line_height: float) -> float:
    """Distance in pt from the top of a line box to the top of the ideographic em box."""
    ascent, descent = vertical_metrics(face)
    return (line_height - (ascent + descent) * size) / 2 + (ascent - IDEOGRAPHIC_TOP) * size


@functools.cache
def _cmap(face: Face) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(face.file, fontNumber=face.index, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_characters(face: Face, text: str) -> list[str]:
    """Characters of ``text`` the face has no glyph for (whitespace ignored), in order of appearance."""
    cmap = _cmap(face)
    return list(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in cmap))


WORKING_SET_VERSION = "gb2312+punctuation-1"
"""Names the character set of the working subsets; change it when ``working_characters`` changes."""


FOLIO_CHARACTERS = tuple(ord(c) for c in " 0123456789—")
"""The 宋体 role sets only page numbers (— N —): its working subset needs no more."""


def role_characters(role: str) -> tuple[int, ...]:
    """The characters of a role's working subset."""
    return FOLIO_CHARACTERS if role == "songti" else working_characters()


@functools.cache
def working_characters() -> tuple[int, ...]:
    """GB 2312 (the characters offices' own fonts carry) with Latin-1, general, CJK and full-width punctuation."""
    ranges = (
        range(0x20, 0x7F),
        range(0xA0, 0x100),
        range(0x2000, 0x2070),
        range(0x3000, 0x3040),
        range(0xFF00, 0xFFF0),
    )
    chosen = {code for block in ranges for code in block}
    for code in range(0x100, 0x10000):
        try:
            chr(code).encode("gb2312")
        except UnicodeEncodeError:
            continue
        chosen.add(code)
    return tuple(sorted(chosen))


def font_cache(cache_dir: Path | None) -> Path:
    """Where working subsets live: the build cache's fonts/ folder, or one under the system's temp folder."""
    return (cache_dir or Path(tempfile.gettempdir()) / "gongkai") / "fonts"


def with_working_faces(fonts: FontSet, folder: Path) -> FontSet:
    """``fonts`` with a working subset of each face, made once into ``folder`` (a cache) and reused.

    A CJK face holds tens of thousands of glyphs; WeasyPrint re-reads and subsets the
    whole face for every PDF. Laying out against a subset of the ~7,700 common characters
    makes each PDF's own subsetting several times cheaper. A character outside the set
    falls through to the full face, so the output shows the same glyphs either way.
    """
    working = {}
    for role, face in fonts.faces.items():
        if face is None:
            continue
        target = cached_subset(face, role_characters(role), folder, WORKING_SET_VERSION)
        if target is None:
            continue
        # One family per role: two roles may share a family (小标宋 and 宋体 both Noto Serif CJK SC),
        # and fontconfig would pick by language coverage before weight between their subsets.
        working[role] = WorkingFace(f"{face.family} GK {role}", face.weight, str(target.resolve()))
    return FontSet(fonts.faces, working)


def cached_subset(face: Face, characters: tuple[int, ...], folder: Path, version: str) -> Path | None:
    """A subset of ``face`` to ``characters`` as its own font file in ``folder``, made once and reused.

    The file is named after the face file's identity, ``version`` and the HarfBuzz version;
    it is written whole or not at all. None when HarfBuzz cannot subset the face.
    """
    import uharfbuzz

    stat = Path(face.file).stat()
    key = f"{face.file}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}|{version}|{len(characters)}|{uharfbuzz.__version__}"
    target = folder / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.otf"
    if not target.is_file():
        data = _subset(face, characters)
        if data is None:
            return None
        write_atomically(target, data)
    return target


def face_characters(face: Face) -> tuple[int, ...]:
    """Every character the face maps."""
    import uharfbuzz

    return tuple(sorted(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(face.file), face.index).unicodes))


def _subset(face: Face, characters: tuple[int, ...]) -> bytes | None:
    import uharfbuzz

    source = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(face.file), face.index)
    request = uharfbuzz.SubsetInput()
    request.unicode_set.update(characters)
    request.flags = uharfbuzz.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
    result = uharfbuzz.subset(source, request)
    return bytes(result.blob.data) if result is not None and result.glyph_count > 1 else None
