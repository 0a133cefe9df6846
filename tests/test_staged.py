"""Runs waiting in ``staged/<task>/`` to replace a task's shipped checkpoints all together: each a finished run
of the task's next recipe in ``scripts/train_all.sh`` (``ENKO_NEXT``), complete and within the time budget, so
that ``scripts/ship.sh`` can ship them as they are."""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
from pathlib import Path

import pytest

from .conftest import ROOT

RECIPE = (ROOT / "scripts" / "train_all.sh").read_text()
STAGED = ROOT / "staged"
INFERENCE_FILES = ("config.json", "history.json", "metrics.json", "train_state.json", "model.keras", "src.model")


def recipe_args(variable: str, recipe: str = RECIPE) -> str:
    """The flags a recipe variable of train_all.sh holds (line continuations joined, ENKO_EXTRA empty)."""
    found = re.search(rf'^{variable}="(.*?)"', recipe, re.M | re.S)
    assert found, f"no {variable} in scripts/train_all.sh"
    return found.group(1).replace("\\\n", " ").replace("${ENKO_EXTRA:-}", "")


def train_config(flags: str, name: str) -> dict:
    """The ``train`` part of config.json a run of these flags records, as ``seq2seq.train`` builds it."""
    from seq2seq.config import TrainConfig
    from seq2seq.train import parse_args

    args = parse_args([*shlex.split(flags), "--name", name])
    fields = [f.name for f in dataclasses.fields(TrainConfig) if f.name != "extra"]
    return dataclasses.asdict(TrainConfig(**{f: getattr(args, f) for f in fields}))


def finished_runs(task_folder: Path) -> list[Path]:
    """Finished runs only: an unfinished one (a training under way here) is never committed."""
    runs = []
    for folder in sorted(p for p in task_folder.iterdir() if p.is_dir() and not p.name.endswith(".snapshots")):
        state = json.loads((folder / "train_state.json").read_text())
        if state.get("finished"):
            runs.append(folder)
    return runs


STAGED_RUNS = finished_runs(STAGED / "en-ko") if (STAGED / "en-ko").is_dir() else []


def test_the_next_recipe_differs_from_the_shipped_one_only_in_what_staged_readme_says():
    shipped, nxt = train_config(recipe_args("ENKO"), "x"), train_config(recipe_args("ENKO_NEXT"), "x")
    changed = {k: (shipped[k], nxt[k]) for k in shipped if shipped[k] != nxt[k]}
    assert changed == {
        "everyday_repeat": (4, 3),
        "everyday_typed": (0, 1),
        "patience": (3, 4),
        "lr_decay": (0.5, 0.7),
    }
    assert "--max-seconds 2520" in recipe_args("ENKO_NEXT")  # the same 42 minutes


@pytest.mark.parametrize("folder", STAGED_RUNS, ids=lambda p: p.name)
def test_a_staged_run_is_a_finished_run_of_the_next_recipe_ready_to_ship(folder):
    for f in (*INFERENCE_FILES, "tgt.model"):
        assert (folder / f).is_file(), f
    assert not (folder / "resume.keras").exists()
    assert (folder / "model.keras").stat().st_size < 10e6
    state = json.loads((folder / "train_state.json").read_text())
    assert state["seconds"] <= 45 * 60, "trained past the budget (another machine, or beside other work)"
    saved = json.loads((folder / "config.json").read_text())
    assert saved["train"] == {**train_config(recipe_args("ENKO_NEXT"), folder.name), "extra": saved["train"]["extra"]}
    line = re.search(rf"^\s*run {re.escape(folder.name)}\s+\$ENKO_NEXT (.*)$", RECIPE, re.M)
    assert line, f"{folder.name} has no en-ko-next line in scripts/train_all.sh"
    model = saved["model"]
    assert f"--cell {model['cell']}" in line.group(1)
    assert ("--attention" in line.group(1)) == model["attention"]
    assert ("--bidirectional" in line.group(1)) == model.get("bidirectional", False)
    assert json.loads((folder / "metrics.json").read_text())["split"] == "test"
