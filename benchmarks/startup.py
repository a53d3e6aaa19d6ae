"""How fast each way of installing voteboard starts, measured side by side in one run (issue 8).

    packaging/build && python benchmarks/startup.py [--dist dist] [--repeat 10]
    python benchmarks/startup.py --baseline DIR   # DIR: a checkout of an earlier commit

The same commands, interleaved round by round so that the machine's noise falls on all alike:
- the checkout (`python -m voteboard`, the baseline), the wheel installed in the virtual
  environment that packaging/build's smoke test made, and the PyInstaller one-dir bundle;
- with `--baseline DIR`, that checkout too (`git worktree add DIR COMMIT`), run the same way;
- `--version` (the program's import, no Qt), `votes` (a journal read, no Qt) and
  `board A/RES/ES-11/4 --png` at 1920x1080 (Qt started offscreen, the font loaded, the board
  drawn and written).
Prints JSON: the median and the slowest wall time of each, in milliseconds, and the sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--baseline", type=Path, default=None, metavar="DIR")
    args = parser.parse_args()
    programs = {"checkout": [sys.executable, "-m", "voteboard"]}
    paths = {"checkout": str(ROOT)}
    if args.baseline is not None:
        programs["baseline"] = [sys.executable, "-m", "voteboard"]
        paths["baseline"] = str(args.baseline.resolve())
    wheel_venv = ROOT / "build" / "packaging" / "smoke" / "wheel" / "venv" / "bin" / "voteboard"
    if wheel_venv.exists():
        programs["wheel"] = [str(wheel_venv)]
    bundle = args.dist / "voteboard" / "voteboard"
    if bundle.exists():
        programs["bundle"] = [str(bundle)]
    with tempfile.TemporaryDirectory() as home:
        env = dict(
            os.environ, HOME=home, XDG_DATA_HOME=home, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8"
        )
        png = Path(home) / "board.png"
        commands = {
            "--version": ["--version"],
            "votes": ["votes"],
            "board --png 1920x1080": ["board", "A/RES/ES-11/4", "--png", str(png)],
        }
        times: dict[str, dict[str, list[float]]] = {
            name: {what: [] for what in commands} for name in programs
        }
        for _ in range(args.repeat + 1):  # the first round warms the disk cache, not counted
            for what, arguments in commands.items():
                for name, program in programs.items():
                    started = time.perf_counter()
                    # Each checkout's own package first (the venv holds the checkout's, editable).
                    where = dict(env, PYTHONPATH=paths[name]) if name in paths else env
                    subprocess.run(
                        [*program, *arguments],
                        env=where,
                        cwd=paths.get(name),
                        check=True,
                        capture_output=True,
                    )
                    times[name][what].append((time.perf_counter() - started) * 1000)
    result = {
        "repeat": args.repeat,
        "start_ms": {
            name: {
                what: {
                    "median": round(statistics.median(runs[1:]), 1),
                    "max": round(max(runs[1:]), 1),
                }
                for what, runs in by_command.items()
            }
            for name, by_command in times.items()
        },
    }
    if bundle.exists():
        result["bundle_mb"] = round(folder_size(bundle.parent) / 1e6, 1)
    debs = sorted(args.dist.glob("voteboard_*.deb"))
    if debs:
        result["deb_mb"] = round(debs[-1].stat().st_size / 1e6, 1)
    wheels = sorted(args.dist.glob("voteboard-*.whl"))
    if wheels:
        result["wheel_kb"] = round(wheels[-1].stat().st_size / 1e3, 1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
