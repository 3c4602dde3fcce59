"""Instructions per forwarded request, counted by callgrind: repeatable where wall-clock and
CPU time are not (a shared machine, no hardware counters in the VM). The simulator runs
natively; each cmp-proxy binary runs under `valgrind --tool=callgrind` with its read cache off
and one runtime thread (as in proxy-overhead.py). After a warm-up the counters are zeroed,
the mix of proxy-mix.lua (a CDR page, a catalogue page, a device, an order page) is sent
REQUESTS times over CONNS keep-alive connections, and the counters are dumped: the total over
REQUESTS is the proxy's cost per request, server and upstream legs together (the simulator's
work is not counted). With CONNS > 1 the connections send in lock step (one request each,
then all answers read), so the proxy sees CONNS requests at once, as under load.

Prints one row per binary; with ANNOTATE=1 also the top functions (inclusive) of each.

usage: proxy-instructions.py SIM_BIN PROXY_BIN [PROXY_BIN...]
  env: REQUESTS (default 2000), CONNS (default 1), ANNOTATE (0/1), KEEP (a dir to keep dumps)
"""

import datetime
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import free_port, wait_http  # noqa: E402

DEVICE = "89852202310161621658"


def mix(token):
    """The four requests of proxy-mix.lua as raw HTTP/1.1 bytes."""
    today = datetime.datetime.now(datetime.timezone.utc).date()
    week_ago = today - datetime.timedelta(days=6)
    head = f"Host: bench\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n"

    def post(path, body):
        return (f"POST {path} HTTP/1.1\r\n{head}Content-Length: {len(body)}\r\n\r\n{body}").encode()

    cdr = (f"/cmp-api/sims/{DEVICE}/cdr?received_start_time={week_ago}"
           f"&received_end_by={today}&page_no=1&page_size=20")
    return [
        f"GET {cdr} HTTP/1.1\r\n{head}\r\n".encode(),
        post("/cmp-api/package/syncPackages", '{"page_no":1,"page_size":10,"version":1.0}'),
        post("/cmp-api/device/queryDevice", f'{{"device_id":"{DEVICE}"}}'),
        post("/cmp-api/package/queryOrder",
             '{"device_id":null,"order_id":null,"order_status":null,"page_no":1,"page_size":10}'),
    ]


class Conn:
    """One keep-alive connection that reads whole answers (Content-Length or chunked)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed")
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _take(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_answer(self):
        status = int(self._line().split()[1])
        length, chunked = None, False
        while True:
            line = self._line()
            if not line:
                break
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            while True:
                size = int(self._line().split(b";")[0], 16)
                self._take(size + 2) if size else self._line()
                if not size:
                    break
        else:
            self._take(length or 0)
        if status != 200:
            raise RuntimeError(f"unexpected status {status}")


def drive(port, requests, conns, token):
    reqs = mix(token)
    pool = [Conn(port) for _ in range(conns)]
    n = 0
    while n < requests:
        batch = pool[: min(conns, requests - n)]
        for i, c in enumerate(batch):
            c.sock.sendall(reqs[(n + i) % len(reqs)])
        for c in batch:
            c.read_answer()
        n += len(batch)
    for c in pool:
        c.sock.close()


def control(*args):
    subprocess.run(["callgrind_control", *args], check=True, capture_output=True)


def measure(sim_port, binary, work, index, requests, conns, annotate):
    token = "bench-instructions-token"
    tokens = os.path.join(work, "tokens.toml")
    with open(tokens, "w") as f:
        f.write('[[token]]\nname = "bench"\nrole = "viewer"\nsha256 = "'
                + hashlib.sha256(token.encode()).hexdigest() + '"\n')
    port = free_port()
    out = os.path.join(work, f"callgrind.{index}")
    env = dict(os.environ, CMP_UPSTREAM_URL=f"http://127.0.0.1:{sim_port}",
               CMP_ACCESS_CODE="bench", CMP_SECRET="bench-secret", CMP_TOKENS_FILE=tokens,
               CMP_DIST_DIR=work, RUST_LOG="warn", CMP_RATE_LIMIT_PER_SEC="0",
               CMP_WORKER_THREADS="1", CMP_CACHE_TTL_MS="0", CMP_LISTEN=f"127.0.0.1:{port}",
               CMP_DATA_DIR=os.path.join(work, f"data{index}"))
    proc = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p", binary],
        env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, f"vg{index}.log"), "w"))
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", timeout=180)
        drive(port, 200, conns, token)  # warm-up: connections, pools, lazy statics
        control("-z", str(proc.pid))
        started = time.time()
        drive(port, requests, conns, token)
        seconds = time.time() - started
        control("-d", str(proc.pid))
        time.sleep(1)
    finally:
        proc.terminate()
        proc.wait(60)
    dumps = sorted((f for f in os.listdir(work) if f.startswith(f"callgrind.{index}.")),
                   key=lambda f: os.path.getmtime(os.path.join(work, f)))
    # The explicit dump (…​.<pid>.1) holds the measured requests only.
    measured = [f for f in dumps if re.search(r"\.\d+\.1$", f)] or dumps[:1]
    path = os.path.join(work, measured[0])
    with open(path) as f:
        total = int(re.search(r"^(?:summary|totals):\s+(\d+)", f.read(), re.M).group(1))
    top = ""
    if annotate:
        top = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=99", path],
                             capture_output=True, text=True).stdout
    return total / requests, seconds, path, top


def main():
    sim_bin, proxies = sys.argv[1], sys.argv[2:]
    requests = int(os.environ.get("REQUESTS", "2000"))
    conns = int(os.environ.get("CONNS", "1"))
    annotate = os.environ.get("ANNOTATE") == "1"
    keep = os.environ.get("KEEP")
    work = tempfile.mkdtemp(prefix="cmp-bench-instr-")
    sim_port = free_port()
    sim = subprocess.Popen([sim_bin, "--seed", "7", "--listen", f"127.0.0.1:{sim_port}"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(f"http://127.0.0.1:{sim_port}/_sim/world")
        print(f"| binary | instructions / request | requests × connections | load average |")
        print("|---|---:|---:|---|")
        for i, binary in enumerate(proxies):
            per, _, path, top = measure(sim_port, binary, work, i, requests, conns, annotate)
            load = " ".join(open("/proc/loadavg").read().split()[:3])
            print(f"| {binary} | {per:,.0f} | {requests} × {conns} | {load} |", flush=True)
            if keep:
                shutil.copy(path, os.path.join(keep, f"callgrind.{i}.{conns}"))
            if top:
                print(top[:12000])
    finally:
        sim.terminate()
        sim.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
