"""Where one API process's capacity goes: orders/s of 8 closed-loop clients against one
`gapal serve`-like process (its own projector) on PostgreSQL, with the CPU that process,
PostgreSQL and the whole machine use meanwhile (from /proc; Linux only).

    .venv/bin/python bench/one_process_cpu.py [--tracking]
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from pathlib import Path

from harness import Processes, closed_loop, deploy, fresh_schema, order_body
from http_orders import http_poster

HZ = os.sysconf("SC_CLK_TCK")


def ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # user + system


def children_ticks(parent: int) -> int:
    """CPU of `parent`'s children (`gapal serve`'s projector process), 0 if none."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                total += ticks(int(pid))
        except OSError:  # gone meanwhile
            pass
    return total


def postgres_ticks() -> int:
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/comm").read_text().startswith("postgres"):
                total += ticks(int(pid))
        except OSError:  # gone meanwhile
            pass
    return total


def machine_ticks() -> int:
    return sum(int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:8])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracking", action="store_true",
                        help="the clients send back X-Gapal-Position")
    parser.add_argument("--serve", choices=["true", "false"],
                        help="`gapal serve` itself, its projector in a child process (true) or "
                             "in the API process (false); by default uvicorn + the factory, "
                             "projecting in the API process")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()}", flush=True)
    with fresh_schema() as url, Processes() as processes:
        gapal = deploy(processes, url, 1, projector_worker=False, serve=args.serve)
        pid = processes.named["api"].pid
        used: list[str] = []

        def sample() -> None:
            time.sleep(4)
            api, pg, machine, began = ticks(pid), postgres_ticks(), machine_ticks(), time.time()
            child = children_ticks(pid)
            time.sleep(10)
            spent = (time.time() - began) * HZ / 100
            used.append(f"API process {(ticks(pid) - api) / spent:.0f} % of a core, its "
                        f"projector process {(children_ticks(pid) - child) / spent:.0f} %, "
                        f"PostgreSQL "
                        f"{(postgres_ticks() - pg) / spent:.0f} %, machine "
                        f"{(machine_ticks() - machine) / spent:.0f} % of "
                        f"{100 * (os.cpu_count() or 1)} %")

        sampler = threading.Thread(target=sample)
        sampler.start()
        result = closed_loop(8, 14, 2, http_poster(gapal.url, gapal.headers(),
                                                   order_body(gapal.products),
                                                   tracking=args.tracking))
        sampler.join()
    print(f"{result.rate:.1f} orders/s, errors {result.errors}; {used[0]}")


if __name__ == "__main__":
    main()
