"""Browser tests: Debian's Chromium driven by playwright against a real ``chatsignals serve``.

Each test gets its own server on a free port over a copy of one SQLite store seeded by
``chatsignals demo --no-serve`` (so tests never share state), and a fresh browser
context. Screenshots go to ``test-artifacts/screenshots/``. Without Chromium (see
``scripts/install-browser``) or the playwright package, the tests skip with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHATSIGNALS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.slow)


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (scripts/install-browser installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATSIGNALS_")}
    env.update(
        CHATSIGNALS_DATA_DIR=str(data_dir),
        CHATSIGNALS_DATABASE_URL=f"sqlite:///{data_dir / 'chatsignals.sqlite'}",
        CHATSIGNALS_RATE_LIMIT_RPS="0",
    )
    return env


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir (SQLite store and master key) seeded once by ``chatsignals demo``."""
    reason = _unavailable()
    if reason:
        pytest.skip(reason)
    data_dir = tmp_path_factory.mktemp("seeded") / "var"
    data_dir.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "chatsignals", "demo", "--no-serve", "--no-open"],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, f"chatsignals demo failed:\n{done.stdout[-2000:]}\n{done.stderr}"
    return data_dir


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A ``chatsignals serve --web-demo`` subprocess over its own copy of the store."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.extra_env = env or {}
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir / "serve.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "chatsignals", "serve", "--web-demo"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port)],
                env={**_env(self.data_dir), **self.extra_env},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer in 30 s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@pytest.fixture
def server_env() -> dict[str, str]:
    """Extra settings for the test's server (override in a test module or with a marker)."""
    return {}


@pytest.fixture
def server(seeded_store: Path, tmp_path: Path, server_env: dict[str, str]) -> Iterator[Server]:
    data_dir = tmp_path / "var"
    shutil.copytree(seeded_store, data_dir)
    srv = Server(data_dir, server_env)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def browser(seeded_store: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A desktop-sized page in a fresh context; console errors fail the test at the end."""
    context = browser.new_context(viewport=DESKTOP, base_url=server.url)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    pg.errors = errors
    yield pg
    context.close()
    assert not errors, errors


def shot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot as test-artifacts/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Sticky bars would be painted mid-page in a full-page capture.
    unstick = ".topbar, .chat-pane { position: static !important; } .toasts { display: none; }"
    page.screenshot(path=str(path), full_page=full_page, style=unstick if full_page else None)
    return path
