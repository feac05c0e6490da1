"""The read side's totality test at length: many random command sequences through the HTTP
API, each projected after every step and rebuilt at the end
(`tests/integration/test_projection_totality.py`); prints the commands sent and their answers.

    .venv/bin/python bench/totality.py [--examples 200] [--steps 40] [--postgres]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = "tests/integration/test_projection_totality.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--postgres", action="store_true",
                        help="on PostgreSQL (a third of the examples: each builds its world)")
    args = parser.parse_args()
    env = {**os.environ, "GAPAL_TOTALITY_EXAMPLES": str(args.examples),
           "GAPAL_TOTALITY_STEPS": str(args.steps)}
    backend = "postgres" if args.postgres else "sqlite"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", TEST,
         "-k", backend], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    lines = done.stdout.splitlines()
    print(f"{args.examples} exemples de {args.steps} étapes au plus ({backend}) : "
          f"{'réussi' if done.returncode == 0 else 'ÉCHEC'} en "
          f"{time.perf_counter() - started:.0f} s")
    print("\n".join(line for line in lines if line[:6].strip().isdigit()))
    if done.returncode:
        print("\n".join(lines[-60:]))
        sys.exit(done.returncode)


if __name__ == "__main__":
    main()
