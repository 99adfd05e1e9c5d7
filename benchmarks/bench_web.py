"""Load on ``pactlab serve`` (run by hand; figures go in the report, never in a timed test).

1. Readers: ``--readers`` concurrent clients read the page of a finished (cached) run for ``--duration``
   seconds: requests per second, p50/p99 latency, errors (a non-200 answer or a failed request).
2. Jobs: ``--jobs`` deterrence runs (distinct seeds) submitted at once: all must finish, none be lost.
3. Memory: resident set of the server process, and of the server with its worker processes, at rest and
   at the peak under each load (sampled every 0.25 s from /proc).

Everything runs on 127.0.0.1: the script starts ``pactlab serve`` on a free port with a fresh SQLite
database in a temporary folder, and stops it at the end. Example::

    nice python benchmarks/bench_web.py --readers 50 --duration 60 --jobs 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx  # the declared dev dependency (Starlette's TestClient uses it)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(server RSS, server + all descendants RSS) in KiB."""
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss_kib(current)
        todo += _children(current)
    return _rss_kib(pid), total


class Sampler:
    """Peak memory of the server (and its workers) while a load runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.peak_total, self._stop = pid, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            own, total = _memory(self.pid)
            self.peak, self.peak_total = max(self.peak, own), max(self.peak_total, total)
            time.sleep(0.25)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def _reader(client: httpx.AsyncClient, path: str, until: float, latencies: list[float],
                  errors: list[str]) -> None:
    while time.monotonic() < until:
        start = time.perf_counter()
        try:
            answer = await client.get(path)
            if answer.status_code != 200:
                errors.append(f"status {answer.status_code}")
        except httpx.HTTPError as error:
            errors.append(type(error).__name__)
        latencies.append(time.perf_counter() - start)


async def readers(url: str, path: str, n: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        until = time.monotonic() + seconds
        began = time.monotonic()
        await asyncio.gather(*(_reader(client, path, until, latencies, errors) for _ in range(n)))
        elapsed = time.monotonic() - began
    ordered = sorted(latencies)
    return {
        "requests": len(latencies), "seconds": round(elapsed, 1), "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p99_ms": round(1000 * ordered[int(0.99 * (len(ordered) - 1))], 1), "errors": len(errors),
        "error_kinds": sorted(set(errors)),
    }


def _wait(client: httpx.Client, run_id: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run: dict[str, Any] = client.get(f"/api/v1/runs/{run_id}").json()
        if run["state"] in ("done", "failed"):
            return run
        time.sleep(0.5)
    raise TimeoutError(run_id)


async def submissions(url: str, token: str, n: int, draws: int) -> list[str]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, timeout=120, headers=headers) as client:
        answers = await asyncio.gather(*(
            client.post("/api/v1/runs/deter", json={"scenario": "vilnius-2023", "draws": draws, "seed": 100 + i})
            for i in range(n)))
    assert all(a.status_code == 202 for a in answers), [a.text for a in answers]
    return [a.json()["id"] for a in answers]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--jobs", type=int, default=10)
    parser.add_argument("--draws", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pactlab-bench-web-"))
    db = folder / "web.sqlite3"
    pactlab = [sys.executable, "-m", "pactlab"]
    token = subprocess.run([*pactlab, "serve", "token", "create", "bench", "--db", str(db)], check=True,
                           capture_output=True, text=True).stdout.strip()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(folder / "server.log", "w")  # noqa: SIM115 - closed at the end
    server = subprocess.Popen([*pactlab, "serve", "--port", str(port), "--db", str(db), "--workers",
                               str(args.workers)], stdout=log, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=url, timeout=60) as client:
            for _ in range(240):
                try:
                    if client.get("/api/v1/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            first = client.post("/api/v1/runs/deter", json={"scenario": "vilnius-2023", "draws": args.draws},
                                headers={"Authorization": f"Bearer {token}"}).json()
            done = _wait(client, first["id"], 900)
            assert done["state"] == "done", done
            page = f"/runs/{first['id']}"
            assert client.get(page).status_code == 200
            time.sleep(2)
            rest = _memory(server.pid)
            print(f"load average before: {open('/proc/loadavg').read().strip()}")
            print(f"memory at rest: server {rest[0] / 1024:.0f} MiB, with workers {rest[1] / 1024:.0f} MiB")
            with Sampler(server.pid) as sampled:
                figures = asyncio.run(readers(url, page, args.readers, args.duration))
            print(f"readers: {args.readers} for {args.duration:.0f} s on {page}: {figures}")
            print(f"memory under readers (peak): server {sampled.peak / 1024:.0f} MiB, "
                  f"with workers {sampled.peak_total / 1024:.0f} MiB; load average {open('/proc/loadavg').read().strip()}")
            began = time.monotonic()
            with Sampler(server.pid) as sampled:
                ids = asyncio.run(submissions(url, token, args.jobs, args.draws))
                runs = [_wait(client, run_id, 3600) for run_id in ids]
            states = [r["state"] for r in runs]
            listed = client.get("/api/v1/runs?kind=deter&limit=500").json()["total"]
            print(f"jobs: {args.jobs} submitted at once, {states.count('done')} done, {states.count('failed')} "
                  f"failed, {len(set(ids))} distinct ids, {listed} deter runs listed (incl. the first), "
                  f"all finished in {time.monotonic() - began:.0f} s")
            print(f"memory under jobs (peak): server {sampled.peak / 1024:.0f} MiB, with workers "
                  f"{sampled.peak_total / 1024:.0f} MiB; load average {open('/proc/loadavg').read().strip()}")
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    print(f"server log: {folder / 'server.log'} (pid {server.pid}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
