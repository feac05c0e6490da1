"""Every benchmark in one run, on this machine, written to bench/RESULTS.md (`make bench`).

    (a) orders/s over HTTP: Gapal vs a plain FastAPI + SQLAlchemy peer vs raw psycopg
    (b) command → WebSocket latency at a steady 50 orders/s (open loop)
    (c) projection rebuild rate (events/s)
    (d) GET /api/orders/ latency with 100 000 orders
    (e) the sync and report benchmarks of the other issues, when present (their own output)

Everything runs on the machine's PostgreSQL (fresh schemas, dropped afterwards) and Redis.
Every benchmark runs RUNS times (3 by default) in this one invocation, the systems compared side
by side interleaved (Gapal, peer, raw in each round; before and after a fix in each round):
RESULTS.md gives each figure as median [min–max] with every run's raw figure and the load
average at each run; ratios are taken within each round (bench/stats.py). No run is dropped.

    .venv/bin/python bench/run_all.py [--runs 3] [--seconds 15] [--rebuild-events 200000]
        [--out FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import http_orders
import list_orders
import rebuild
import stats
import ws_latency
from harness import BIN, ROOT, Processes, deploy, fresh_schema, machine, ms
from stats import Spread, kept_history, spread, tenths

HERE = Path(__file__).resolve().parent
SECTIONS = ("live", "board", "rebuild", "others")
# (script, arguments, label, takes --runs: one invocation measures RUNS times itself)
OTHERS: tuple[tuple[str, list[str], str, bool], ...] = (
    ("sync_bench.py", ["--postgres"], "offline sync, PostgreSQL", False),
    ("sync_bench.py", [], "offline sync, SQLite", False),
    ("reports_bench.py", [], "reports (CSV, PDF, summary)", False),
    ("audit_verify.py", [], "audit seal: sealing and `gapal audit verify` rates, PostgreSQL",
     True),
    ("totality.py", ["--examples", "40", "--steps", "20"],
     "read-side totality, 40 random command sequences of up to 20 steps (SQLite)", False))


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f}, {five:.1f}, {fifteen:.1f}"


def attempt(name: str, work: Callable[[], Any], failures: dict[str, str]) -> Any:
    print(f"\n== {name}", flush=True)
    started = time.perf_counter()
    try:
        return work()
    except Exception:  # one benchmark failing must not lose the others' figures
        failures[name] = traceback.format_exc(limit=4)
        print(failures[name], file=sys.stderr, flush=True)
        return None
    finally:
        print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)


def live(seconds: float, threads: int, workers: int, stress_rate: float, ws_seconds: float,
         runs: int, failures: dict[str, str]) -> dict[str, Any]:
    """RUNS rounds on one deployment, each: (a) Gapal, peer, raw one after the other; (b) at
    50 orders/s; then near the system's capacity the API process as it was before the
    read-your-writes fix and as it is (one at a time, on the same database, worker and Redis,
    so that PostgreSQL's 100 connections suffice; which one comes first alternates). The rate
    near capacity is 90 % of what round 1 measured for Gapal, the same in every round. A round
    that fails is reported and the next ones go on."""
    rounds: list[dict[str, Any]] = []
    with fresh_schema() as url, Processes() as processes:
        gapal = deploy(processes, url, workers)
        for n in range(runs):
            began = load()
            print(f"   round {n + 1}/{runs}, load average {began}", flush=True)
            try:
                throughput = http_orders.measure(processes, gapal, url, seconds, threads,
                                                 workers, 3.0)
                latency = ws_latency.measure(gapal, 50.0, ws_seconds)
                stress_rate = stress_rate or max(
                    1.0, round(0.9 * throughput["results"]["gapal"]["rate"]))
                apis = (("before the fix", "bench.old_waiter:make_app"),
                        ("now", "gapal.asgi:make_app"))
                if n % 2:  # the order alternates from round to round: neither always first
                    apis = apis[::-1]
                print(f"   near capacity, {stress_rate:g} orders/s: {apis[0][0]}, then "
                      f"{apis[1][0]}", flush=True)
                stress = {}
                for label, app in apis:
                    processes.end("api")
                    api = processes.uvicorn("api", app, workers, factory=True,
                                            GAPAL_RUN_PROJECTOR="false")
                    gapal = dataclasses.replace(gapal, url=api)
                    stress[label] = ws_latency.measure(gapal, stress_rate, ws_seconds)
                if apis[-1][0] != "now":  # the next round measures the API as it is
                    processes.end("api")
                    api = processes.uvicorn("api", "gapal.asgi:make_app", workers,
                                            factory=True, GAPAL_RUN_PROJECTOR="false")
                    gapal = dataclasses.replace(gapal, url=api)
            except Exception:  # the rounds done are kept
                failures[f"(a)/(b) round {n + 1}"] = traceback.format_exc(limit=4)
                print(failures[f"(a)/(b) round {n + 1}"], file=sys.stderr, flush=True)
                if "peer" in processes.named:
                    processes.end("peer")
                if "api" not in processes.named or processes.named["api"].poll() is not None:
                    processes.named.pop("api", None)
                    api = processes.uvicorn("api", "gapal.asgi:make_app", workers,
                                            factory=True, GAPAL_RUN_PROJECTOR="false")
                    gapal = dataclasses.replace(gapal, url=api)
                continue
            rounds.append({"run": n + 1, "load": began, "throughput": throughput,
                           "latency": latency, "stress": stress, "load_end": load()})
    if not rounds:
        raise RuntimeError("no round of (a)/(b) completed")
    return {"rounds": rounds, "seconds": seconds, "threads": threads, "workers": workers,
            "ws_seconds": ws_seconds}


def others(runs: int, failures: dict[str, str]) -> list[dict[str, Any]]:
    """Each script RUNS times (or once with `--runs RUNS` when it measures its runs itself);
    every invocation's output kept as printed, a failed one listed among the failures too."""
    found = []
    for script, args, label, takes_runs in OTHERS:
        path = HERE / script
        if not path.exists():
            continue
        invocations = []
        for n in range(1 if takes_runs else runs):
            command = [*args, *(["--runs", str(runs)] if takes_runs else [])]
            began = load()
            print(f"   {script} {' '.join(command)} (run {n + 1}, load average {began})",
                  flush=True)
            started = time.perf_counter()
            failed = False
            try:
                done = subprocess.run([str(BIN / "python"), str(path), *command], cwd=ROOT,
                                      capture_output=True, text=True, timeout=900, check=False)
                text = done.stdout.strip() or done.stderr.strip()[-2000:]
                if done.returncode:
                    failed = True
                    text += f"\n(exit code {done.returncode})\n{done.stderr.strip()[-1500:]}"
            except subprocess.TimeoutExpired:
                failed, text = True, "(stopped after 900 s)"
            took = time.perf_counter() - started
            print(text + f"\n(took {took:.0f} s)", flush=True)
            invocations.append({"output": text, "took": took, "load": began,
                                "failed": failed})
            if failed:
                failures[f"bench/{script} {' '.join(command)} (run {n + 1})"] = text[-1500:]
        found.append({"title": f"`bench/{script}{' ' + ' '.join(args) if args else ''}`",
                      "label": label, "takes_runs": takes_runs, "invocations": invocations})
    return found


def rates(rounds: list[dict[str, Any]]) -> list[dict[str, float]]:
    """Each round's orders/s per system, for the ratios within a round."""
    return [{name: r["rate"] for name, r in round_["throughput"]["results"].items()}
            for round_ in rounds]


def ms_of(values: list[dict[str, Any]], key: str) -> Spread:
    return spread(figures[key] * 1000 for figures in values)


def hundredths(value: float) -> str:
    return f"{value:.2f}"


def thousandths(value: float) -> str:
    return f"{value:.3f}"


def summary(results: dict[str, Any], runs: int) -> list[str]:
    """The headline figures, one line each: median [min–max] over the runs."""
    lines = ["| benchmark | figure, median [min–max] of the runs | compared with "
             "(median [min–max]; ratios taken within each round) |", "| --- | ---: | --- |"]
    live_figures = results.get("live")
    if live_figures:
        rounds = live_figures["rounds"]
        per_round = rates(rounds)
        systems = stats.by_name(per_round)
        lines.append(
            f"| (a) orders placed over HTTP, Gapal ({len(rounds)} rounds) "
            f"| {systems['gapal'].show(unit='orders/s')} "
            f"| peer CRUD {systems['peer'].show(unit='orders/s')}, raw psycopg "
            f"{systems['raw'].show(unit='orders/s')}; Gapal ÷ peer "
            f"{stats.ratios(per_round, 'gapal', 'peer').show(hundredths)}, Gapal ÷ raw "
            f"{stats.ratios(per_round, 'gapal', 'raw').show(thousandths)}, peer ÷ raw "
            f"{stats.ratios(per_round, 'peer', 'raw').show(hundredths)} |")
        latency = [r["latency"] for r in rounds]
        heard = sum(w["heard"] for w in latency)
        sent = sum(w["sent"] for w in latency)
        lines.append(
            f"| (b) command → WebSocket at 50 orders/s | p50 "
            f"{ms_of(latency, 'ws_p50').show(tenths, 'ms')}, p99 "
            f"{ms_of(latency, 'ws_p99').show(tenths, 'ms')} | HTTP 201 p50 "
            f"{ms_of(latency, 'http_p50').show(tenths, 'ms')}, p99 "
            f"{ms_of(latency, 'http_p99').show(tenths, 'ms')}; {heard}/{sent} heard |")
        before = [r["stress"]["before the fix"] for r in rounds]
        now = [r["stress"]["now"] for r in rounds]
        speedup = stats.ratios([{"before": b["ws_p50"], "now": a["ws_p50"]}
                                for b, a in zip(before, now, strict=True)], "before", "now")
        lines.append(
            f"| (b') read-your-writes fix near capacity, {now[0]['rate']:g} orders/s: "
            f"command → WebSocket p50 now | {ms_of(now, 'ws_p50').show(tenths, 'ms')} "
            f"| before the fix {ms_of(before, 'ws_p50').show(tenths, 'ms')}; before ÷ now "
            f"{speedup.show(hundredths)} |")
    rebuilt = results.get("rebuild")
    if rebuilt:
        rebuild_rates = spread(r["rate"] for r in rebuilt["rebuilds"])
        lines.append(
            f"| (c) projection rebuild (folded projection: each view folds a batch of 5 000 "
            f"events) | {rebuild_rates.show(unit='events/s')} | {rebuilt['events']:,} events, "
            f"{len(rebuilt['rebuilds'])} rebuilds of one log; read + decode alone "
            f"{spread(rebuilt.get('read_rates') or [rebuilt['read_rate']]).show()} events/s; "
            f"a live batch of 500 events "
            f"{spread(rebuilt['steady_ms']).show(unit='ms')} (7 batches) |")
    board = results.get("board")
    if board:
        rounds = board["rounds"]
        default = ms_of([r["queries"][0] for r in rounds], "p95")
        slowest = max(range(len(rounds[0]["queries"])),
                      key=lambda i: ms_of([r["queries"][i] for r in rounds], "p95").median)
        worst = ms_of([r["queries"][slowest] for r in rounds], "p95")
        lines.append(
            f"| (d) GET /api/orders/, {board['orders']:,} orders ({len(rounds)} rounds) "
            f"| default page p95 {default.show(tenths, 'ms')} "
            f"| slowest: {rounds[0]['queries'][slowest]['query']} p95 "
            f"{worst.show(tenths, 'ms')} |")
    for other in results.get("others", []):
        took = spread(i["took"] for i in other["invocations"])
        failed = sum(i["failed"] for i in other["invocations"])
        what = ("1 invocation, its runs inside" if other["takes_runs"]
                else f"{len(other['invocations'])} invocations")
        lines.append(f"| (e) {other['title']} — {other['label']} | whole script "
                     f"{took.show(tenths, 's')} | {what}"
                     f"{f', **{failed} failed**' if failed else ''}; its figures in (e) below |")
    return lines


def fixes(results: dict[str, Any]) -> list[str]:
    lines = ["| fix (small change) | before, median [min–max] | after, median [min–max] "
             "| before ÷ after, within each round |", "| --- | ---: | ---: | ---: |"]
    board = results.get("board")
    if board:
        rounds = board["rounds"]
        before = [r["priority_before"] for r in rounds]
        after = [next(q for q in r["queries"] if q["query"] == b["query"])
                 for r, b in zip(rounds, before, strict=True)]
        gain = stats.ratios([{"before": b["p95"], "after": a["p95"]}
                             for b, a in zip(before, after, strict=True)], "before", "after")
        lines.append(f"| index (urgency, id): `GET /api/orders/?ordering=priority` p95 "
                     f"| {ms_of(before, 'p95').show(tenths, 'ms')} "
                     f"| {ms_of(after, 'p95').show(tenths, 'ms')} | {gain.show(hundredths)} |")
    live_figures = results.get("live")
    if live_figures:
        rounds = live_figures["rounds"]
        before = [r["stress"]["before the fix"] for r in rounds]
        now = [r["stress"]["now"] for r in rounds]
        for key, what in (("ws_p50", "p50"), ("ws_p99", "p99")):
            gain = stats.ratios([{"before": b[key], "now": a[key]}
                                 for b, a in zip(before, now, strict=True)], "before", "now")
            lines.append(
                f"| read-your-writes: one tracking-row poll per process every 50 ms, not one "
                f"per waiting request — command → WebSocket {what} at {now[0]['rate']:g} "
                f"orders/s (open loop, {live_figures['ws_seconds']:g} s) "
                f"| {ms_of(before, key).show(tenths, 'ms')} "
                f"| {ms_of(now, key).show(tenths, 'ms')} | {gain.show(hundredths)} |")
    return lines


def throughput_table(live_figures: dict[str, Any]) -> list[str]:
    """One row per round and system, then the medians and the ratios within each round."""
    rounds = live_figures["rounds"]
    labels = {"gapal": "Gapal", "peer": "peer CRUD", "raw": "raw psycopg"}
    lines = ["| run | load average at its start | system | orders/s | p50 | p99 | errors |",
             "| ---: | --- | --- | ---: | ---: | ---: | ---: |"]
    for r in rounds:
        for name, label in labels.items():
            f = r["throughput"]["results"][name]
            lines.append(f"| {r['run']} | {r['load']} | {label} | {f['rate']:.0f} "
                         f"| {ms(f['p50'])} | {ms(f['p99'])} | {f['errors']} |")
    per_round = rates(rounds)
    lines += ["", "| system | orders/s, median [min–max] | p50 | p99 "
              "| Gapal ÷ system, within each round | system ÷ raw, within each round |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, label in labels.items():
        found = [r["throughput"]["results"][name] for r in rounds]
        lines.append(
            f"| {label} | {spread(f['rate'] for f in found).show()} "
            f"| {ms_of(found, 'p50').show(tenths, 'ms')} "
            f"| {ms_of(found, 'p99').show(tenths, 'ms')} "
            f"| {stats.ratios(per_round, 'gapal', name).show(thousandths)} "
            f"| {stats.ratios(per_round, name, 'raw').show(thousandths)} |")
    return lines


def latency_table(live_figures: dict[str, Any]) -> list[str]:
    rows = []
    for r in live_figures["rounds"]:
        rows.append((f"run {r['run']} (load {r['load']}), now", r["latency"]))
        rows += [(f"run {r['run']}, {label}", figures)  # in the order measured
                 for label, figures in r["stress"].items()]
    lines = ws_latency.table(*rows)
    lines += ["", "| steady load | API | command → WebSocket p50, median [min–max] | p99 "
              "| HTTP 201 p50 | p99 | heard / sent |", "| --- | --- | ---: | ---: | ---: | ---: "
              "| ---: |"]
    groups = (("50 orders/s", "now", [r["latency"] for r in live_figures["rounds"]]),
              (None, "before the fix",
               [r["stress"]["before the fix"] for r in live_figures["rounds"]]),
              (None, "now", [r["stress"]["now"] for r in live_figures["rounds"]]))
    for rate, api, found in groups:
        lines.append(
            f"| {rate or str(found[0]['rate']) + ' orders/s'} | {api} "
            f"| {ms_of(found, 'ws_p50').show(tenths, 'ms')} "
            f"| {ms_of(found, 'ws_p99').show(tenths, 'ms')} "
            f"| {ms_of(found, 'http_p50').show(tenths, 'ms')} "
            f"| {ms_of(found, 'http_p99').show(tenths, 'ms')} "
            f"| {sum(f['heard'] for f in found)} / {sum(f['sent'] for f in found)} |")
    return lines


def others_section(other: dict[str, Any]) -> list[str]:
    invocations = other["invocations"]
    text = [f"## (e) {other['title']} — {other['label']}", ""]
    figures = stats.timings(i["output"] for i in invocations if not i["failed"])
    if figures:
        text += ["Every line of its output that gives a time in seconds, over "
                 + ("its runs (one invocation)" if other["takes_runs"] else
                    f"the {len(invocations)} invocations") + ":", "",
                 "| what (as printed) | seconds, median [min–max] | each run |",
                 "| --- | ---: | --- |"]
        text += [f"| {label} | {found.show(hundredths)} | {found.raw(hundredths)} |"
                 for label, found in figures.items()]
        text.append("")
    for n, invocation in enumerate(invocations, 1):
        text += [f"Run {n} — load average at its start {invocation['load']}, took "
                 f"{invocation['took']:.0f} s{', **failed**' if invocation['failed'] else ''}:",
                 "", "```text", invocation["output"], "```", ""]
    return text


def write(out: Path, info: dict[str, str], loads: tuple[str, str], results: dict[str, Any],
          failures: dict[str, str], settings: str, runs: int, total: float) -> None:
    history = kept_history(out.read_text()) if out.exists() else ""
    text = ["# Benchmarks", "",
            "Produced by `make bench` (`.venv/bin/python bench/run_all.py`): every figure below "
            f"comes from ONE invocation on the machine described here, each benchmark run {runs} "
            "times in it, the systems compared side by side measured one after the other in "
            "each round. Each figure is the median [min–max] of the runs, every run's raw "
            "figure is kept in the tables below, with the load average at its start (the "
            "machine is shared); ratios are taken within each round, then summarised. No run "
            "is left out or replaced.", "",
            "| machine | |", "| --- | --- |",
            f"| date | {info['date']} |", f"| nproc | {info['nproc']} |",
            f"| CPU | {info['cpu']} |", f"| RAM | {info['ram']} |",
            f"| PostgreSQL | {info['postgres']} (local, 127.0.0.1) |",
            f"| Python | {info['python']} |", f"| kernel | {info['kernel']} |",
            f"| settings | `{settings}` |",
            f"| load average (1, 5, 15 min) | at start {loads[0]}; at the end {loads[1]} |",
            f"| whole run | {total / 60:.1f} min |", "",
            "## Summary", "", *summary(results, runs), ""]
    if "live" in results:
        text += ["## Fixes made after the first measurements, timed before and after", "",
                 *fixes(results), "",
                 "The read-your-writes rows run open loop at 90 % of the orders/s Gapal reached "
                 "in round 1 of (a), where small pauses of a shared machine decide much: they "
                 "vary from run to run, hence the spread. What the fix changes for sure is the "
                 "polling: the tracking row is read at most 20 times a second per process, "
                 "where each waiting request read it 20 times a second (up to 80 waiting "
                 "requests per process).", ""]
    live_figures = results.get("live")
    if live_figures:
        text += ["## (a) Orders placed over HTTP on PostgreSQL", "",
                 f"{live_figures['threads']} client threads (httpx, keep-alive, closed loop), "
                 f"3 s warm-up then {live_figures['seconds']:g} s counted, per system, Gapal, "
                 "the peer and raw psycopg one after the other in each round; the same JSON "
                 "body (2 lines) and bearer token; `--workers "
                 f"{live_figures['workers']}` for both HTTP servers (Gapal also runs its "
                 "`gapal worker`, whose projection each answer waits for). Gapal: POST "
                 "/api/orders/ (event store + read model, 201 after projection); peer: FastAPI "
                 "+ SQLAlchemy CRUD (bench/peer_crud.py); raw: psycopg commits of the same rows "
                 "as the peer (the limit).", "", *throughput_table(live_figures), "",
                 "## (b) Command → WebSocket latency", "",
                 "Open loop: order n is due at start + n / rate whatever the previous answers; "
                 "latencies run from that moment. In each round, after (a) on the same "
                 "deployment: 50 orders/s (the benchmark asked for), then near this machine's "
                 "capacity through an API process as it was before the read-your-writes fix "
                 "(`bench/old_waiter.py`) and as it is, on the same database, worker and "
                 "Redis; which of the two comes first alternates from round to round.", "",
                 *latency_table(live_figures), ""]
    rebuilt = results.get("rebuild")
    if rebuilt:
        text += ["## (c) Projection rebuild", "",
                 f"`bench/rebuild.py`: one log of {rebuilt['events']:,} events written through "
                 "`store.save`, read and decoded alone once, then rebuilt "
                 f"{len(rebuilt['rebuilds'])} times as `gapal projections rebuild` does "
                 "(`Gapal.rebuild()`: the set-based, folded projection — each view folds a "
                 "batch of 5 000 events into its rows), then 7 live batches of 500 events.", "",
                 *rebuild.table(rebuilt), "", *rebuild.views_table(rebuilt), ""]
    board = results.get("board")
    if board:
        text += [f"## (d) `GET /api/orders/` with {board['orders']:,} orders", "",
                 f"{board['requests']} requests per query and run after 5 of warm-up, one at a "
                 f"time; rows written in {board['fill_seconds']:.0f} s with SQLAlchemy Core, "
                 "then VACUUM ANALYZE. Each round times every query, then the priority query "
                 "with the urgency index alone (as before the fix), then puts the index back.",
                 "", *list_orders.table(board), ""]
    for other in results.get("others", []):
        text += others_section(other)
    if failures:
        text += ["## Failures", ""]
        for name, trace in failures.items():
            text += [f"### {name}", "", "```text", trace.strip()[-3000:], "```", ""]
    if history:
        text.append(history.rstrip())
    out.write_text("\n".join(text) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of every benchmark in this invocation (at least 3)")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--ws-seconds", type=float, default=20.0,
                        help="seconds of each open-loop WebSocket latency measure")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rebuild-events", type=int, default=200_000)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--stress-rate", type=float, default=0.0,
                        help="orders/s near Gapal's capacity, for the before/after of the "
                             "read-your-writes fix (default: 90%% of what round 1 of (a) "
                             "measured)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS),
                        help="some benchmarks only (to try the script out)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    if args.runs < 3:
        parser.error("--runs: at least 3 (a median and a spread need them)")
    settings = " ".join(["bench/run_all.py", *sys.argv[1:]])
    started = time.perf_counter()
    info, load_start = machine(), load()
    print(f"{info}\nload average {load_start}", flush=True)
    failures: dict[str, str] = {}
    work: dict[str, tuple[str, Callable[[], Any]]] = {
        "live": ("(a) orders/s over HTTP, then (b) WebSocket latency",
                 lambda: live(args.seconds, args.threads, args.workers, args.stress_rate,
                              args.ws_seconds, args.runs, failures)),
        "board": (f"(d) GET /api/orders/ with {args.orders:,} orders",
                  lambda: list_orders.run(args.orders, runs=args.runs)),
        "rebuild": ("(c) projection rebuild",
                    lambda: rebuild.run(args.rebuild_events, args.runs)),
        "others": ("(e) the other issues' benchmarks", lambda: others(args.runs, failures)),
    }
    results: dict[str, Any] = {name: attempt(*work[name], failures)
                               for name in SECTIONS if name in args.only}
    total = time.perf_counter() - started
    raw = Path(tempfile.gettempdir()) / "gapal-bench-results.json"
    raw.write_text(json.dumps(results, default=str, indent=1))  # should writing fail below
    print(f"raw figures in {raw}", flush=True)
    write(args.out, info, (load_start, load()), results, failures, settings, args.runs,
          total)
    print("\n" + "\n".join(summary(results, args.runs)), flush=True)
    print(f"\nWritten to {args.out} ({total / 60:.1f} min)")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
