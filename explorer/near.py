"""The Neighbours view: nearest training sentences, state trajectories and unit search, over a checkpoint's
state index (``seq2seq.index``). Plain functions; ``app.py`` wires them. A checkpoint without an index (a live
or imported model) gets one built from a sample when its Neighbours tab opens, with progress on the page; where
that cannot be done, the view says the one command that builds it.
"""

from __future__ import annotations

import logging
import threading

import numpy as np

from seq2seq.checkpoints import CheckpointError
from seq2seq.index import IndexMissing, StateIndex, build_command
from seq2seq.index import build as build_index
from seq2seq.inputs import InputError
from seq2seq.translator import LazySeq2Seq, Translation
from seq2seq.unitsearch import PATTERNS, search_translation

from . import figures, texts
from .registry import Registry
from .views import piece_text

log = logging.getLogger("seq2seq.app")
CLOUD_POINTS = 2500  # training states drawn under a trajectory (the index holds up to 20,000)
ON_DEMAND_PAIRS = 4000  # an index built from the page samples this many training pairs (seconds, not minutes)
_CACHE: dict[str, tuple[float, StateIndex]] = {}
_LOCK = threading.Lock()
_BUILDING: dict[str, threading.Lock] = {}  # one build per folder at a time: a second caller waits for the first
_FAILED: set[str] = set()  # folders whose build failed: not tried again on every view


def forget(folder) -> None:
    """Drop what is kept for a checkpoint folder (its loaded index, its build lock): a live model was dropped."""
    with _LOCK:
        _CACHE.pop(str(folder), None)
        _BUILDING.pop(str(folder), None)
        _FAILED.discard(str(folder))


def build_on_demand(reg: Registry, name: str, progress=None) -> None:
    """Build ``name``'s state index into its folder from a sample of ``ON_DEMAND_PAIRS`` training pairs (a live
    or imported model, or a checkpoint whose index was removed); ``progress(done, total)`` after every batch.
    ``InputError`` (the command that builds it by hand) when its training data or its folder cannot be used."""
    model = reg.get(name)
    folder = model.folder
    with _LOCK:
        lock = _BUILDING.setdefault(str(folder), threading.Lock())
    with lock:
        if (folder / "index.json").exists():  # built by the caller this one waited for
            return
        if str(folder) in _FAILED or not folder.is_dir():
            raise _missing(name)
        try:  # the model already loaded, not a second copy from disk
            loaded = model.model() if isinstance(model, LazySeq2Seq) else model
            build_index(loaded, max_pairs=ON_DEMAND_PAIRS, data_dir=reg.data_dir, progress=progress)
        except (OSError, ValueError, CheckpointError) as e:
            log.warning("building the state index of %s failed: %s", name, e)
            _FAILED.add(str(folder))
            raise _missing(name) from None
        log.info("built the state index of %s on demand", name)


def _missing(name: str) -> InputError:
    return InputError(
        f"{name} has no state index yet. Build it once (about 20 s) with: {build_command(name)}",
        key="no_index",
        params={"name": name, "command": build_command(name)},
    )


def state_index(reg: Registry, name: str, build: bool = False, progress=None) -> StateIndex:
    """The loaded index of a registered checkpoint (cached; reloaded when its files change). Without one, it is
    built first when ``build`` (see ``build_on_demand``); else ``InputError``, and when it cannot be read, too:
    the message names the command that builds it."""
    folder = reg.get(name).folder
    if build and not (folder / "index.json").exists():
        build_on_demand(reg, name, progress)
    stamp_file = folder / "index.json"
    stamp = stamp_file.stat().st_mtime if stamp_file.exists() else -1.0
    with _LOCK:
        hit = _CACHE.get(str(folder))
        if hit and hit[0] == stamp:
            return hit[1]
        try:
            index = StateIndex.load(folder)
        except IndexMissing:
            raise _missing(name) from None
        except CheckpointError as e:
            log.warning("%s", e)  # what exactly is wrong goes to the log; the page says what to do
            raise InputError(
                f"The state index of {name} cannot be read; rebuild it with: {build_command(name)}",
                key="bad_index",
                params={"name": name, "command": build_command(name)},
            ) from None
        _CACHE[str(folder)] = (stamp, index)
        return index


def sentence_rows(index: StateIndex, t: Translation, k: int) -> list[list]:
    """Table rows (similarity, source, target) of the typed sentence's nearest training sentences."""
    found = index.nearest_sentences(t.trace.encoder_final(-1, "h"), k)
    return [[f"{r['similarity']:.4f}", r["source"], r["target"]] for r in found]


def step_rows(reg: Registry, index: StateIndex, name: str, t: Translation, step: int, k: int) -> list[list]:
    """Table rows (similarity, source, reference so far → next piece) of the training decoder steps nearest
    to decoder step ``step`` of the translation."""
    step = int(np.clip(step, 0, len(t.trace.decoder_outputs) - 1))
    found = index.nearest_steps(t.trace.decoder[-1]["h"][step], reg.get(name).tgt_tokenizer.pieces, k)
    return [[f"{r['similarity']:.4f}", r["source"], f"{r['prefix']} → {piece_text(r['next'])}"] for r in found]


def _cloud_sample(n: int, points: int = CLOUD_POINTS) -> np.ndarray:
    return np.sort(np.random.default_rng(0).choice(n, min(n, points), replace=False))


def trajectory_figure(
    reg: Registry,
    name: str,
    t: Translation,
    lang: str = "en",
    title: str | None = None,
    title_px=figures.TITLE_PX,
    points: int = CLOUD_POINTS,
):
    """The sentence's encoder and decoder states as paths over the training states of the index: the encoder
    cloud coloured by source length (words), the decoder cloud by step number; hover names the training
    sentence (and, for the decoder, the piece that followed). ``points``: training states drawn per cloud."""
    index = state_index(reg, name)
    tgt_pieces = reg.get(name).tgt_tokenizer.pieces
    enc_rows = _cloud_sample(len(index.encoder_xy), points)
    lengths = np.array([len(index.pairs[i][0].split()) for i in enc_rows])
    dec_rows = _cloud_sample(len(index.decoder_xy), points)
    meta = index.decoder_meta[dec_rows]
    nxt = tgt_pieces(meta[:, 2].tolist())
    clouds = {
        "encoder": (index.encoder_xy[enc_rows], lengths, [index.pairs[i][0] for i in enc_rows]),
        "decoder": (
            index.decoder_xy[dec_rows],
            meta[:, 1],
            [f"{index.pairs[p][0]} → {piece_text(x)}" for p, x in zip(meta[:, 0], nxt, strict=True)],
        ),
    }
    tr = t.trace
    paths = {
        "encoder": (index.project("encoder", tr.encoder[-1]["h"]), [piece_text(p) for p in tr.source_pieces]),
        "decoder": (index.project("decoder", tr.decoder[-1]["h"]), [piece_text(p) for p in tr.decoder_outputs]),
    }
    colour = {"encoder": texts.t("fig_source_length", lang), "decoder": texts.t("fig_step", lang)}
    title = title or texts.t("fig_trajectory_title", lang)
    # the sentence vector, the kind of point the encoder cloud holds: h_S, or [→h_S; ←h_1] (not on the path)
    vector = index.project("encoder", tr.encoder_final(-1, "h")[None, :])[0]
    label = texts.t("fig_sentence_vector_both" if tr.bidirectional else "fig_sentence_vector", lang)
    return figures.trajectory(clouds, paths, colour, title, lang, title_px=title_px, marks={"encoder": (vector, label)})


def span_choices(t: Translation) -> list[tuple[str, int]]:
    """(label, position) of each source piece, in reading order, for the span picker."""
    return [(f"{i}: {piece_text(p)}", i) for i, p in enumerate(t.source_pieces)]


def pattern_choices(lang: str = "en") -> list[tuple[str, str]]:
    return [(texts.t(f"pattern_{p}", lang), p) for p in PATTERNS]


def unit_search_view(reg: Registry, name: str, t: Translation, pattern: str, span, lang: str = "en", top: int = 10):
    """Rank the top encoder layer's units by the pattern: (summary markdown, heatmap of the best units over the
    sentence, their numbers). Uses the index's step sample when there is one, else the sentence alone."""
    model = reg.get(name)
    try:
        index = state_index(reg, name)
    except InputError:
        index = None
    result = search_translation(model, index, t, pattern, [int(s) for s in (span or [])], top)
    units = [u for u, _ in result["units"]]
    score = texts.t("search_score_r" if pattern == "position" else "search_score_d", lang)
    where = texts.t("search_over_index" if index is not None else "search_over_sentence", lang)
    md = texts.t(
        "search_summary",
        lang,
        selected=result["selected"],
        steps=result["steps"],
        where=where,
        score=score,
        units=", ".join(f"{u} ({s:+.2f})" for u, s in result["units"][:5]),
    )
    fig = figures.unit_search_heatmap(
        t.trace.encoder[-1]["h"],
        [piece_text(p) for p in t.source_pieces],
        result["units"],
        result["sentence_mask"],
        texts.t("fig_search_title", lang, pattern=texts.t(f"pattern_{pattern}", lang)),
        lang,
        backward_from=t.trace.backward_from,
    )
    return md, fig, units
