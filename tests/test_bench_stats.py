"""The benchmarks' figures: median and spread of every run, ratios within each round
(bench/stats.py; no database)."""

from __future__ import annotations

import pytest

from bench.stats import HISTORY, by_name, kept_history, ratios, spread, tenths, timings


def test_a_figure_is_the_median_and_the_spread_of_its_runs_every_run_kept() -> None:
    found = spread([107.2, 1239.0, 300.0])
    assert found.median == 300.0
    assert (found.low, found.high) == (107.2, 1239.0)
    assert found.runs == (107.2, 1239.0, 300.0)  # in the order measured, none dropped
    assert found.show(tenths, "ms") == "300.0 [107.2–1,239.0] ms"
    assert found.raw(tenths) == "107.2 / 1,239.0 / 300.0"
    assert spread([4, 1, 3, 2]).median == 2.5
    with pytest.raises(ValueError, match="no run"):
        spread([])


def test_ratios_are_taken_within_each_round_not_between_medians() -> None:
    rounds = [{"gapal": 100.0, "peer": 500.0, "raw": 1000.0},
              {"gapal": 90.0, "peer": 900.0, "raw": 3000.0},
              {"gapal": 120.0, "peer": 400.0, "raw": 2000.0}]
    gapal_to_peer = ratios(rounds, "gapal", "peer")
    assert gapal_to_peer.runs == pytest.approx((0.2, 0.1, 0.3))
    assert gapal_to_peer.median == pytest.approx(0.2)
    assert (gapal_to_peer.low, gapal_to_peer.high) == pytest.approx((0.1, 0.3))
    # the ratio of the medians (100 / 500) would say 0.2 too, but not here:
    assert ratios(rounds, "peer", "raw").median == pytest.approx(0.3)  # 0.5, 0.3, 0.2
    assert by_name(rounds)["peer"].median == 500.0  # 500 / 2000 = 0.25 ≠ 0.3
    # a round without a divisor gives no ratio
    assert ratios([*rounds, {"gapal": 5.0, "peer": 0.0}], "gapal", "peer").runs == \
        gapal_to_peer.runs


def test_by_name_keeps_each_systems_runs() -> None:
    found = by_name([{"gapal": 91.0, "peer": 568.0}, {"gapal": 80.0, "peer": 600.0},
                     {"gapal": 99.0, "peer": 500.0}])
    assert list(found) == ["gapal", "peer"]
    assert found["gapal"].runs == (91.0, 80.0, 99.0)
    assert (found["gapal"].median, found["gapal"].low, found["gapal"].high) == (91, 80, 99)


def test_the_other_scripts_timings_are_gathered_over_their_invocations() -> None:
    first = ("Gapal sync bench on sqlite, 2 CPUs, load average 1.2\n"
             "500 order_created               5.61 s        89 events/s\n"
             "   request 294 KiB, answer 558 KiB (raw JSON)\n"
             "PDF of 1000 orders                    1.23 s   peak     5.6 MiB\n"
             "  steady state: a batch sealed in 80 ms (7 batches)\n")
    second = ("500 order_created               6.00 s        83 events/s\n"
              "PDF of 1000 orders                    1.50 s   peak     5.6 MiB\n")
    third = ("  seal run 1: 200002 events in 35.79 s (5,588 events/s), load average 1.0\n"
             "  seal run 2: 200002 events in 30.00 s (6,667 events/s), load average 1.0\n"
             "500 order_created               5.00 s        99 events/s\n")
    found = timings([first, second, third])
    assert set(found) == {"500 order_created", "PDF of 1000 orders",
                          "seal: 200002 events in"}
    assert found["500 order_created"].runs == (5.61, 6.0, 5.0)
    assert found["500 order_created"].median == 5.61
    assert found["PDF of 1000 orders"].runs == (1.23, 1.5)
    assert found["seal: 200002 events in"].runs == (35.79, 30.0)  # `run N` dropped


def test_running_the_benchmarks_again_keeps_the_previous_invocation_below() -> None:
    previous = "\n".join([
        "# Benchmarks", "", "| machine | |", "| --- | --- |", "| date | 2026-11-29 22:08 UTC |",
        "", "## Summary", "", "| (a) orders | 86 [82–95] orders/s |", "",
        HISTORY, "# Older figures (not produced by the invocation above)", "",
        "## `make bench` of 2026-11-24 08:15 UTC", "", "### Summary", "", "378 events/s"])
    kept = kept_history(previous)
    assert kept.startswith(HISTORY)
    assert kept.count("# Older figures") == 1
    assert "## `make bench` of 2026-11-29 22:08 UTC" in kept
    assert "### Summary\n\n| (a) orders | 86 [82–95] orders/s |" in kept  # one level down
    assert kept.index("22:08 UTC") < kept.index("2026-11-24 08:15 UTC")  # newest first
    assert "378 events/s" in kept
    assert kept_history("# Benchmarks\n\nno marker: nothing kept by hand") == ""
