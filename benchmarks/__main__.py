"""``python -m benchmarks`` (``make bench``): PDF throughput against Typst, then site builds against Hugo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.pdf import run_bench
from benchmarks.site import run_site_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="性能基准：PDF 生成速度（与 Typst 对比）和网站构建（与 Hugo 对比）"
    )
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--size", type=int, default=100, help="基准批量的通知数")
    parser.add_argument("--jobs", type=int, default=None, help="进程数（默认为 CPU 核数）")
    parser.add_argument(
        "--site-sizes", default="5000,10000", help="网站构建基准的条目数，逗号分隔（与 Hugo 对比）；写 0 跳过"
    )
    args = parser.parse_args(argv)
    status = run_bench(args.root.resolve(), sys.stdout, args.size, args.jobs)
    sizes = tuple(int(n) for n in str(args.site_sizes).split(",") if n.strip() and int(n) > 0)
    if sizes:
        run_site_bench(sys.stdout, sizes, args.root.resolve())
    return status


if __name__ == "__main__":
    sys.exit(main())
