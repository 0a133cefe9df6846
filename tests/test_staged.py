"""Runs waiting in ``staged/<task>/`` to replace a task's shipped checkpoints all together: each a finished run
of the task's next recipe in ``scripts/train_all.sh`` (``ENKO_NEXT``), complete and within the time budget, so
that ``scripts/ship.sh`` can ship them as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT
from .recipe import configs, recipe_args, train_config

STAGED = ROOT / "staged"
# what scripts/ship.sh copies into checkpoints/
SHIPPED_FILES = (
    "config.json",
    "history.json",
    "metrics.json",
    "train_state.json",
    "model.keras",
    "src.model",
    "tgt.model",
)


def staged_runs(task_folder: Path) -> list[Path]:
    """The run folders under ``task_folder`` (never a ``.tmp-``/``.old-`` folder of a save under way)."""
    from seq2seq.checkpoints import list_checkpoints

    return [task_folder / name for name in list_checkpoints(task_folder)]


RUNS = staged_runs(STAGED / "en-ko")
BUDGET = 2520  # --max-seconds of ENKO_NEXT: no epoch starts after it is passed
# The slowest median epoch of the shipped English→Korean histories (en-ko-lstm and en-ko-lstm-attn: 148 s), with
# room: a run whose epochs take longer got fewer of them in the budget than the shipped ones had.
SLOWEST_EPOCH = 160


def test_the_next_recipe_differs_from_the_shipped_one_only_in_what_staged_readme_says():
    shipped, nxt = train_config(recipe_args("ENKO")), train_config(recipe_args("ENKO_NEXT"))
    changed = {k: (shipped[k], nxt[k]) for k in shipped if shipped[k] != nxt[k]}
    assert changed == {
        "everyday_repeat": (4, 3),
        "everyday_typed": (0, 1),
        "patience": (3, 4),
        "lr_decay": (0.5, 0.7),
    }
    assert f"--max-seconds {BUDGET}" in recipe_args("ENKO_NEXT")  # the same 42 minutes


@pytest.mark.parametrize("folder", RUNS, ids=lambda p: p.name)
def test_a_staged_run_is_a_finished_run_of_the_next_recipe_ready_to_ship(folder):
    from seq2seq.checkpoints import read_json

    state = read_json(folder / "train_state.json", {})
    if not state.get("finished"):  # a training under way here has its optimizer state beside it
        assert (folder / "resume.keras").is_file(), "an unfinished run, without what resumes it"
        pytest.skip(f"{folder.name}: training under way")
    for f in SHIPPED_FILES:
        assert (folder / f).is_file(), f
    assert not (folder / "resume.keras").exists()
    assert (folder / "model.keras").stat().st_size < 10e6
    epochs = read_json(folder / "history.json")["epochs"]
    seconds = [e["seconds"] for e in epochs]
    assert [e["epoch"] for e in epochs] == list(range(1, len(epochs) + 1)) == list(range(1, state["epoch"] + 1))
    assert sum(seconds[:-1]) < BUDGET, "an epoch started after the 42-minute budget was spent"
    assert state["seconds"] <= 45 * 60, "trained for more than 45 minutes (a slower machine, or beside other work)"
    if state["seconds"] >= BUDGET:  # ended by the budget: as many epochs as the machines the shipped ones had give
        median = sorted(seconds)[len(seconds) // 2]
        assert median <= SLOWEST_EPOCH, f"epochs of {median:.0f} s: a slower machine's, or shared, fewer epochs"
    asked, recorded = configs(folder.name, read_json(folder / "config.json"), variable="ENKO_NEXT")
    assert recorded == asked
    metrics = read_json(folder / "metrics.json")
    assert metrics["split"] == "test" and {"beam1", "beam5"} <= set(metrics)
    assert {"beam1", "beam5", "typed"} <= set(metrics["everyday"])  # what the README's tables show
