"""Start-up: ``govdisclosure --version`` and validating one small file, as a user runs them
(a new process each time): wall time and peak memory, the median of several runs.

    python benchmarks/bench_startup.py [--runs 15] [--write]

The aim is under 0.3 s: heavy modules (pyarrow, jsonschema, the extraction's PDF and
spreadsheet readers) are imported only where they are used. ``--write`` replaces the
start-up section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from corpus import write_section

ROOT = pathlib.Path(__file__).resolve().parents[1]
COMMANDS = {
    "govdisclosure --version": ["--version"],
    "govdisclosure validate examples/valid/chenzhou-2015.json": ["validate", "examples/valid/chenzhou-2015.json"],
}


#: As an installed package runs: with its modules' bytecode (pip compiles it on install; the
#: warm-up run writes it here), whatever PYTHONDONTWRITEBYTECODE this shell has.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _run(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true", help="write the results into benchmarks/RESULTS.md")
    args = parser.parse_args()
    executable = shutil.which("govdisclosure") or str(pathlib.Path(sys.executable).parent / "govdisclosure")
    modules = subprocess.run(
        [sys.executable, "-c", "import govdisclosure.cli, sys; print(len(sys.modules))"],
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    lines = [
        f"Written by `python benchmarks/bench_startup.py --runs {args.runs} --write`.",
        "",
        f"A new process each run, the median of {args.runs} after a warm-up run, with the modules' bytecode "
        "(as pip installs them; without it, compiling the sources adds about 0.1 s); importing the command line "
        f"loads {modules} modules, none of the model, pyarrow, jsonschema, msgspec, pdfplumber or openpyxl.",
        "",
        "| command | median seconds | peak memory |",
        "|---|--:|--:|",
    ]
    for title, command in COMMANDS.items():
        _run([executable, *command])  # the warm-up: writes the bytecode
        walls = [_run([executable, *command])[0] for _ in range(args.runs)]
        peak = _run([executable, *command])[1]
        lines.append(f"| `{title}` | {statistics.median(walls):.3f} | {peak:.0f} MB |")
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section("Start-up", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
