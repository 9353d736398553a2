"""``gongkai doctor``: versions, system libraries and the font chosen for each type role."""

from __future__ import annotations

import importlib.metadata
import platform
import shutil
import subprocess
from typing import TextIO

FONT_ROLES: dict[str, tuple[str, ...]] = {
    "仿宋": ("仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "FandolFang"),
    "小标宋": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"),
    "黑体": ("黑体", "SimHei", "Noto Sans CJK SC"),
    "楷体": ("楷体_GB2312", "KaiTi_GB2312", "KaiTi", "楷体", "AR PL KaitiM GB", "FandolKai"),
    "宋体": ("宋体", "SimSun", "Noto Serif CJK SC"),
}
"""Preferred families per role: the fonts offices own first, then free fallbacks."""

PACKAGES = ("mkdocs", "jinja2", "pydantic", "pyyaml", "markdown", "pandas", "weasyprint")


def installed_families() -> dict[str, str]:
    """Family name → font file, for every font fontconfig knows."""
    if shutil.which("fc-list") is None:
        return {}
    listing = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{style}\t%{file}\n"], capture_output=True, text=True, check=False
    )
    families: dict[str, str] = {}
    for line in sorted(listing.stdout.splitlines()):
        names, style, file = [*line.split("\t"), "", ""][:3]
        for name in names.split(","):
            # The regular face stands for the family; bold faces only when nothing else exists.
            if name.strip() not in families or "Regular" in style.split(","):
                families[name.strip()] = file
    return families


def choose_fonts(families: dict[str, str]) -> dict[str, tuple[str, str] | None]:
    """Role → (family, file) of the first preferred family installed, or None."""
    return {
        role: next(((name, families[name]) for name in wanted if name in families), None)
        for role, wanted in FONT_ROLES.items()
    }


def run_doctor(out: TextIO) -> int:
    """Print the report; exit 2 when the environment cannot build (no WeasyPrint, no CJK font)."""
    broken = False
    out.write(f"Python {platform.python_version()}\n")
    for name in PACKAGES:
        try:
            out.write(f"  {name} {importlib.metadata.version(name)}\n")
        except importlib.metadata.PackageNotFoundError:
            out.write(f"  {name}: 未安装\n")
            broken = True
    try:
        import weasyprint  # noqa: F401  (imports Pango and HarfBuzz)

        out.write("系统库：Pango/HarfBuzz 可用（WeasyPrint 已加载）\n")
    except OSError as error:
        out.write(
            f"系统库：WeasyPrint 无法加载 Pango：{error}\n  请安装 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0\n"
        )
        broken = True
    out.write("字体（按角色）：\n")
    chosen = choose_fonts(installed_families())
    for role, found in chosen.items():
        out.write(f"  {role}: {found[0]} → {found[1]}\n" if found else f"  {role}: 未找到（请安装对应字体）\n")
    if not any(chosen.values()):
        out.write("没有找到任何中文字体：请安装 fonts-noto-cjk。\n")
        broken = True
    return 2 if broken else 0
