"""The background warm-up draws every view of a task's default checkpoint once, so a class's first opens find
the weights read, plotly's figure classes loaded, the state indices of the Compare trio in memory and
TensorFlow imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer import near, tab_views, warmup
from explorer.registry import Registry


@pytest.fixture(scope="module")
def registry():
    return Registry.load_all()


def test_warm_up_draws_every_view_and_loads_the_trio_s_state_indices(registry, monkeypatch):
    drawn = []
    real = tab_views.draw

    def spy(reg, tab, *args):
        out = real(reg, tab, *args)
        drawn.append((tab, sorted(k for k, v in out.items() if v is not None and k != "message")))
        return out

    monkeypatch.setattr(tab_views, "draw", spy)
    near._CACHE.clear()
    warmup.warm_up(registry, {"dates": "dates-lstm", "en-de": None}, delay=0)
    assert [tab for tab, _ in drawn] == list(tab_views.DRAWS)
    for tab, outputs in drawn:  # each view really drew its figures (not an error, not nothing)
        assert set(tab_views.DRAWS[tab]) & set(outputs), tab
    trio = {other for _, other in registry.trio("dates", "dates-lstm") if other}
    assert trio <= {Path(folder).name for folder in near._CACHE}


@pytest.mark.slow
def test_warm_up_starts_the_live_worker_with_tensorflow_loaded_before_any_training(registry, tmp_path):
    import time

    from seq2seq.live import LiveTrainer

    trainer = LiveTrainer(root=tmp_path / "live")
    try:
        warmup.warm_up(registry, {"dates": None}, delay=0, trainer=trainer)
        pid = trainer.worker_pid()
        assert pid and not trainer.jobs
        maps = Path(f"/proc/{pid}/maps")
        t0 = time.time()
        while "tensorflow" not in maps.read_text() and time.time() - t0 < 120:
            time.sleep(0.5)
        assert "tensorflow" in maps.read_text()  # imported by the worker, with no job asked of it
    finally:
        trainer.close()
