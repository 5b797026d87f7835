"""Opening the web app in the person's browser once the server answers."""

from __future__ import annotations

import threading
import time
import urllib.request
import webbrowser


def open_when_up(url: str, timeout_s: float = 30.0) -> threading.Thread:
    """In the background: wait for ``url`` to answer, then open it (no-op without a browser)."""

    def wait_and_open() -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}healthz", timeout=2):
                    webbrowser.open(url)
                    return
            except OSError:
                time.sleep(0.3)

    thread = threading.Thread(target=wait_and_open, name="open-browser", daemon=True)
    thread.start()
    return thread
