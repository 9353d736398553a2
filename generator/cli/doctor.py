"""``gongkai doctor``: versions, system libraries and the font chosen for each type role."""

from __future__ import annotations

import importlib.metadata
import platform
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from generator.fonts import ROLE_NAMES, choose_fonts

PACKAGES = ("mkdocs", "jinja2", "pydantic", "pyyaml", "markdown", "pandas", "weasyprint", "pydyf", "uharfbuzz")


def run_doctor(out: TextIO, overrides: Mapping[str, str] | None = None) -> int:
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
    fonts = choose_fonts(overrides)
    for role, face in fonts.faces.items():
        name = ROLE_NAMES[role]
        if face:
            out.write(f"  {name}: {face.family}（字重 {face.weight}）→ {face.file}\n")
        else:
            out.write(f"  {name}: 未找到（请安装{name}字体，或运行 make 安装免费字体）\n")
    if fonts.missing():
        out.write(f"缺少字体：{'、'.join(fonts.missing())}。无法生成公文 PDF。\n")
        broken = True
    return 2 if broken else 0


def configured_fonts(root: Path) -> dict[str, str] | None:
    """The ``fonts`` of content/site.yaml, when there is a valid one under ``root``."""
    from generator.content.validate import load_sources, validate_content

    if not (root / "content/site.yaml").is_file():
        return None
    sources, _ = load_sources(root)
    content, _ = validate_content(sources)
    if content.settings is None:
        return None
    return {role: family for role, family in content.settings.model.fonts.model_dump().items() if family}
