"""Browser timings of cold loads in headless Chromium on loopback (median of N runs, each on
a fresh profile, so nothing is cached):

- /packages: first contentful paint, and "data visible" (the first row of the packages
  table is in the document);
- /devices/HEAVY?range=180: "chart drawn" once every CDR page (≥ 20,000 records) has arrived
  and the daily chart has been redrawn with all of them; and the main thread meanwhile: the
  longest task and the tasks over 50 ms (Long Tasks API, `longtask` entries, which Chromium
  reports for tasks of 50 ms or more) from navigation until the chart is painted.

The floor: the same index.html and stylesheets with the app's scripts taken out, served by the
same proxy — the first paint every page gets in this harness before any of the app's code runs
(a fresh Chromium profile, its first connections and first layout).

Times are milliseconds since navigation start (with the wasm download, the app start and its first
mount as a breakdown where the build sets those marks). They come from a small observer installed
before any page script (Chrome DevTools' Page.addScriptToEvaluateOnNewDocument through
chromedriver), which works on any build; builds that set the SPA's own performance marks
(src/marks.rs: `data-visible`, `chart-drawn`) report those too, as a cross-check.

usage: browser.py PROXY_BIN DIST_DIR [RUNS]
"""

import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import HEAVY_DEVICE, Browser, Chromedriver, Proxy, _call, fmt_ms  # noqa: E402

# Runs before the app: notes when the first table row appears, and for the usage page when
# the progress bar has come and gone (every page fetched) and the next frame has painted.
OBSERVER = r"""
window.__bench = {longTasks: []};
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__bench.longTasks.push([e.startTime, e.duration]);
}).observe({type: 'longtask', buffered: true});
new MutationObserver(() => {
  const b = window.__bench, now = performance.now();
  if (b.row === undefined && document.querySelector('[data-testid=packages-table] tbody tr')) b.row = now;
  if (b.progress === undefined && document.querySelector('[data-testid=usage-progress]')) b.progress = now;
  if (b.progress !== undefined && b.loaded === undefined
      && !document.querySelector('[data-testid=usage-progress]')
      && document.querySelector('[data-testid=usage-chart-daily] canvas')) {
    b.loaded = now;
    requestAnimationFrame(() => requestAnimationFrame(() => { b.painted = performance.now(); }));
  }
}).observe(document, {subtree: true, childList: true});
"""

READ = """
const fcp = performance.getEntriesByName('first-contentful-paint')[0];
const marks = name => performance.getEntriesByName(name, 'mark').map(m => m.startTime);
return {fcp: fcp ? fcp.startTime : null, bench: window.__bench,
        data_visible: marks('data-visible'), chart_drawn: marks('chart-drawn'),
        app_start: marks('app-start'), app_mounted: marks('app-mounted'),
        wasm_end: (performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')) || {}).responseEnd || null,
        records: (document.querySelector('[data-testid=usage-records]') || {}).textContent || null};
"""


def cold(driver, url, ready):
    with Browser(driver) as browser:
        _call("POST", browser.session + "/goog/cdp/execute",
              {"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": OBSERVER}})
        browser.get(url)
        browser.wait_js(ready, timeout=120)
        return browser.js(READ)


def static_floor_dist(dist):
    """A copy of `dist` with index.html's scripts and preloads removed (stylesheets kept)."""
    floor = tempfile.mkdtemp(prefix="cmp-bench-floor-")
    for name in os.listdir(dist):
        if name.endswith(".css"):
            shutil.copy(os.path.join(dist, name), floor)
    html = open(os.path.join(dist, "index.html"), encoding="utf-8").read()
    html = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    html = re.sub(r"<link rel=\"(modulepreload|preload)\"[^>]*>", "", html)
    with open(os.path.join(floor, "index.html"), "w", encoding="utf-8") as out:
        out.write(html)
    return floor


def main():
    proxy_bin, dist = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    fcp, visible, visible_mark = [], [], []
    wasm_end, app_start, app_mounted = [], [], []
    chart, chart_mark, records = [], [], None
    longest_task, long_tasks = [], []
    floor_fcp = []
    floor = static_floor_dist(dist)
    try:
        with Proxy(proxy_bin, floor) as proxy, Chromedriver() as driver:
            for _ in range(runs):
                r = cold(driver, f"{proxy.base}/packages",
                         "performance.getEntriesByName('first-contentful-paint').length > 0")
                floor_fcp.append(r["fcp"])
    finally:
        shutil.rmtree(floor, ignore_errors=True)
    with Proxy(proxy_bin, dist) as proxy, Chromedriver() as driver:
        for _ in range(runs):
            r = cold(driver, f"{proxy.base}/packages#token={proxy.token}",
                     "window.__bench && window.__bench.row !== undefined"
                     " && performance.getEntriesByName('first-contentful-paint').length > 0")
            fcp.append(r["fcp"])
            visible.append(r["bench"]["row"])
            if r["data_visible"]:
                visible_mark.append(r["data_visible"][0])
            wasm_end.append(r["wasm_end"])
            app_start.append(r["app_start"][0] if r["app_start"] else None)
            app_mounted.append(r["app_mounted"][0] if r["app_mounted"] else None)
        for _ in range(runs):
            r = cold(driver, f"{proxy.base}/devices/{HEAVY_DEVICE}?range=180#token={proxy.token}",
                     "window.__bench && window.__bench.painted !== undefined")
            chart.append(r["bench"]["painted"])
            until_painted = [d for (t, d) in r["bench"]["longTasks"] if t <= r["bench"]["painted"]]
            longest_task.append(max(until_painted, default=0.0))
            long_tasks.append(len(until_painted))
            if r["chart_drawn"]:
                chart_mark.append(max(r["chart_drawn"]))
            records = r["records"]
    print(f"| floor: index.html and its stylesheets without the app's scripts, first contentful paint | {fmt_ms(floor_fcp)} |")
    print(f"| /packages first contentful paint | {fmt_ms(fcp)} |")
    print(f"| /packages wasm downloaded (`responseEnd`) | {fmt_ms(wasm_end)} |")
    print(f"| /packages app started (SPA mark `app-start`: compiled and instantiated) | {fmt_ms(app_start)} |")
    print(f"| /packages first render mounted (SPA mark `app-mounted`) | {fmt_ms(app_mounted)} |")
    print(f"| /packages data visible (first row in the DOM) | {fmt_ms(visible)} |")
    print(f"| /packages data visible (SPA mark `data-visible`) | {fmt_ms(visible_mark)} |")
    print(f"| 180-day usage of {HEAVY_DEVICE} ({records} records): every page fetched and the daily chart painted | {fmt_ms(chart)} |")
    print(f"| same, last SPA mark `chart-drawn` | {fmt_ms(chart_mark)} |")
    print(f"| same load, longest main-thread task until the chart is painted (Long Tasks API; 0 = none of 50 ms or more) | {fmt_ms(longest_task)} |")
    counts = sorted(long_tasks)
    print(f"| same load, tasks of 50 ms or more until the chart is painted | median {counts[len(counts) // 2]} (min {counts[0]}, max {counts[-1]}) |")


if __name__ == "__main__":
    main()
