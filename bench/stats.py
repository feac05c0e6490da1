"""How the benchmarks report a figure: the median and the spread (min–max) of every run made in
the same invocation, every run's raw figure kept beside.

Ratios between systems measured side by side (Gapal ÷ peer, …) are computed round by round —
each round measures every system once, one after the other — and then summarised the same way:
never the ratio of two medians, which may come from different rounds.

Pure functions, no database: `tests/test_bench_stats.py` checks them.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    """Every run's figure (in the order measured), their median, lowest and highest."""

    runs: tuple[float, ...]
    median: float
    low: float
    high: float

    def show(self, form: Callable[[float], str] = "{:,.0f}".format, unit: str = "") -> str:
        """`median [min–max] unit`, e.g. `91 [85–97] orders/s`."""
        tail = f" {unit}" if unit else ""
        return f"{form(self.median)} [{form(self.low)}–{form(self.high)}]{tail}"

    def raw(self, form: Callable[[float], str] = "{:,.0f}".format) -> str:
        """Every run's figure, in the order measured: `85 / 97 / 91`."""
        return " / ".join(form(value) for value in self.runs)


def tenths(value: float) -> str:
    return f"{value:,.1f}"


def hundredths(value: float) -> str:
    return f"{value:,.2f}"


def spread(values: Iterable[float]) -> Spread:
    """The median and min–max of the runs (at least one)."""
    runs = tuple(float(value) for value in values)
    if not runs:
        raise ValueError("no run to summarise")
    return Spread(runs, statistics.median(runs), min(runs), max(runs))


def ratios(rounds: Sequence[Mapping[str, float]], top: str, bottom: str) -> Spread:
    """`top ÷ bottom` within each round, then their median and spread. A round where either is
    missing or the divisor is 0 gives no ratio (there was nothing to compare)."""
    found = [r[top] / r[bottom] for r in rounds
             if top in r and bottom in r and r[bottom]]
    return spread(found)


def by_name(rounds: Sequence[Mapping[str, float]]) -> dict[str, Spread]:
    """{name: spread of that name's figure over the rounds that measured it}, first seen first."""
    names: dict[str, list[float]] = {}
    for figures in rounds:
        for name, value in figures.items():
            names.setdefault(name, []).append(value)
    return {name: spread(values) for name, values in names.items()}


SECONDS = re.compile(r"^\s*(?P<label>\S.*?)\s+(?P<value>\d+(?:\.\d+)?) s\b")
RUN_NUMBER = re.compile(r"\s*\brun \d+\b")


def timings(outputs: Iterable[str]) -> dict[str, Spread]:
    """The `label … 8.42 s` lines benchmark scripts printed, as {label: spread of the seconds}:
    the first figure in seconds of each line; a `run N` in the label is dropped, so that the
    runs of one invocation (`run 1`, `run 2`…) and those of the next invocations are the runs
    of one figure."""
    found: dict[str, list[float]] = {}
    for output in outputs:
        for line in output.splitlines():
            match = SECONDS.match(line)
            if match:
                label = RUN_NUMBER.sub("", match["label"]).strip().rstrip(":").strip()
                found.setdefault(label, []).append(float(match["value"]))
    return {label: spread(values) for label, values in found.items()}


# bench/RESULTS.md: the latest invocation on top, then this marker, then every earlier one.
HISTORY = "<!-- Kept by bench/run_all.py: everything below is older, written by hand. -->"
OLDER = "# Older figures (not produced by the invocation above)"


def kept_history(previous: str) -> str:
    """What the new invocation keeps below its own figures: the previous invocation, its
    headings one level down, first under the history marker, then the older history. No run
    is ever dropped by running the benchmarks again."""
    if HISTORY not in previous:
        return ""
    top, older = previous.split(HISTORY, 1)
    lines = older.lstrip("\n").split("\n")
    title, rest = (lines[0], lines[1:]) if lines[0].startswith("# ") else ("", lines)
    body = top.split("\n", 1)[1] if top.startswith("# Benchmarks") else top
    date = re.search(r"^\| date \| (.+?) \|$", top, re.MULTILINE)
    demoted = re.sub(r"^(#+) ", r"#\1 ", body.strip(), flags=re.MULTILINE)
    heading = f"## `make bench` of {date.group(1) if date else 'an earlier run'}"
    return "\n".join([HISTORY, title or OLDER, "", heading, "", demoted, "", *rest])
