"""A/B of SPA builds on one browser figure, interleaved so a slow spell of the machine hits
every build alike: each round loads every build in turn (its own proxy, N cold loads each,
the same observer as browser.py), and the summary compares each build with the first by the
median of the per-round ratios. The figure (--measure):
- chart: the heavy device's 180-day chart painted (the default);
- longest-task: the longest main-thread task until that chart is painted (Long Tasks API);
- packages: a cold /packages' data visible (the first table row in the DOM).

usage: chart-ab.py PROXY_BIN DIST_A DIST_B [DIST ...] [--rounds R] [--loads N] [--measure M]
(defaults: 4 rounds of 5 loads, chart; DIST_A is the baseline)
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import browser  # noqa: E402
from harness import HEAVY_DEVICE, Chromedriver, Proxy  # noqa: E402

PAINTED = "window.__bench && window.__bench.painted !== undefined"
ROW = "window.__bench && window.__bench.row !== undefined"


def longest_task(bench):
    """The longest task (ms) that started before the chart was painted; 0 when none of 50 ms."""
    return max((d for (t, d) in bench["longTasks"] if t <= bench["painted"]), default=0.0)


# What each --measure loads, waits for and reads from the observer's notes.
MEASURES = {
    "chart": (lambda token: f"/devices/{HEAVY_DEVICE}?range=180#token={token}", PAINTED,
              lambda bench: bench["painted"]),
    "longest-task": (lambda token: f"/devices/{HEAVY_DEVICE}?range=180#token={token}", PAINTED,
                     longest_task),
    "packages": (lambda token: f"/packages#token={token}", ROW, lambda bench: bench["row"]),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("proxy")
    parser.add_argument("dists", nargs="+")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--measure", choices=sorted(MEASURES), default="chart")
    args = parser.parse_args()
    if len(args.dists) < 2:
        parser.error("give at least two builds to compare")
    path, ready, figure = MEASURES[args.measure]
    dists = [os.path.abspath(d) for d in args.dists]
    medians = {d: [] for d in dists}
    with Chromedriver() as driver:
        for round_no in range(1, args.rounds + 1):
            for dist in dists:
                with Proxy(args.proxy, dist) as proxy:
                    url = proxy.base + path(proxy.token)
                    loads = [figure(browser.cold(driver, url, ready)["bench"])
                             for _ in range(args.loads)]
                median = statistics.median(loads)
                medians[dist].append(median)
                print(f"round {round_no} {dist}: median {median:,.0f} ms of "
                      f"{', '.join(f'{v:,.0f}' for v in loads)}", flush=True)
    base = dists[0]
    print()
    print("| build | run medians (ms) | median of them | ratio to the first, paired runs (median, min–max) | sooner in |")
    print("|---|---|---:|---|---:|")
    for dist in dists:
        runs = medians[dist]
        ratios = [a / b for a, b in zip(runs, medians[base])]
        sooner = sum(a < b for a, b in zip(runs, medians[base]))
        ratio = "" if dist == base else f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})"
        won = "" if dist == base else f"{sooner} of {len(runs)}"
        print(f"| {dist} | {' / '.join(f'{v:,.0f}' for v in runs)} | "
              f"{statistics.median(runs):,.0f} | {ratio} | {won} |")


if __name__ == "__main__":
    main()
