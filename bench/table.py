"""The sessions table as a person meets it: the heavy device's 180 days (over 20,000
sessions) loaded, then 100 clicks on "Next ›" — 10,000 rows rendered, 100 at a time, which
is how the table shows them (paged, not one 10,000-row DOM) — and a re-sort of every
session by size. Each step is timed in the page from the click until its rows are in the
DOM and the following frame has painted. Median of RUNS cold loads.

usage: table.py PROXY_BIN DIST_DIR [RUNS]
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import HEAVY_DEVICE, Browser, Chromedriver, Proxy  # noqa: E402

# Runs inside the page; calls back with per-click times (ms) and the re-sort time.
PAGE_THROUGH = r"""
const done = arguments[arguments.length - 1];
const info = () => document.querySelector('[data-testid=sessions-page-info]').textContent;
// Rows are updated in place (same <tr>s, new text), so compare the first row's text.
const firstRow = () => document.querySelector('[data-testid=session-row]').textContent;
const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
const until = async (changed) => { while (!changed()) await new Promise(r => setTimeout(r, 0)); };
(async () => {
  const next = [...document.querySelectorAll('.sessions .pager button')].find(b => b.textContent.includes('Next'));
  const steps = [];
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) {
    const before = info(), start = performance.now();
    next.click();
    await until(() => info() !== before);
    await frame();
    steps.push(performance.now() - start);
  }
  const total = performance.now() - t0;
  const sortButton = [...document.querySelectorAll('.sessions th button')].find(b => b.textContent.includes('Data'));
  const row = firstRow(), s0 = performance.now();
  sortButton.click();
  await until(() => firstRow() !== row);
  await frame();
  done({steps, total, sort: performance.now() - s0, rows: document.querySelectorAll('[data-testid=session-row]').length, info: info()});
})();
"""


def main():
    proxy_bin, dist = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    per_page, totals, sorts = [], [], []
    info = ""
    with Proxy(proxy_bin, dist) as proxy, Chromedriver() as driver:
        for _ in range(runs):
            with Browser(driver) as browser:
                browser.get(f"{proxy.base}/devices/{HEAVY_DEVICE}?range=180#token={proxy.token}")
                browser.wait_js("document.querySelector('[data-testid=session-row]') !== null"
                                " && !document.querySelector('[data-testid=usage-progress]')", 180)
                r = browser.js_async(PAGE_THROUGH)
            per_page.append(statistics.median(r["steps"]))
            totals.append(r["total"])
            sorts.append(r["sort"])
            info = r["info"]
    med = statistics.median
    print(f"| next page (100 rows), median click → painted | {med(per_page):.1f} ms ({min(per_page):.1f}–{max(per_page):.1f}) |")
    print(f"| 100 pages = 10,000 rows, total | {med(totals):.0f} ms ({min(totals):.0f}–{max(totals):.0f}) |")
    print(f"| re-sort every session by size, click → painted | {med(sorts):.0f} ms ({min(sorts):.0f}–{max(sorts):.0f}) |")
    print(f"\nEnd state: \"{info}\".")


if __name__ == "__main__":
    main()
