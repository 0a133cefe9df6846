"""The measurement scripts that train variants of the shipped models check their own replay against Keras;
these tests hold that check to its word (it runs in a child process: the script patches modules in place)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

CHILD = """
import json, sys
sys.path.insert(0, "scripts")
import numpy as np
import bidirectional_trial as b
from seq2seq import decode, trace
b.patch()
out = {cell: b.check(cell) for cell in ("gru", "lstm")}
real = b.encode

def halves_swapped(w, ids, intervention=None):  # a plausible slip: the backward half where the forward one goes
    run = real(w, ids, intervention)
    u = run.memory.shape[1] // 2
    memory = np.concatenate([run.memory[:, u:], run.memory[:, :u]], axis=1)
    return trace.EncoderRun(run.layers, memory, run.final)

trace.encode = decode.encode = halves_swapped
out["swapped"] = b.check("gru")
print(json.dumps(out))
"""


@pytest.mark.slow
def test_the_bidirectional_trial_replays_keras_and_its_check_sees_a_slip():
    run = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    worst = json.loads(run.stdout.strip().splitlines()[-1])
    assert worst["gru"] <= 1e-5 and worst["lstm"] <= 1e-5, worst
    assert worst["swapped"] > 1e-3, worst
