"""Start the app on a free loopback port and wait until it answers (shared by tests, benchmarks, scripts)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium: never a downloaded browser
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env_extra: dict | None = None, timeout: float = 180) -> tuple[subprocess.Popen, str, float]:
    """Run ``python app.py`` on a free port; return (process, URL, perf_counter() at launch).

    The server's output goes to a temporary log file (a pipe nobody reads could fill and stall it); it is
    quoted in the error when the app exits or does not answer within ``timeout`` seconds.
    """
    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False", **(env_extra or {})}
    log = tempfile.NamedTemporaryFile("w+", prefix="seq2seq-app-", suffix=".log", delete=False)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            break
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url, t0
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the app did not start: {Path(log.name).read_text()[-3000:]}")
