"""Shared pieces of the bench scripts (Python 3 standard library only).

- ``Proxy``: starts cmp-proxy (embedded simulator, a given dist dir, any other ``CMP_*``
  settings) on a free loopback port with a known admin token, and stops it.
- ``Browser``: a minimal W3C WebDriver client for chromedriver: one fresh headless Chromium
  profile per session (a cold load), navigate, execute script, quit, profile removed.
- ``median``/``fmt_ms``: the summaries the RESULTS tables use.
"""

import hashlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

CHROME_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,900",
]

HEAVY_DEVICE = "89852202310161621658"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=60.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


class Proxy:
    """cmp-proxy with the embedded simulator, serving ``dist``, on a free port."""

    def __init__(self, binary, dist, settings=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = f"bench-admin-{self.port}"
        self.work = tempfile.mkdtemp(prefix="cmp-bench-")
        tokens = os.path.join(self.work, "tokens.toml")
        digest = hashlib.sha256(self.token.encode()).hexdigest()
        with open(tokens, "w") as f:
            f.write(f'[[token]]\nname = "bench"\nrole = "admin"\nsha256 = "{digest}"\n')
        env = dict(os.environ, CMP_LISTEN=f"127.0.0.1:{self.port}", CMP_DIST_DIR=dist,
                   CMP_TOKENS_FILE=tokens, CMP_DATA_DIR=os.path.join(self.work, "data"),
                   RUST_LOG="warn", **(settings or {}))
        self.log = open(os.path.join(self.work, "proxy.log"), "w")
        self.proc = subprocess.Popen([binary], env=env, stdout=self.log, stderr=self.log)
        wait_http(self.base + "/healthz")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Chromedriver:
    """One chromedriver process for the whole run."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(["chromedriver", f"--port={self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(self.url + "/status", 20)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _call(method, url, body=None, timeout=120):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read() or b"{}").get("value")
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"WebDriver {method} {url}: {e.read().decode()[:400]}") from e


class Browser:
    """A WebDriver session on a fresh Chromium profile; the profile is deleted on quit."""

    def __init__(self, driver, extra_flags=()):
        self.profile = tempfile.mkdtemp(prefix="cmp-bench-chrome-")
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"args": CHROME_FLAGS + [f"--user-data-dir={self.profile}"]
                                   + list(extra_flags)},
        }}}
        value = _call("POST", driver.url + "/session", caps)
        self.session = f"{driver.url}/session/{value['sessionId']}"
        _call("POST", self.session + "/timeouts", {"script": 120000, "pageLoad": 60000})

    def get(self, url):
        _call("POST", self.session + "/url", {"url": url})

    def js(self, script, *args):
        return _call("POST", self.session + "/execute/sync", {"script": script, "args": list(args)})

    def js_async(self, script, *args):
        return _call("POST", self.session + "/execute/async", {"script": script, "args": list(args)})

    def wait_js(self, expression, timeout=60.0, poll=0.05):
        """Polls ``return (expression)`` until it is truthy; returns its value."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.js(f"return ({expression});")
            if value:
                return value
            time.sleep(poll)
        raise RuntimeError(f"timed out waiting for {expression}")

    def quit(self):
        try:
            _call("DELETE", self.session)
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.quit()


def median(values):
    return statistics.median(values) if values else float("nan")


def fmt_ms(values):
    """'median (min–max)' in ms, for the RESULTS tables; runs without the figure are counted."""
    missing = sum(v is None for v in values)
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    note = f", {missing} run(s) without it" if missing else ""
    return f"{median(values):.0f} ms ({min(values):.0f}–{max(values):.0f}{note})"
