"""The Overview (`/`) on a large simulated world, in headless Chromium on loopback: median of
N cold loads (a fresh profile each, so nothing is cached in the browser), after one warm-up
load that is reported on its own, each load 6 s after the last so it starts with the
token's request budget full (the simulator computes each order's usage from its CDRs
the first time it is asked, and keeps the day totals; the proxy's read cache lasts 2 s, so
every later load asks the simulator again).

- first tile: the first tile whose source is complete (`data-state=ready`);
- all tiles: every source read (`data-status=complete` on the progress line), and the next
  frame painted;
- the SPA's own marks `overview-first-tile` and `overview-all-tiles` as a cross-check;
- the main thread: the longest task (PerformanceObserver `longtask`, tasks over 50 ms) and
  how many there were between the first tile and the last, while order pages arrive, not
  counting the top-ten chart's first draw (ECharts' first draw, taken once when the last
  order page is in; reported on its own).

The proxy runs with its defaults (rate limit 20 requests/s, burst 100, per token) unless the
environment sets CMP_* settings, which are passed through (e.g. CMP_RATE_LIMIT_PER_SEC=0).

usage: overview.py PROXY_BIN DIST_DIR [RUNS] [DEVICES]
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import Browser, Chromedriver, Proxy, _call, fmt_ms, median  # noqa: E402

OBSERVER = r"""
window.__bench = {tasks: []};
try {
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__bench.tasks.push([e.startTime, e.duration]);
  }).observe({type: 'longtask', buffered: true});
} catch (e) {}
new MutationObserver(() => {
  const b = window.__bench, now = performance.now();
  if (b.first === undefined && document.querySelector('[data-testid=overview-tiles] [data-state=ready]')) b.first = now;
  if (b.all === undefined && document.querySelector('[data-testid=overview-status][data-status=complete]')) {
    b.all = now;
    requestAnimationFrame(() => requestAnimationFrame(() => { b.painted = performance.now(); }));
  }
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ['data-state', 'data-status']});
"""

# Seconds between loads, so each starts with the token's rate-limit bucket full again.
REFILL_S = 6

READ = """
const marks = name => performance.getEntriesByName(name, 'mark').map(m => m.startTime);
const figure = id => (document.querySelector(`[data-testid=${id}] [data-testid=tile-figure]`) || {}).textContent || null;
return {bench: window.__bench, first_mark: marks('overview-first-tile'), all_mark: marks('overview-all-tiles'),
        chart_mark: marks('chart-drawn'),
        running: figure('tile-running'), orders: figure('tile-statuses'),
        requests: performance.getEntriesByType('resource').filter(e => /cmp-api|api\/events/.test(e.name)).length,
        refused: performance.getEntriesByType('resource').filter(e => e.responseStatus === 429).length,
        failed: document.querySelectorAll('[data-state=failed]').length};
"""


def cold(driver, url):
    with Browser(driver) as browser:
        _call("POST", browser.session + "/goog/cdp/execute",
              {"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": OBSERVER}})
        browser.get(url)
        browser.wait_js("window.__bench && window.__bench.painted !== undefined", timeout=300)
        return browser.js(READ)


def summary(r):
    b = r["bench"]
    chart = r["chart_mark"][0] if r["chart_mark"] else None
    drew = lambda start, d: chart is not None and start <= chart <= start + d + 2
    during = [d for (start, d) in b["tasks"] if b["first"] <= start <= b["all"] and not drew(start, d)]
    draw = [d for (start, d) in b["tasks"] if drew(start, d)]
    return {
        "first": b["first"], "all": b["painted"],
        "first_mark": r["first_mark"][0] if r["first_mark"] else None,
        "all_mark": r["all_mark"][0] if r["all_mark"] else None,
        "longest": max(during, default=0.0), "long_tasks": len(during),
        "longest_any": max((d for (_, d) in b["tasks"]), default=0.0),
        "draw": max(draw, default=0.0),
        "requests": r["requests"], "refused": r["refused"],
    }


def main():
    proxy_bin, dist = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    devices = sys.argv[4] if len(sys.argv) > 4 else "20000"
    settings = {"CMP_SIM_DEVICES": devices, "CMP_SIM_FROZEN_CLOCK": "true"}
    with Proxy(proxy_bin, dist, settings) as proxy, Chromedriver() as driver:
        url = f"{proxy.base}/#token={proxy.token}"
        warm = cold(driver, url)
        results = []
        for _ in range(runs):
            # A fresh visitor: the token's request budget refilled (burst 100 at 20/s).
            time.sleep(REFILL_S)
            results.append(summary(cold(driver, url)))
    w = summary(warm)
    col = lambda key: [r[key] for r in results]
    print(f"| world: {devices} devices, {warm['orders']} orders, {warm['running']} devices with a running plan; failed tiles: {warm['failed']} | |")
    print(f"| warm-up load (the simulator computes every order's usage for the first time): first tile / all tiles | {w['first']:.0f} ms / {w['all']:.0f} ms |")
    print(f"| first tile complete (`data-state=ready`) | {fmt_ms(col('first'))} |")
    print(f"| first tile, SPA mark `overview-first-tile` | {fmt_ms(col('first_mark'))} |")
    print(f"| all tiles complete and painted | {fmt_ms(col('all'))} |")
    print(f"| all tiles, SPA mark `overview-all-tiles` | {fmt_ms(col('all_mark'))} |")
    print(f"| longest main-thread task while pages arrive (first tile → all tiles; 0 = none over 50 ms) | {fmt_ms(col('longest'))} |")
    print(f"| tasks over 50 ms while pages arrive | median {median(col('long_tasks')):.0f} (max {max(col('long_tasks'))}) |")
    print(f"| the top-ten chart's first draw, once the last page is in (0 = under 50 ms) | {fmt_ms(col('draw'))} |")
    print(f"| longest task of the whole load (wasm start and the chart's first draw included) | {fmt_ms(col('longest_any'))} |")
    print(f"| API requests per load, of which answered 429 and asked again | median {median(col('requests')):.0f}, {median(col('refused')):.0f} (max {max(col('refused'))}) |")


if __name__ == "__main__":
    main()
