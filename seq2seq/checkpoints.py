"""Checkpoint folders: write atomically, recover, list, read config.

    checkpoints/<name>/
      model.keras            the trained Keras model (best dev loss; no optimizer state)
      config.json            {"model": ModelConfig, "train": TrainConfig, "src_tokenizer", "tgt_tokenizer"}
      src.model, tgt.model   sentencepiece models
      history.json           per-epoch train / dev loss, learning rate, seconds
      metrics.json           test scores, written by ``python -m seq2seq.evaluate``
      README.md              model card
      train_state.json       where training stands (epoch, best dev loss, finished)
      resume.keras           last epoch with optimizer state, only while training is unfinished

A folder is written whole into ``<name>.tmp-<pid>`` and swapped into place with renames, so a run killed
at any moment leaves either the previous complete folder or the new one (``recover`` finishes a swap that
was cut between its two renames).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

CHECKPOINT_DIR = Path(__file__).resolve().parent.parent / "checkpoints"
REQUIRED_FILES = ("model.keras", "config.json")


class CheckpointError(ValueError):
    """A checkpoint folder is missing, incomplete or does not match its config."""


def recover(folder: Path) -> None:
    """Finish or undo a swap interrupted between its renames; drop abandoned temporary folders."""
    folder = Path(folder)
    parent = folder.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f"{folder.name}.old-*"))
    if not folder.exists() and olds:
        olds[-1].rename(folder)  # the new folder never landed: the old one is the last complete state
        olds = olds[:-1]
    for stale in [*olds, *parent.glob(f"{folder.name}.tmp-*")]:
        shutil.rmtree(stale, ignore_errors=True)


def write_atomic(folder: Path, fill: Callable[[Path], None]) -> None:
    """Rewrite ``folder`` as one unit: copy its current files to a temporary folder, let ``fill`` write the
    new ones there, then swap it into place."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    recover(folder)
    tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    if folder.exists():
        shutil.copytree(folder, tmp)
    else:
        tmp.mkdir()
    fill(tmp)
    for f in tmp.iterdir():  # the data must be on disk before the rename makes it visible
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    old = folder.with_name(f"{folder.name}.old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    tmp.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def write_json(path: Path, obj) -> None:
    """Write JSON atomically (temporary file, then ``os.replace``)."""
    tmp = Path(f"{path}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def read_json(path: Path) -> dict:
    """Read a JSON file of a checkpoint, naming the file in any error."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CheckpointError(f"{path.parent.name}: {path.name} is missing") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise CheckpointError(f"{path.parent.name}: {path.name} is not valid JSON ({e})") from None


def is_checkpoint(folder: Path) -> bool:
    """A folder that looks like a checkpoint (it may still turn out to be broken when loaded)."""
    return folder.is_dir() and (folder / "config.json").exists() and "." not in folder.name


def list_checkpoints(root: Path = CHECKPOINT_DIR) -> list[str]:
    """Names of the checkpoint folders under ``root``, sorted."""
    root = Path(root)
    return sorted(p.name for p in root.iterdir() if is_checkpoint(p)) if root.is_dir() else []


def resolve(name_or_path: str | Path, root: Path = CHECKPOINT_DIR) -> Path:
    """A checkpoint folder from a path, or from a name under ``root``."""
    p = Path(name_or_path)
    if p.is_dir():
        return p
    if p.name == str(name_or_path) and (Path(root) / p.name).is_dir():
        return Path(root) / p.name
    raise CheckpointError(
        f"{name_or_path}: no such checkpoint folder (known: {', '.join(list_checkpoints(root)) or 'none'})"
    )
