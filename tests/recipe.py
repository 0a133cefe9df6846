"""What ``scripts/train_all.sh`` asks for: a checkpoint's line (``run NAME $RECIPE flags``) read into the model
and training configs ``seq2seq.train`` would record, to compare with a checkpoint's config.json."""

from __future__ import annotations

import dataclasses
import re
import shlex

from .conftest import ROOT

RECIPE = (ROOT / "scripts" / "train_all.sh").read_text()


def recipe_args(variable: str, recipe: str = RECIPE) -> str:
    """The flags a recipe variable of train_all.sh holds (line continuations joined, ENKO_EXTRA empty)."""
    found = re.search(rf'^{variable}="(.*?)"', recipe, re.M | re.S)
    assert found, f"no {variable} in scripts/train_all.sh"
    return found.group(1).replace("\\\n", " ").replace("${ENKO_EXTRA:-}", "")


def run_line(name: str, variable: str = r"\w+", recipe: str = RECIPE) -> tuple[str, str] | None:
    """(recipe variable, the line's own flags) of the first ``run NAME $VARIABLE …`` line, or None."""
    found = re.search(rf"^\s*run {re.escape(name)}\s+\$({variable})\s+(.*)$", recipe, re.M)
    return (found.group(1), found.group(2)) if found else None


def train_config(flags: str) -> dict:
    """The ``train`` part of config.json a run of these flags records, as ``seq2seq.train`` builds it."""
    from seq2seq.config import TrainConfig
    from seq2seq.train import parse_args

    args = parse_args([*shlex.split(flags), "--name", "x"])
    fields = [f.name for f in dataclasses.fields(TrainConfig) if f.name != "extra"]
    return dataclasses.asdict(TrainConfig(**{f: getattr(args, f) for f in fields}))


def configs(name: str, saved: dict, variable: str = r"\w+") -> tuple[dict, dict]:
    """({"model": …, "train": …} the line of ``name`` in train_all.sh asks for, the same two of ``saved``, a
    config.json, read as ``seq2seq.load`` reads it: fields added since filled with their defaults). The
    vocabulary sizes are the tokenizers' own, so they are taken from ``saved``."""
    from seq2seq.config import ModelConfig, TrainConfig
    from seq2seq.train import config_from_args, parse_args

    line = run_line(name, variable)
    assert line, f"{name} has no line in scripts/train_all.sh"
    flags = f"{recipe_args(line[0])} {line[1]}"
    model = ModelConfig.from_dict(saved["model"])
    args = parse_args([*shlex.split(flags), "--name", name])
    asked = config_from_args(args, model.src_vocab_size, model.tgt_vocab_size)
    train = dataclasses.asdict(TrainConfig(**saved["train"]))
    return (
        {"model": dataclasses.asdict(asked), "train": {**train_config(flags), "extra": train["extra"]}},
        {"model": dataclasses.asdict(model), "train": train},
    )
