"""Warm the server up in the background after it starts, so no view's first open waits on a cold start.

The first saliency map of a server's life imports TensorFlow and loads a Keras model (seconds), the first
translation with a checkpoint reads its weights, the first figure of each kind loads plotly's classes and the
first map reads a state index, the first live training starts its worker process (TensorFlow again). A daemon
thread does all of it once, shortly after launch, for the checkpoint each task opens on, drawing every view once as
a visitor would, then starts the worker: the first visitor's views and the first Train find them ready. Requests
that arrive meanwhile are served as before (the thread only fills the same caches they use).
``SEQ2SEQ_WARM_UP=0`` turns it off.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from seq2seq.inputs import InputError

from . import registry, tab_views, views

log = logging.getLogger("seq2seq.app")


def warm_up(reg: registry.Registry, defaults: dict[str, str | None], delay: float = 1.0, trainer=None) -> None:
    """Read every checkpoint's weights, then draw every view (saliency included) of each task's default
    checkpoint once; then start the live trainings' worker process (``trainer.prepare``)."""
    time.sleep(delay)  # let the first page load first
    t0 = time.perf_counter()
    try:
        for name in reg.names():
            try:
                reg.get(name).translate("a")  # the weights and the replay's first run
            except InputError:  # "a" is no date: the weights are read all the same
                pass
        for task, name in defaults.items():
            if name is None:
                continue
            example = (registry.examples(task, data_dir=reg.data_dir)[1] or ["a"])[0]
            t = registry.run_translation(reg, example, name)
            views.saliency_figure(reg, name, t)  # imports TensorFlow once, loads this Keras model
            indexed = (reg.get(name).folder / "index.json").exists()
            for tab in tab_views.DRAWS:  # every view once: plotly's figure classes, the state indices, the trio
                if tab == "near" and not indexed:  # a warm-up reads indices, it does not build one
                    continue
                tab_views.draw(reg, tab, t, "h", "variance", 32, 0, 0, example, task, name, 8, 0, "en")
        if trainer is not None:
            trainer.prepare()  # the first Train does not wait for TensorFlow's import in the worker
    except Exception:  # a failed warm-up costs speed, never the server
        log.exception("warm-up failed (the views still work, their first open is slower)")
        return
    log.info("warm-up done in %.1f s", time.perf_counter() - t0)


def start(reg: registry.Registry, defaults: dict[str, str | None], trainer=None) -> threading.Thread | None:
    """Run ``warm_up`` in a daemon thread unless ``SEQ2SEQ_WARM_UP=0``."""
    if os.environ.get("SEQ2SEQ_WARM_UP", "1") == "0":
        return None
    args = (reg, defaults, 1.0, trainer)
    thread = threading.Thread(target=warm_up, args=args, name="seq2seq-warm-up", daemon=True)
    thread.start()
    return thread
