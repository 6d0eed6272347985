#!/usr/bin/env python3
"""Load on the workbench, on loopback only: 20 clients reading plans and boards and 5
solving, for a bounded time, while the server's memory is sampled.

    Scripts/load-test.py KRING_BINARY [--seconds 60] [--readers 20] [--solvers 5]

Starts its own `kring serve` on 127.0.0.1 with a fresh workspace, uploads the bundled sample
into one cohort per solver, makes a first version in each, then runs the load. Prints the
requests, errors, latency percentiles and the server's resident memory (start, peak, end,
and the trend over the second half). Exits 1 on any error. Not part of CI.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, base, token):
        self.base = base
        self.token = token

    def call(self, method, path, body=None, kind="application/json", headers=None):
        data = None
        sent = {"X-CSRF-Token": self.token, "X-Kring-Author": "load"}
        sent.update(headers or {})
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            sent["Content-Type"] = kind
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=120) as reply:
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--solvers", type=int, default=5)
    args = parser.parse_args()
    seconds = min(args.seconds, 600)

    workspace = tempfile.mkdtemp(prefix="kring-load-")
    port = free_port()
    server = subprocess.Popen(
        [os.path.abspath(args.binary), "serve", "--workspace", workspace, "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    token = json.loads(urllib.request.urlopen(base + "/api/session").read())["csrf"]
    client = Client(base, token)

    def read(path):
        with open(os.path.join(ROOT, path), "rb") as f:
            return f.read()

    cohorts = []
    for k in range(args.solvers):
        status, body = client.call("POST", "/api/cohorts", {"name": f"Load {k + 1}"})
        cohort = json.loads(body)["id"]
        client.call("PUT", f"/api/cohorts/{cohort}/config", read("Fixtures/sample/kring.yaml"), "application/yaml")
        for name in ["facilitators.csv", "rooms.csv"]:
            client.call("PUT", f"/api/cohorts/{cohort}/files/{name}", read(f"Fixtures/sample/{name}"), "text/csv")
        client.call("PUT", f"/api/cohorts/{cohort}/intake", read("Fixtures/sample-en.csv"), "text/csv",
                    {"X-File-Name": "sample-en.csv"})
        status, body = client.call("POST", f"/api/cohorts/{cohort}/plans", {})
        plan = json.loads(body)["id"]
        urllib.request.urlopen(f"{base}/api/cohorts/{cohort}/plans/{plan}/events", timeout=300).read()
        cohorts.append((cohort, plan))

    lock = threading.Lock()
    latencies = {"read": [], "solve": []}
    errors = []
    counts = {"read": 0, "solve": 0}
    stop = time.time() + seconds
    memory = []

    def record(kind, started, status, path):
        with lock:
            counts[kind] += 1
            latencies[kind].append(time.time() - started)
            if status >= 400:
                errors.append((status, path))

    def reader(k):
        cohort, plan = cohorts[k % len(cohorts)]
        paths = [f"/api/cohorts/{cohort}/plans/{plan}", f"/cohorts/{cohort}/plans/{plan}",
                 f"/api/cohorts/{cohort}/plans", f"/cohorts/{cohort}"]
        n = 0
        while time.time() < stop:
            path = paths[n % len(paths)]
            n += 1
            started = time.time()
            status, _ = client.call("GET", path)
            record("read", started, status, path)

    def solver(k):
        cohort, plan = cohorts[k]
        while time.time() < stop:
            started = time.time()
            status, body = client.call("POST", f"/api/cohorts/{cohort}/plans", {"from": plan})
            if status != 202:
                record("solve", started, status, "POST plans")
                continue
            new = json.loads(body)["id"]
            events = urllib.request.urlopen(f"{base}/api/cohorts/{cohort}/plans/{new}/events", timeout=300).read()
            ok = b"event: done" in events
            record("solve", started, 200 if ok else 500, f"solve {new}")

    def sampler():
        while time.time() < stop:
            memory.append((time.time(), rss_kb(server.pid)))
            time.sleep(1)

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(args.readers)]
    threads += [threading.Thread(target=solver, args=(k,)) for k in range(args.solvers)]
    threads.append(threading.Thread(target=sampler))
    begin = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - begin
    server.terminate()
    server.wait(timeout=20)

    def pct(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, int(p * len(values)))] * 1000 if values else 0

    print(f"{elapsed:.0f} s, {args.readers} readers, {args.solvers} solvers on 127.0.0.1")
    for kind in ["read", "solve"]:
        v = latencies[kind]
        print(f"{kind}: {counts[kind]} requests ({counts[kind] / elapsed:.1f}/s), "
              f"p50 {pct(v, .5):.0f} ms, p95 {pct(v, .95):.0f} ms, p99 {pct(v, .99):.0f} ms, max {max(v, default=0) * 1000:.0f} ms")
    rss = [m for _, m in memory]
    if rss:
        half = rss[len(rss) // 2:]
        slope = 0.0
        if len(half) > 2:
            xs = list(range(len(half)))
            mx, my = statistics.mean(xs), statistics.mean(half)
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, half)) / sum((x - mx) ** 2 for x in xs)
        print(f"memory (RSS): start {rss[0] / 1024:.0f} MB, peak {max(rss) / 1024:.0f} MB, "
              f"end {rss[-1] / 1024:.0f} MB; second half trend {slope * 60 / 1024:+.1f} MB/min")
    print(f"errors: {len(errors)}" + (f" {errors[:5]}" if errors else ""))
    import shutil
    shutil.rmtree(workspace, ignore_errors=True)
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
