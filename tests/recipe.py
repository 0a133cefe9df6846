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
    from seq2seq.train import parse_args, train_config_from_args

    return dataclasses.asdict(train_config_from_args(parse_args([*shlex.split(flags), "--name", "x"])))


def as_loaded(saved: dict) -> dict:
    """A config.json with every field's default filled in (a field added after a checkpoint was trained reads as
    its default, as ``seq2seq.load`` reads it)."""
    from seq2seq.config import ModelConfig, TrainConfig

    return {
        **saved,
        "model": dataclasses.asdict(ModelConfig.from_dict(saved["model"])),
        "train": dataclasses.asdict(TrainConfig(**saved["train"])),
    }


def configs(name: str, saved: dict, variable: str = r"\w+") -> tuple[dict, dict]:
    """({"model": …, "train": …} the line of ``name`` in train_all.sh asks for, the same two of ``saved``, a
    config.json, read by ``as_loaded``). The vocabulary sizes are the tokenizers' own, so they are taken from
    ``saved``."""
    from seq2seq.train import config_from_args, parse_args

    line = run_line(name, variable)
    assert line, f"{name} has no line in scripts/train_all.sh"
    flags = f"{recipe_args(line[0])} {line[1]}"
    recorded = as_loaded(saved)
    model = recorded["model"]
    args = parse_args([*shlex.split(flags), "--name", name])
    asked = config_from_args(args, model["src_vocab_size"], model["tgt_vocab_size"])
    return (
        {"model": dataclasses.asdict(asked), "train": {**train_config(flags), "extra": recorded["train"]["extra"]}},
        {"model": model, "train": recorded["train"]},
    )
