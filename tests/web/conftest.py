"""Fixtures of the web tests: an in-process app (TestClient) and a live server (``pactlab serve``).

The live server is the real command in a subprocess, on a free port of 127.0.0.1, with its own SQLite
database holding the Kiel R29 tracker (imported with ``pactlab ledger import``) and a token created with
``pactlab serve token create``. It is shared by the browser tests of one session and stopped at the end.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pactlab.web import Settings, create_app
from pactlab.web.auth import create_token

ARTIFACTS = Path(__file__).parent / "artifacts"
KIEL = Path("ukraine") / "kiel-r29" / "data_explorer.csv"


def pactlab(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the command line in a subprocess (as a user would)."""
    return subprocess.run(
        [sys.executable, "-m", "pactlab", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def client(tmp_path: Path) -> Iterator[object]:
    """An in-process app on a fresh SQLite file whose runs stay queued (API tests without workers)."""
    from fastapi.testclient import TestClient

    app = create_app(Settings(db_url=str(tmp_path / "web.sqlite3"), start_workers=False))
    with TestClient(app) as test_client:
        test_client.token = create_token(app.state.store, "tester")  # type: ignore[attr-defined]
        yield test_client


@pytest.fixture
def worker_client(tmp_path: Path) -> Iterator[object]:
    """An in-process app with one worker process (runs execute)."""
    from fastapi.testclient import TestClient

    app = create_app(Settings(db_url=str(tmp_path / "web.sqlite3"), workers=1))
    with TestClient(app) as test_client:
        test_client.token = create_token(app.state.store, "tester")  # type: ignore[attr-defined]
        yield test_client


def wait_done(client: object, run_id: str, timeout: float = 600) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = client.get(f"/api/v1/runs/{run_id}").json()  # type: ignore[attr-defined]
        if run["state"] in ("done", "failed"):
            return run  # type: ignore[no-any-return]
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} did not finish in {timeout} s")


@dataclass
class Live:
    url: str
    token: str
    db: Path
    process: subprocess.Popen[str]


def start_server(db: Path, port: int, workers: int = 2) -> subprocess.Popen[str]:
    with open(db.with_suffix(".log"), "a") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pactlab",
                "serve",
                "--port",
                str(port),
                "--db",
                str(db),
                "--workers",
                str(workers),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )


def wait_up(url: str, process: subprocess.Popen[str], timeout: float = 180) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise AssertionError("the server did not start")


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[Live]:
    db = tmp_path_factory.mktemp("live") / "web.sqlite3"
    done = pactlab("ledger", "import", str(shared_data / KIEL), "--format", "kiel", "--db", str(db))
    assert done.returncode == 0, done.stderr
    made = pactlab("serve", "token", "create", "browser", "--db", str(db))
    assert made.returncode == 0, made.stderr
    port = free_port()
    process = start_server(db, port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_up(url, process)
        yield Live(url, made.stdout.strip(), db, process)
    finally:
        stop(process)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Debian's Chromium driven by Playwright, with a fresh user-data directory."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") or os.environ.get("PACTLAB_REQUIRE_BROWSER"):
            pytest.fail("Chromium is missing in CI (.ci/run installs the chromium package)")
        pytest.skip("Chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="session")
def shared_docs(shared_data: Path) -> Path:
    """The shared documents beside the data (the source article)."""
    return shared_data.parent / "docs"
