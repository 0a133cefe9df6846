"""Checkpoint folders: write atomically, recover, list, read config.

    checkpoints/<name>/
      model.keras            the trained Keras model (best dev loss; no optimizer state)
      config.json            {"model": ModelConfig, "train": TrainConfig, "src_tokenizer", "tgt_tokenizer"}
      src.model, tgt.model   sentencepiece models
      history.json           per-epoch train / dev loss, learning rate, seconds
      metrics.json           test scores, written by ``python -m seq2seq.evaluate``
      README.md              model card
      train_state.json       where training stands (epoch, best dev loss, finished; dropout seed states until then)
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


class CheckpointError(ValueError):
    """A checkpoint folder is missing, incomplete or does not match its config."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(folder: Path, kind: str) -> list[Path]:
    """``<name>.tmp-<pid>`` / ``<name>.old-<pid>`` folders whose writing process is gone (not this one)."""
    out = []
    for p in sorted(folder.parent.glob(f"{folder.name}.{kind}-*")):
        pid = p.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            out.append(p)
    return out


def recover(folder: Path) -> None:
    """For the writer, before it writes: finish a swap that a killed writer left between its two renames,
    and drop the temporary folders killed writers left behind. Folders of a live writer are left alone.
    Readers never call this: they only read (``readable``)."""
    folder = Path(folder)
    if not folder.parent.is_dir():
        return
    olds = _leftovers(folder, "old")
    if not folder.exists() and olds:
        olds.pop().rename(folder)  # the new folder never landed: the old one is the last complete state
    for stale in [*olds, *_leftovers(folder, "tmp")]:
        shutil.rmtree(stale, ignore_errors=True)


def checkpoint_name(folder: Path) -> str:
    """The checkpoint's name, also when it is read from its previous version (``<name>.old-<pid>``)."""
    return Path(folder).name.split(".old-")[0]


def readable(folder: Path) -> Path:
    """The folder to read a checkpoint from: itself, or — while a writer is between its two renames, or
    after it was killed there — the previous complete version (``<name>.old-<pid>``). Changes nothing."""
    folder = Path(folder)
    if folder.exists():
        return folder
    olds = sorted(folder.parent.glob(f"{folder.name}.old-*")) if folder.parent.is_dir() else []
    return olds[-1] if olds else folder


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


def write_description(folder: Path, model: dict, train: dict, src_model: bytes, tgt_model: bytes, history, state):
    """Write what describes a checkpoint besides its weights: the two tokenizers (``src.model``,
    ``tgt.model``; kept when already there), ``config.json`` (the ModelConfig and TrainConfig as dicts),
    ``history.json`` (one entry per epoch) and ``train_state.json``."""
    for name, proto in (("src.model", src_model), ("tgt.model", tgt_model)):
        if not (folder / name).exists():
            (folder / name).write_bytes(proto)
    config = {"model": model, "train": train, "src_tokenizer": "src.model", "tgt_tokenizer": "tgt.model"}
    write_json(folder / "config.json", config)
    write_json(folder / "history.json", {"epochs": history})
    write_json(folder / "train_state.json", state)


_REQUIRED = object()


def read_json(path: Path, default=_REQUIRED):
    """Read a JSON file of a checkpoint, naming the file in any error; a missing file gives ``default``
    when one is given (optional files: metrics, history, train state)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        if default is not _REQUIRED:
            return default
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
    """A checkpoint folder from a path, or from a name under ``root`` (mid-swap: its previous version)."""
    p = Path(name_or_path)
    candidates = [p] + ([Path(root) / p.name] if p.name == str(name_or_path) else [])
    for folder in map(readable, candidates):
        if folder.is_dir():
            return folder
    raise CheckpointError(
        f"{name_or_path}: no such checkpoint folder (known: {', '.join(list_checkpoints(root)) or 'none'})"
    )
