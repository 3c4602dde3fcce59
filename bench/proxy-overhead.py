"""Proxy overhead: the same read-only query mix (proxy-mix.lua) with wrk against cmp-sim
directly, through cmp-proxy (authenticates, signs, forwards) and through nginx (one worker,
proxy_pass with upstream keepalive) as the anchor, at 1 and at 32 connections. cmp-proxy runs
twice: "cmp-proxy" with its read cache off (CMP_CACHE_TTL_MS=0: pure forwarding, the fair
comparison with nginx) and "cmp-proxy (cached)" with the default cache, where the mix's four
questions repeat within the TTL and mostly never reach the simulator. Prints the median of
RUNS runs: p50/p99 latency, the latency each proxy adds over the direct p50/p99, requests
per second, the CPU each server process spent per request (user + system time over the
requests wrk completed; for nginx its worker), and the cmp-proxy / nginx throughput ratios.

With BENCH_BASELINE_PROXY set to another cmp-proxy binary (e.g. one built from main), a
"cmp-proxy (baseline)" row runs it the same way as "cmp-proxy" (cache off), interleaved with
the others, so a before/after comparison shares the machine's every slow spell.

usage: proxy-overhead.py PROXY_BIN SIM_BIN [RUNS] [SECONDS]
"""

import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from harness import free_port, wait_http  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NGINX_CONF = """
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  upstream sim {{ server 127.0.0.1:{sim_port}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://sim;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }}
  }}
}}
"""

UNIT = {"us": 1.0, "ms": 1000.0, "s": 1_000_000.0}


def micros(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    return float(m.group(1)) * UNIT[m.group(2)]


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """User + system CPU time of `pids` so far, in seconds."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            # Fields after the parenthesised command name; utime and stime are 14 and 15.
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def children(pid):
    """The processes whose parent is `pid` (nginx's worker under its master)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except OSError:
                pass
    return found


def wrk(url, conns, seconds, token, pids):
    """p50 and p99 in µs, requests per second, and CPU µs per request of `pids`."""
    before = cpu_seconds(pids)
    threads = 1 if conns == 1 else 2
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--latency", "-s",
         os.path.join(HERE, "proxy-mix.lua"), url],
        capture_output=True, text=True, env=dict(os.environ, BENCH_TOKEN=token), check=True)
    if "unexpected status" in out.stderr:
        raise RuntimeError(f"{url}: non-200 answers:\n{out.stderr[:300]}")
    p50 = micros(re.search(r"^\s+50%\s+(\S+)", out.stdout, re.M).group(1))
    p99 = micros(re.search(r"^\s+99%\s+(\S+)", out.stdout, re.M).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out.stdout).group(1))
    count = int(re.search(r"(\d+) requests in", out.stdout).group(1))
    cpu = (cpu_seconds(pids) - before) * 1_000_000 / max(count, 1)
    return p50, p99, rps, cpu


def start(args, env=None, log=None):
    return subprocess.Popen(args, env=env, stdout=log or subprocess.DEVNULL,
                            stderr=log or subprocess.DEVNULL)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def main():
    proxy_bin, sim_bin = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    seconds = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    baseline_bin = os.environ.get("BENCH_BASELINE_PROXY")
    work = tempfile.mkdtemp(prefix="cmp-bench-proxy-")
    procs = []
    try:
        sim_port, nginx_port = free_port(), free_port()
        # The simulator checks no signatures here, so the direct and nginx runs can reach it;
        # cmp-proxy still signs every request as it would for the real platform.
        sim = start([sim_bin, "--seed", "7", "--listen", f"127.0.0.1:{sim_port}"])
        procs.append(sim)
        wait_http(f"http://127.0.0.1:{sim_port}/_sim/world")
        token = "bench-overhead-token"
        tokens = os.path.join(work, "tokens.toml")
        with open(tokens, "w") as f:
            f.write('[[token]]\nname = "bench"\nrole = "viewer"\nsha256 = "'
                    + hashlib.sha256(token.encode()).hexdigest() + '"\n')
        env = dict(os.environ, CMP_UPSTREAM_URL=f"http://127.0.0.1:{sim_port}",
                   CMP_ACCESS_CODE="bench", CMP_SECRET="bench-secret", CMP_TOKENS_FILE=tokens,
                   CMP_DIST_DIR=work, RUST_LOG="warn",
                   # One token drives all the load: the per-token rate limit would answer 429.
                   CMP_RATE_LIMIT_PER_SEC="0",
                   # One thread, as nginx runs one worker here: wrk, the simulator and both
                   # proxies share two cores (the proxy's default is one thread per core).
                   CMP_WORKER_THREADS="1")
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(work=work, sim_port=sim_port, port=nginx_port))
        nginx = start(["nginx", "-c", conf, "-p", work])
        procs.append(nginx)
        wait_http(f"http://127.0.0.1:{nginx_port}/_sim/world")
        # name -> (url, the server processes whose CPU is charged to the path)
        targets = {"direct": (f"http://127.0.0.1:{sim_port}", [sim.pid]),
                   "nginx": (f"http://127.0.0.1:{nginx_port}", children(nginx.pid))}
        # Pure forwarding: the read cache off. The cached instance keeps the default TTL.
        proxies = [("cmp-proxy", proxy_bin, {"CMP_CACHE_TTL_MS": "0"})]
        if baseline_bin:
            proxies.append(("cmp-proxy (baseline)", baseline_bin, {"CMP_CACHE_TTL_MS": "0"}))
        proxies.append(("cmp-proxy (cached)", proxy_bin, {}))
        for i, (name, binary, cache) in enumerate(proxies):
            port = free_port()
            proc = start([binary], log=open(os.path.join(work, f"proxy{i}.log"), "w"),
                         env=dict(env, CMP_LISTEN=f"127.0.0.1:{port}",
                                  CMP_DATA_DIR=os.path.join(work, f"data{i}"), **cache))
            procs.append(proc)
            wait_http(f"http://127.0.0.1:{port}/healthz")
            targets[name] = (f"http://127.0.0.1:{port}", [proc.pid])
        proxy_names = [name for name, _, _ in proxies]

        results = {}
        for conns in (1, 32):
            # Runs interleave the paths, so a slow spell of the machine hits them all alike.
            samples = {name: [] for name in targets}
            for _ in range(runs):
                for name, (url, pids) in targets.items():
                    samples[name].append(wrk(url, conns, seconds, token, pids))
            for name in targets:
                results[(name, conns)] = tuple(statistics.median(s[i] for s in samples[name])
                                               for i in range(4))
        print("| connections | path | p50 | p99 | added p50 | added p99 | req/s | CPU / request |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|")
        for conns in (1, 32):
            d50, d99, _, _ = results[("direct", conns)]
            for name in targets:
                p50, p99, rps, cpu = results[(name, conns)]
                added = "" if name == "direct" else f"{p50 - d50:+.0f} µs"
                added99 = "" if name == "direct" else f"{p99 - d99:+.0f} µs"
                print(f"| {conns} | {name} | {p50:.0f} µs | {p99:.0f} µs | {added} | {added99}"
                      f" | {rps:,.0f} | {cpu:.0f} µs |")
        print("\nCPU / request: user + system time of the process answering the path (the"
              " simulator for direct, nginx's worker, cmp-proxy) over the requests wrk completed;"
              " the simulator's own share comes on top for the proxied paths.")
        for name in proxy_names:
            for conns in (1, 32):
                ratio = results[(name, conns)][2] / results[("nginx", conns)][2]
                print(f"\nThroughput {name} / nginx at {conns} connection(s): **{ratio:.2f}**")
                cpu = results[(name, conns)][3] / results[("nginx", conns)][3]
                print(f"\nCPU per request {name} / nginx at {conns} connection(s): **{cpu:.2f} ×**"
                      " (target ≤ 1.25 ×, #22)")
        n1 = results[("nginx", 1)][0] - results[("direct", 1)][0]
        for name in proxy_names:
            c1 = results[(name, 1)][0] - results[("direct", 1)][0]
            if c1 <= 0:
                print(f"\nAdded p50 at 1 connection, {name}: **{c1:+.0f} µs**, faster than the"
                      " simulator itself (answered from the cache)")
            elif n1 > 0:
                print(f"\nAdded p50 at 1 connection, {name} / nginx: **{c1 / n1:.1f} ×** (target ≤ 1.5 ×, #22)")
    finally:
        for p in reversed(procs):
            stop(p)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
