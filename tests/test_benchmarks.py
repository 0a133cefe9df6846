"""The benchmark runs end to end (its --quick mode); speed targets are checked by the benchmark, not here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_benchmark_quick_mode_runs_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["library"]["translate_greedy_ms"]["p50"] > 0
    assert result["app"]["load"]["5"]["errors"] == 0 and result["app"]["load_no_tls"]["5"]["errors"] == 0
    app = result["app"]
    assert app["request_translate_queue_ms"]["p50"] > 0 and app["client_floor_ms"]["no_tls"]["p50"] > 0
    assert app["request_translate_call_route_ms"]["p50"] > 0
    own = app["load_page_client_own_sentences"]["5"]
    assert own["errors"] == 0 and own["sentences"] == 25 and own["server_cpu_ms_per_request"] > 0
    assert app["load_page_client"]["5"]["sentences"] == 1
    live = app["live"]["class_own_sentences_during_training"]
    assert live["errors"] == 0 and live["ok"] == 25 and live["client_cpu_ms_per_request"] > 0
    during = app["live"]["class_during_training"]  # the class's load met a training that was still running
    assert during["ok"] == during["requests"] == 25 and during["errors"] == 0 and during["training_still_running"]
    assert result["training"]["bucketed"]["target_pieces_per_s"] > 0
    assert "| translate + full trace, greedy |" in proc.stdout
