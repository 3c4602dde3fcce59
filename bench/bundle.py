"""Bytes on the wire for a cold load of /packages and of /devices/:id.

For each route, a fresh headless Chromium profile loads the page through cmp-proxy and the
script reads the Resource Timing entries: which files the page really downloaded, and how
many bytes came over the wire (encodedBodySize: what the proxy sent, compressed or not).
Each static file is then compressed here with gzip -9 and brotli -q 11 to show what serving
it compressed could give. Static files only; API JSON is listed separately.

usage: bundle.py PROXY_BIN DIST_DIR
"""

import gzip
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import HEAVY_DEVICE, Browser, Chromedriver, Proxy  # noqa: E402

ROUTES = [
    ("/packages", "document.querySelector('table tbody tr') !== null"),
    # The device page is done once its first chart has a canvas (charts need ECharts).
    (f"/devices/{HEAVY_DEVICE}", "document.querySelector('[data-testid=chart] canvas') !== null"
     " || document.querySelector('[data-testid=chart-unavailable]') !== null"),
]

RESOURCES = """
return performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
  .map(e => ({name: e.name, type: e.initiatorType || 'navigation', transfer: e.transferSize,
              encoded: e.encodedBodySize, decoded: e.decodedBodySize, duration: e.duration}));
"""


def brotli_size(data):
    out = subprocess.run(["brotli", "-c", "-q", "11"], input=data, capture_output=True, check=True)
    return len(out.stdout)


def sizes(path):
    data = open(path, "rb").read()
    return len(data), len(gzip.compress(data, 9)), brotli_size(data)


def kind(path):
    if path.endswith(".wasm"):
        return "wasm"
    if "echarts" in path:
        return "echarts"
    if path.endswith(".js"):
        return "js glue"
    if path.endswith(".css"):
        return "css"
    if path.endswith(".html") or path == "/":
        return "html"
    return "other"


def served_encoding(base, path):
    """Content-Encoding and seconds the proxy takes for a browser-like Accept-Encoding."""
    req = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip, deflate, br, zstd",
                                                      "Accept": "text/html,*/*"})
    start = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        body = r.read()
        enc = r.headers.get("Content-Encoding", "identity")
    return enc, len(body), time.perf_counter() - start


def main():
    proxy_bin, dist = sys.argv[1], sys.argv[2]
    with Proxy(proxy_bin, dist) as proxy, Chromedriver() as driver:
        for route, ready in ROUTES:
            with Browser(driver) as browser:
                browser.get(f"{proxy.base}{route}#token={proxy.token}")
                browser.wait_js(ready, timeout=90)
                time.sleep(0.5)  # let a lazily injected script finish arriving
                entries = browser.js(RESOURCES)
            print(f"\n### Cold load of `{route.replace(HEAVY_DEVICE, ':id')}`\n")
            print("| file | kind | raw | gzip -9 | brotli -q11 | over the wire (as served) | served as |")
            print("|---|---|---:|---:|---:|---:|---|")
            totals = {"raw": 0, "gz": 0, "br": 0, "wire": 0}
            app = {"raw": 0, "gz": 0, "br": 0, "wire": 0}
            api_bytes = 0
            api_count = 0
            for e in entries:
                path = urllib.parse.urlsplit(e["name"]).path
                if path.startswith(("/cmp-api", "/api")):
                    api_bytes += e["encoded"]
                    api_count += 1
                    continue
                local = os.path.join(dist, path.lstrip("/") or "index.html")
                if e["type"] == "navigation":
                    local = os.path.join(dist, "index.html")
                elif not os.path.isfile(local):
                    print(f"| {path} (not in dist) | | | | | {e['encoded']:,} | |")
                    continue
                raw, gz, br = sizes(local)
                enc, _, secs = served_encoding(proxy.base, path if e["type"] != "navigation" else "/")
                name = os.path.basename(local)
                print(f"| {name} | {kind(local)} | {raw:,} | {gz:,} | {br:,} | {e['encoded']:,} "
                      f"| {enc} ({secs * 1000:.0f} ms) |")
                for bucket in [totals] + ([app] if kind(local) in ("wasm", "js glue") else []):
                    bucket["raw"] += raw
                    bucket["gz"] += gz
                    bucket["br"] += br
                    bucket["wire"] += e["encoded"]
            print(f"| **wasm + JS glue** | | {app['raw']:,} | {app['gz']:,} | {app['br']:,} | {app['wire']:,} | |")
            print(f"| **whole cold load (static)** | | {totals['raw']:,} | {totals['gz']:,} | {totals['br']:,} | {totals['wire']:,} | |")
            print(f"\nAPI responses during the load: {api_count} requests, {api_bytes:,} bytes over the wire.")


if __name__ == "__main__":
    main()
