"""The second interpreter: where a Python 3.12 is installed (pyenv's, or python3.12 on PATH), a virtual
environment made with the README's install command loads a shipped checkpoint, translates exactly as this
interpreter does, and builds the page. The environment is kept between runs (keyed by requirements.txt)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

import seq2seq

from .conftest import ROOT

SCRIPT = """
import json, seq2seq
m = seq2seq.load("dates-lstm")
t = m.translate("Friday, July 4, 1975")
print(json.dumps({"text": t.text, "ids": t.target_ids, "h": t.trace.encoder[0]["h"].tolist()}))
"""


def python312() -> str | None:
    found = sorted(Path.home().glob(".pyenv/versions/3.12*/bin/python3.12"))
    return str(found[-1]) if found else shutil.which("python3.12")


@pytest.mark.slow
def test_python_312_installs_the_requirements_and_translates_as_this_interpreter_does():
    exe = python312()
    if exe is None or sys.version_info[:2] == (3, 12):
        pytest.skip("no second interpreter (Python 3.12) on this machine")
    key = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()[:12]
    venv = Path(tempfile.gettempdir()) / f"seq2seq-py312-{key}"
    py = venv / "bin" / "python"
    if not (venv / "ok").exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([exe, "-m", "venv", str(venv)], check=True, timeout=300)
        pip = subprocess.run(
            [str(py), "-m", "pip", "install", "-q", "-r", "requirements.txt"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1500,
        )
        if pip.returncode != 0:  # no registry, no wheel for this platform: nothing to prove here
            shutil.rmtree(venv, ignore_errors=True)
            pytest.skip(f"cannot build the 3.12 environment: {(pip.stderr or pip.stdout)[-300:]}")
        (venv / "ok").write_text("installed\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([str(py), "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    theirs = json.loads(out.stdout.strip().splitlines()[-1])
    ours = seq2seq.load("dates-lstm").translate("Friday, July 4, 1975")
    assert theirs["text"] == ours.text and theirs["ids"] == ours.target_ids
    assert np.abs(np.array(theirs["h"]) - ours.trace.encoder[0]["h"]).max() <= 1e-5
    page = subprocess.run(
        [str(py), "-c", "import app; print(len(app.REG.models))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert page.returncode == 0 and int(page.stdout.strip().splitlines()[-1]) >= 1, page.stderr[-2000:]
