"""What holds the main thread during one cold load: a Chromium trace of the load (through
chromedriver's performance log), summarised as the renderer main thread's tasks of at least
MIN ms, each with what it spent its time on (script evaluation, microtasks running wasm,
timers, layout, paint, garbage collection) and, for scripts and layouts, which script and
how many layout objects. Optionally a window of the timeline in detail: requests sent and
finished, tasks and long timers, in time order.

Times are milliseconds since the page's navigation. A trace slows the page a little; read
the composition of the tasks, not their absolute length (the Long Tasks figures come from
`browser.sh` and `chart-ab.py`). Extra Chromium flags (e.g. `--js-flags=--no-wasm-lazy-
compilation`) show what a V8 behaviour costs.

usage: tasks.py PROXY_BIN DIST_DIR PAGE [--min MS] [--window LO-HI] [--flag FLAG ...]
  PAGE: packages | device (the heavy device's 180 days) | any path ("TOKEN" is replaced)
"""

import argparse
import collections
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import browser  # noqa: E402
import harness  # noqa: E402
from harness import CHROME_FLAGS, HEAVY_DEVICE, Chromedriver, Proxy, _call  # noqa: E402

PAGES = {
    "packages": ("/packages#token=TOKEN", "window.__bench && window.__bench.row !== undefined"),
    "device": (f"/devices/{HEAVY_DEVICE}?range=180#token=TOKEN",
               "window.__bench && window.__bench.painted !== undefined"),
}
CATEGORIES = ("devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,"
              "blink.user_timing,loading")
TASKS = ("RunTask", "ThreadControllerImpl::RunTask")
NAMED = ("FunctionCall", "EvaluateScript", "TimerFire", "Layout")


class TracedBrowser(harness.Browser):
    """A fresh profile whose session records a trace into the performance log."""

    def __init__(self, driver, flags):  # noqa: D107 (the base's session, with tracing on)
        self.profile = tempfile.mkdtemp(prefix="cmp-bench-trace-")
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"performance": "ALL"},
            "goog:chromeOptions": {
                "args": CHROME_FLAGS + list(flags) + [f"--user-data-dir={self.profile}"],
                "perfLoggingPrefs": {"enableNetwork": False, "enablePage": False,
                                     "traceCategories": CATEGORIES}},
        }}}
        value = _call("POST", driver.url + "/session", caps)
        self.session = f"{driver.url}/session/{value['sessionId']}"
        _call("POST", self.session + "/timeouts", {"script": 120000, "pageLoad": 60000})


def trace(proxy_bin, dist, path, ready, flags):
    """The trace events of one cold load of `path`, ended once `ready` holds."""
    with Chromedriver() as driver, Proxy(proxy_bin, dist) as proxy:
        with TracedBrowser(driver, flags) as page:
            _call("POST", page.session + "/goog/cdp/execute",
                  {"cmd": "Page.addScriptToEvaluateOnNewDocument",
                   "params": {"source": browser.OBSERVER}})
            page.get(proxy.base + path.replace("TOKEN", proxy.token))
            page.wait_js(ready, timeout=120)
            time.sleep(0.5)
            page.get("about:blank")  # ends the trace of the page
            log = _call("POST", page.session + "/se/log", {"type": "performance"})
    events = []
    for entry in log:
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Tracing.dataCollected":
            params = message["params"]
            events.extend(params["value"] if "value" in params else [params])
    return events


def detail(event):
    data = event.get("args", {}).get("data") or event.get("args", {}).get("beginData") or {}
    return (data.get("functionName") or data.get("url", "")[-40:]
            or (f"{data['dirtyObjects']} objects" if "dirtyObjects" in data else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("proxy")
    parser.add_argument("dist")
    parser.add_argument("page")
    parser.add_argument("--min", type=float, default=30.0, help="shortest task listed, ms")
    parser.add_argument("--window", help="LO-HI: list this part of the timeline in detail")
    parser.add_argument("--flag", action="append", default=[], help="extra Chromium flag")
    args = parser.parse_args()
    path, ready = PAGES.get(args.page, (args.page, "document.readyState === 'complete'"))
    events = trace(os.path.abspath(args.proxy), os.path.abspath(args.dist), path, ready,
                   args.flag)

    starts = [e for e in events if e.get("name") == "navigationStart"
              and path.split("#")[0].split("?")[0] in json.dumps(e.get("args", {}))]
    t0 = (starts or [e for e in events if e.get("name") == "navigationStart"])[0]["ts"]
    threads = collections.Counter((e["pid"], e["tid"]) for e in events
                                  if e.get("name") in ("FunctionCall", "EvaluateScript"))
    main_thread = threads.most_common(1)[0][0]
    spans = sorted((e for e in events if (e["pid"], e["tid"]) == main_thread
                    and e.get("ph") == "X" and "dur" in e), key=lambda e: e["ts"])
    ms = lambda ts: (ts - t0) / 1000  # noqa: E731

    print(f"main-thread tasks of {args.min:.0f} ms or more ({' '.join(args.flag) or 'no extra flags'})")
    for task in (e for e in spans if e["name"] in TASKS and e["dur"] >= args.min * 1000):
        end = task["ts"] + task["dur"]
        inside = [e for e in spans if task["ts"] <= e["ts"] < end and e["name"] not in TASKS]
        kinds = collections.Counter()
        named = collections.Counter()
        for e in inside:
            kinds[e["name"]] += e["dur"]
            if e["name"] in NAMED:
                named[f"{e['name']} {detail(e)}".strip()] += e["dur"]
        print(f"{ms(task['ts']):7.0f} ms  {task['dur'] / 1000:5.0f} ms  "
              + ", ".join(f"{k} {v / 1000:.0f}" for k, v in kinds.most_common(6)))
        if named:
            print(" " * 20 + "; ".join(f"{k}: {v / 1000:.0f}" for k, v in named.most_common(3)))

    if args.window:
        lo, hi = map(float, args.window.split("-"))
        rows = []
        for e in events:
            at = ms(e.get("ts", t0))
            if not lo <= at <= hi:
                continue
            name = e.get("name")
            mine = (e.get("pid"), e.get("tid")) == main_thread and e.get("ph") == "X"
            if name in ("ResourceSendRequest", "ResourceFinish"):
                data = e.get("args", {}).get("data", {})
                rows.append((at, f"{name} {data.get('url', '')[-60:] or data.get('requestId', '')}"))
            elif mine and e.get("dur", 0) >= 3000 and name in TASKS:
                rows.append((at, f"task {e['dur'] / 1000:.0f} ms"))
            elif mine and e.get("dur", 0) >= 3000 and name in NAMED + ("RunMicrotasks", "Paint"):
                rows.append((at, f"    {name} {e['dur'] / 1000:.0f} ms {detail(e)}"))
        print(f"\ntimeline {lo:.0f}-{hi:.0f} ms")
        for at, row in sorted(rows):
            print(f"{at:7.1f}  {row}")


if __name__ == "__main__":
    main()
