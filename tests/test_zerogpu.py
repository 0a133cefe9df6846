"""ZeroGPU hardware, played here: the app started as a ZeroGPU Space starts it (``spaces`` importable,
``SPACES_ZERO_GPU=true``) against a fake device API on 127.0.0.1 reports its ``@spaces.GPU`` function at
start-up (without one the platform stops the Space), answers ``/translate``, and never asks for a GPU.

``spaces`` is installed with ``--no-deps`` into a folder of its own, kept between runs: it depends on an
unpinned ``gradio``, so it stays out of the app's requirements, and what it imports (httpx, pydantic,
packaging, typing_extensions) comes with Gradio.
"""

from __future__ import annotations

import http.server
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from . import devserver

SPACES = "spaces==0.51.3"


@pytest.fixture(scope="module")
def spaces_path() -> Path:
    """A folder holding ``spaces`` (and nothing else), for PYTHONPATH."""
    if importlib.util.find_spec("torch") is not None:
        pytest.skip("torch is installed: spaces then patches it, and a Space's app has no torch of its own")
    target = Path(tempfile.gettempdir()) / f"seq2seq-{SPACES.replace('==', '-')}"
    if not (target / "ok").exists():
        shutil.rmtree(target, ignore_errors=True)
        pip = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), SPACES],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if pip.returncode != 0:
            shutil.rmtree(target, ignore_errors=True)
            pytest.skip(f"cannot install {SPACES} (no package registry?): {(pip.stderr or pip.stdout)[-300:]}")
        (target / "ok").write_text("installed\n")
    return target


class DeviceAPI(http.server.BaseHTTPRequestHandler):
    """The platform's device API as ``spaces`` calls it: every request is recorded in ``server.calls``; the
    start-up report gets 200, anything else (``/schedule``, ``/allow``, ``/release``: asking for a GPU) gets
    503, which the app's visitor would see as "No GPU was available"."""

    def do_POST(self):
        path = urlsplit(self.path).path
        self.server.calls.append(f"{self.command} {path}")
        self.send_response(200 if path == "/startup-report" else 503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def device_api():
    """A fake device API on a free loopback port; yields (URL, the list of requests it received)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DeviceAPI)
    server.calls = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.calls
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_on_zerogpu_the_app_reports_its_gpu_function_and_translates_without_a_gpu(spaces_path, device_api):
    from gradio_client import Client

    url, calls = device_api
    env = {
        "SPACES_ZERO_GPU": "true",
        "SPACES_ZERO_DEVICE_API_URL": url,
        # as on a Space (Gradio then starts its reload server on 7887), with Gradio asked to put every event on
        # the GPU: the worst case, which the app turns off
        "SYSTEM": "spaces",
        "SPACE_ID": "teacher/seq2seq-explorer",
        "SPACES_GRADIO_AUTO_WRAP": "true",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(spaces_path), os.environ.get("PYTHONPATH")])),
    }
    proc, app_url, _ = devserver.start_app(env)
    try:
        assert calls == ["POST /startup-report"]  # sent at launch, before the page answers
        client = Client(app_url, verbose=False)
        for beam_size in (1, 5):
            out = client.predict("Nov 25, 2026", "dates-lstm", beam_size, api_name="/translate")
            assert out["translation"] == "2026년 11월 25일"
        assert calls == ["POST /startup-report"]  # no /schedule: no visitor's GPU quota spent
    finally:
        proc.terminate()
        proc.wait(timeout=30)
