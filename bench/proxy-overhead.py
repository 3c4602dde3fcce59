"""Proxy overhead: the same read-only query mix (proxy-mix.lua) with wrk against cmp-sim
directly, through cmp-proxy (authenticates, signs, forwards) and through nginx (one worker,
proxy_pass with upstream keepalive) as the anchor, at 1 and at 32 connections. cmp-proxy runs
twice: "cmp-proxy" with its read cache off (CMP_CACHE_TTL_MS=0: pure forwarding, the fair
comparison with nginx) and "cmp-proxy (cached)" with the default cache, where the mix's four
questions repeat within the TTL and mostly never reach the simulator. Prints the median of
RUNS runs: p50/p99 latency, the latency each proxy adds over the direct p50/p99, requests
per second, and the cmp-proxy / nginx throughput ratios.

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


def wrk(url, conns, seconds, token):
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
    return p50, p99, rps


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
    work = tempfile.mkdtemp(prefix="cmp-bench-proxy-")
    procs = []
    try:
        sim_port, proxy_port, nginx_port = free_port(), free_port(), free_port()
        cached_port = free_port()
        # The simulator checks no signatures here, so the direct and nginx runs can reach it;
        # cmp-proxy still signs every request as it would for the real platform.
        procs.append(start([sim_bin, "--seed", "7", "--listen", f"127.0.0.1:{sim_port}"]))
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
                   CMP_RATE_LIMIT_PER_SEC="0")
        # Pure forwarding: the read cache off. The cached instance keeps the default TTL.
        for port, cache, name in ((proxy_port, {"CMP_CACHE_TTL_MS": "0"}, "proxy"),
                                  (cached_port, {}, "cached")):
            procs.append(start([proxy_bin], log=open(os.path.join(work, f"{name}.log"), "w"),
                               env=dict(env, CMP_LISTEN=f"127.0.0.1:{port}",
                                        CMP_DATA_DIR=os.path.join(work, f"data-{name}"),
                                        **cache)))
            wait_http(f"http://127.0.0.1:{port}/healthz")
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(work=work, sim_port=sim_port, port=nginx_port))
        procs.append(start(["nginx", "-c", conf, "-p", work]))
        wait_http(f"http://127.0.0.1:{nginx_port}/_sim/world")

        targets = {"direct": f"http://127.0.0.1:{sim_port}",
                   "nginx": f"http://127.0.0.1:{nginx_port}",
                   "cmp-proxy": f"http://127.0.0.1:{proxy_port}",
                   "cmp-proxy (cached)": f"http://127.0.0.1:{cached_port}"}
        results = {}
        for conns in (1, 32):
            # Runs interleave the paths, so a slow spell of the machine hits them all alike.
            samples = {name: [] for name in targets}
            for _ in range(runs):
                for name, url in targets.items():
                    samples[name].append(wrk(url, conns, seconds, token))
            for name in targets:
                results[(name, conns)] = tuple(statistics.median(s[i] for s in samples[name])
                                               for i in range(3))
        print("| connections | path | p50 | p99 | added p50 | added p99 | req/s |")
        print("|---:|---|---:|---:|---:|---:|---:|")
        for conns in (1, 32):
            d50, d99, _ = results[("direct", conns)]
            for name in targets:
                p50, p99, rps = results[(name, conns)]
                added = "" if name == "direct" else f"{p50 - d50:+.0f} µs"
                added99 = "" if name == "direct" else f"{p99 - d99:+.0f} µs"
                print(f"| {conns} | {name} | {p50:.0f} µs | {p99:.0f} µs | {added} | {added99} | {rps:,.0f} |")
        for name in ("cmp-proxy", "cmp-proxy (cached)"):
            for conns in (1, 32):
                ratio = results[(name, conns)][2] / results[("nginx", conns)][2]
                print(f"\nThroughput {name} / nginx at {conns} connection(s): **{ratio:.2f}**")
        n1 = results[("nginx", 1)][0] - results[("direct", 1)][0]
        for name in ("cmp-proxy", "cmp-proxy (cached)"):
            c1 = results[(name, 1)][0] - results[("direct", 1)][0]
            if c1 <= 0:
                print(f"\nAdded p50 at 1 connection, {name}: **{c1:+.0f} µs**, faster than the"
                      " simulator itself (answered from the cache)")
            elif n1 > 0:
                print(f"\nAdded p50 at 1 connection, {name} / nginx: **{c1 / n1:.1f} ×** (target ≤ 3 ×)")
    finally:
        for p in reversed(procs):
            stop(p)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
