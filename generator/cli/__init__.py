"""Command line: ``gongkai build | check | serve | new | doctor``; exit 0 ok, 1 content errors, 2 usage/environment."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from generator import codes
from generator.content import kinds
from generator.problems import GongkaiError, Problem, has_errors, problems_as_json, problems_as_text

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and a Chinese hint on bad usage."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"gongkai: 用法错误：{message}（运行 gongkai --help 查看帮助）\n")
        raise SystemExit(EXIT_USAGE)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”应写成 YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", description="信访信息公开网站、公文 PDF 和开放数据生成器")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    build = commands.add_parser("build", help="校验并构建整个网站")
    build.add_argument("--root", type=Path, default=Path("."), help="项目根目录（含 content/ 和 mkdocs.yml）")
    build.add_argument("--out", type=Path, default=None, help="输出目录，默认 ROOT/site")
    build.add_argument(
        "--today", type=_iso_date, default=None, help="构建日期 YYYY-MM-DD（默认 SOURCE_DATE_EPOCH 或今天）"
    )
    build.add_argument("--strict", action="store_true", help="警告也视为错误")
    build.add_argument(
        "--jobs", type=int, default=None, help="并行工作的进程数：生成 PDF、网页，读取内容，检查输出（默认为 CPU 核数）"
    )
    check = commands.add_parser("check", help="只校验内容，列出所有问题，并提醒超期未更新的首页、栏目和没有链接的页面")
    check.add_argument("--root", type=Path, default=Path("."))
    check.add_argument("--today", type=_iso_date, default=None)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--strict", action="store_true")
    figures = commands.add_parser("figures", help="列出正文可以引用的全部统计数字及其当前的值")
    figures.add_argument("table", nargs="?", default=None, help="只列这个数据表（data/ 下的标识）的数字")
    figures.add_argument("--root", type=Path, default=Path("."))
    figures.add_argument("--today", type=_iso_date, default=None)
    serve = commands.add_parser("serve", help="本地预览（修改后自动刷新）")
    serve.add_argument("--root", type=Path, default=Path("."))
    serve.add_argument("--addr", default="127.0.0.1:8000", help="监听地址")
    new = commands.add_parser("new", help="从带注释的模板新建文件")
    new.add_argument("kind", choices=[kind.name for kind in kinds.KINDS])
    new.add_argument("name", help="新文件的标识，例如 2025-xinfang-month")
    new.add_argument("--root", type=Path, default=Path("."))
    pack = commands.add_parser("pack", help="把构建好的网站打包为可复现的 site.tar.gz 和 SHA256SUMS")
    pack.add_argument("--site", type=Path, default=Path("site"), help="构建好的网站目录，默认 site")
    pack.add_argument("--out", type=Path, default=Path("dist"), help="输出目录，默认 dist")
    verify = commands.add_parser("verify", help="按 SHA256SUMS 逐个文件校验一个网站目录（例如已部署的网站）")
    verify.add_argument("tree", type=Path, help="要校验的网站目录，例如 /srv/gongkai/current")
    verify.add_argument("--sums", type=Path, default=None, help="校验文件，默认为该目录中的 SHA256SUMS")
    deploy = commands.add_parser("deploy", help="部署到 TARGET/releases/<版本>/，校验通过后切换 TARGET/current")
    deploy.add_argument("target", type=Path, help="部署目录，例如 /srv/gongkai")
    deploy.add_argument("--site", type=Path, default=Path("site"), help="要部署的网站目录或 site.tar.gz，默认 site")
    deploy.add_argument("--name", default=None, help="版本名，默认为当前提交（CI 变量或 git），否则为时间")
    deploy.add_argument("--keep", type=int, default=5, help="保留最近几个版本，默认 5")
    rollback = commands.add_parser("rollback", help="把 TARGET/current 切回上一个部署的版本")
    rollback.add_argument("target", type=Path, help="部署目录，例如 /srv/gongkai")
    doctor = commands.add_parser("doctor", help="检查字体、系统库和版本")
    doctor.add_argument(
        "--root", type=Path, default=Path("."), help="项目根目录（读取 content/site.yaml 中的字体设置）"
    )
    return parser


def _report(problems: Sequence[Problem], fmt: str = "text") -> None:
    sys.stderr.write(problems_as_json(problems) if fmt == "json" else problems_as_text(problems))


def _today(value: dt.date | None) -> dt.date:
    from generator.cn import today_from_environment

    return value or today_from_environment()


def cmd_build(args: argparse.Namespace) -> int:
    from generator.publish.unchanged import nothing_changed

    root = args.root.resolve()
    out = (args.out or root / "site").resolve()
    today, inputs = _today(args.today), None
    if out.is_dir() and out != root:  # nothing changed: answered before the rest of gongkai is imported
        inputs, previous = nothing_changed(root, out, today, args.strict)
        if previous is not None:
            sys.stderr.write("内容没有变化，网站保持上次构建的结果。\n")
            _report(previous)
            sys.stderr.write(f"构建完成：{out}\n")
            return EXIT_OK
    from generator.build import build

    try:
        problems = build(root, out, today, args.strict, args.jobs, sys.stderr.write, inputs)
    except GongkaiError as error:
        _report(error.problems)
        sys.stderr.write("构建失败：请按上面的提示修改后重试。原来的网站没有被改动。\n")
        return EXIT_USAGE if error.environment else EXIT_CONTENT
    _report(problems)
    sys.stderr.write(f"构建完成：{out}\n")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from generator.build import check_content
    from generator.content.validate import load_sources, validate_content
    from generator.site.gate import plan_text, publication_plan

    root, today = args.root.resolve(), _today(args.today)
    try:
        problems = check_content(root, today, freshness=True)
    except GongkaiError as error:
        problems = list(error.problems)
    content, _ = validate_content(load_sources(root)[0])
    plan = publication_plan(content, today)
    if args.format == "json":
        listing = [dataclasses.asdict(line) | {"published": line.published} for line in plan]
        sys.stdout.write(json.dumps({"publication": listing}, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write("\n".join(plan_text(plan, today)) + "\n")
    _report(problems, args.format)
    return EXIT_CONTENT if has_errors(problems, args.strict) else EXIT_OK


def cmd_figures(args: argparse.Namespace) -> int:
    """Every figure a body may quote (``{{ stats.… }}``), with its value now: of published tables, or of one table."""
    from generator.build import model_content
    from generator.stats.figures import compute_figures, dimension_groups, figure_lines
    from generator.stats.narrative import published_figures, threshold_of

    site, problems = model_content(args.root.resolve(), _today(args.today))
    if site is None:
        _report(problems)
        return EXIT_CONTENT
    tables = [item for item in site.by_kind("table") if args.table in (None, item.document.model.id)]
    if args.table and not tables:
        known = "、".join(item.document.model.id for item in site.by_kind("table")) or "（没有已公开的数据表）"
        sys.stderr.write(f"gongkai: 没有已公开的数据表“{args.table}”。已公开的数据表：{known}\n")
        return EXIT_USAGE
    documents = [item.document for item in tables]
    stats = compute_figures(documents) if args.table else site.stats
    shown = published_figures(stats, dimension_groups(documents), threshold_of(documents))  # as a body prints them
    lines = list(figure_lines(shown))
    sys.stdout.write("\n".join(lines) + ("\n" if lines else ""))
    sys.stderr.write(f"共 {len(lines)} 个统计数字。正文中照左边的写法引用。\n")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    config = args.root.resolve() / "mkdocs.yml"
    if not config.is_file():
        sys.stderr.write(f"gongkai: 找不到 {config}，请在项目根目录运行。\n")
        return EXIT_USAGE
    serve(config_file=str(config), dev_addr=args.addr)
    return EXIT_OK


STOPPING_SIGNALS = ("SIGTERM", "SIGHUP")
"""Signals that end ``build`` and ``serve`` as Ctrl-C does (a CI timeout, a closed terminal)."""


def _stop(signum: int, frame: object) -> None:
    """A build or a server told to end stops as on Ctrl-C: the previous site stays, temporary files (MkDocs' site,
    the PDF workers' folder, WeasyPrint's font copies) are removed."""
    raise KeyboardInterrupt


def cmd_new(args: argparse.Namespace) -> int:
    from generator.cli.scaffold import ScaffoldError, scaffold

    try:
        path = scaffold(args.root.resolve(), args.kind, args.name)
    except ScaffoldError as error:
        sys.stderr.write(f"gongkai: {error}\n")
        return EXIT_USAGE
    sys.stderr.write(f"已新建 {path}，请按文件中的注释填写。\n")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from generator.cli.doctor import configured_fonts, run_doctor

    return run_doctor(sys.stdout, configured_fonts(args.root.resolve()))


def cmd_pack(args: argparse.Namespace) -> int:
    from generator.cli.buildinfo import describe
    from generator.publish.deploy import pack
    from generator.publish.verify import SUMS

    try:
        archive = pack(args.site.resolve(), args.out.resolve())
    except GongkaiError as error:
        _report(error.problems)
        return EXIT_USAGE
    digest = (archive.parent / SUMS).read_text(encoding="utf-8").split()[0]
    info = archive.parent / "BUILDINFO"
    info.write_text(describe(Path.cwd(), digest), encoding="utf-8")
    sys.stderr.write(f"已打包：{archive}（sha256 {digest}）\n构建环境记录在 {info}：相同的记录给出相同的 sha256。\n")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from generator.publish.verify import SUMS, compare_sums, read_sums

    tree = args.tree.resolve()
    sums = args.sums or tree / SUMS
    if not tree.is_dir() or not sums.is_file():
        missing = tree if not tree.is_dir() else sums
        _report([Problem(path=str(missing), code=codes.VERIFY_FAILED, message=f"找不到 {missing}。")])
        return EXIT_USAGE
    expected = read_sums(sums.read_text(encoding="utf-8"))
    problems = compare_sums(tree, expected)
    _report(problems)
    if problems:
        sys.stderr.write(f"校验失败：{tree} 与 {sums} 有 {len(problems)} 处不一致。\n")
        return EXIT_CONTENT
    sys.stderr.write(f"校验通过：{tree} 的 {len(expected)} 个文件与 {sums} 一致。\n")
    return EXIT_OK


def cmd_deploy(args: argparse.Namespace) -> int:
    from generator.publish.deploy import deploy, release_name

    name = args.name or release_name(Path.cwd())
    try:
        problems = deploy(args.site.resolve(), args.target.resolve(), name, args.keep)
    except GongkaiError as error:
        _report(error.problems)
        return EXIT_USAGE
    if problems:
        _report(problems)
        sys.stderr.write("部署失败：要部署的网站没有通过校验，current 没有切换，线上网站保持不变。\n")
        return EXIT_CONTENT
    sys.stderr.write(f"已部署：{args.target}/current → releases/{name}\n")
    return EXIT_OK


def cmd_rollback(args: argparse.Namespace) -> int:
    from generator.publish.deploy import rollback

    try:
        name = rollback(args.target.resolve())
    except GongkaiError as error:
        _report(error.problems)
        return EXIT_USAGE
    sys.stderr.write(f"已回退：{args.target}/current → releases/{name}\n")
    return EXIT_OK


COMMANDS = {
    "pack": cmd_pack,
    "verify": cmd_verify,
    "deploy": cmd_deploy,
    "rollback": cmd_rollback,
    "build": cmd_build,
    "check": cmd_check,
    "serve": cmd_serve,
    "figures": cmd_figures,
    "new": cmd_new,
    "doctor": cmd_doctor,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gongkai`` console script (``argv`` None: the process's own arguments)."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    code = _run(args)
    if argv is None and args.command == "build":
        _leave(code)
    return code


def _leave(code: int) -> NoReturn:
    """End the process without freeing what the build made, one object at a time: a large site's model and
    pages are millions of objects, and Python's clean-up of them took longer than a one-edit rebuild's
    rendering. Every file is closed and published by now; output is flushed first. (mypy ends the same way.)"""
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    search = sys.modules.get("generator.web.search")  # not imported by a build that found nothing changed
    if search is not None:
        search.end_service()  # waited for, so its time counts as this command's (it would end by itself)
    pdf = sys.modules.get("generator.gongwen.pdf")
    if pdf is not None:
        pdf.remove_font_files()  # the exit functions that would remove them do not run
    os._exit(code)


def _run(args: argparse.Namespace) -> int:
    if args.command in ("build", "serve"):
        for name in STOPPING_SIGNALS:
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), _stop)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        sys.stderr.write("gongkai: 已中断。\n")
        return EXIT_USAGE
    except Exception as error:  # the last line of defence: editors never see a traceback
        if os.environ.get("GONGKAI_DEBUG"):
            raise
        sys.stderr.write(
            f"gongkai: 内部错误（{type(error).__name__}: {error}）。这不是内容的问题，请把这条信息发给技术人员；"
            "设置环境变量 GONGKAI_DEBUG=1 可看到详细信息。\n"
        )
        return EXIT_USAGE
