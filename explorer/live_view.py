"""The Train tab's handlers (by name, see ``explorer.wiring``): train one small dates model (or race the three
cells) in the server's queue and stream what happens; stop it. The pictures are ``explorer.training``'s."""

from __future__ import annotations

from collections.abc import Iterator

import gradio as gr

from seq2seq.cells import CELLS
from seq2seq.live import LiveSpec, LiveTrainer

from . import page, texts, training
from .registry import Registry

LIVE_TASK = "dates"  # what live models learn


def train(
    reg: Registry,
    trainer: LiveTrainer,
    cell: str,
    units: float,
    attention: bool,
    reverse: bool,
    bidirectional: bool,
    seconds: float,
    probe: str,
    live: list[str] | None,
    lang: str = "en",
    race: bool = False,
    request: gr.Request | None = None,
) -> Iterator[dict]:
    """Train ``cell`` (or, with ``race``, every cell in turn) in the server's queue and stream its status, curve
        and probe heatmap; the page's loop keeps the job alive (a closed page stops it). Each finished model joins
        this page's checkpoint picker (``live``), picked, with the page moved to the dates task. A page has one job
    queued or running at a time (``request``'s session owns it)."""
    owner = getattr(request, "session_hash", None) or ""
    specs = [
        LiveSpec.checked(c, units, attention, reverse, seconds, bidirectional)
        for c in (list(CELLS) if race else [cell])
    ]
    names, jobs = list(live or []), []
    try:
        for i, spec in enumerate(specs):
            job = trainer.submit(spec, probe, owner=owner)
            jobs.append(job)
            part = texts.t("live_race_part", lang, i=i + 1) if len(specs) > 1 else ""
            yield {"job": job.name}
            epochs_drawn = -1
            while True:
                job.seen()
                done = job.wait(1.0)
                out = {"status": training.status_html(job, lang, part)}
                if len(job.history) != epochs_drawn:  # redraw the figures only when an epoch has finished
                    epochs_drawn = len(job.history)
                    out["curve"] = training.race(jobs, lang) if len(specs) > 1 else training.curve(job, lang)
                    out["heatmap"] = training.probe_heatmap(job, lang)
                yield out
                if done:
                    break
            if job.folder is not None:
                names.append(job.name)
                # the page moves to the dates task with the new model picked: task, note, examples and
                # checkpoint list agree
                picked = gr.Dropdown(choices=reg.choices(LIVE_TASK, lang, names), value=job.name)
                yield {
                    **page.task_view(reg, LIVE_TASK, names, lang),
                    "live": names,
                    "task": LIVE_TASK,
                    "checkpoint": picked,
                }
            if job.state == "stopped":
                break
    finally:
        for job in jobs:  # the page went away or the handler failed: do not train for nobody
            if not job.done:
                job.stop()


def watch(trainer: LiveTrainer, lang: str = "en") -> Iterator[dict]:
    """Follow the training that runs now — the teacher's, say — without owning it: the whole class watches one
    job instead of queueing thirty. Closing the page stops the watching, never the training."""
    job = trainer.running()
    if job is None:
        yield {"status": texts.t("live_nothing", lang)}
        return
    epochs_drawn = -1
    while True:
        done = job.wait(1.0)
        out = {"status": training.status_html(job, lang, texts.t("live_watching", lang, name=job.name))}
        if len(job.history) != epochs_drawn:
            epochs_drawn = len(job.history)
            out["curve"], out["heatmap"] = training.curve(job, lang), training.probe_heatmap(job, lang)
        yield out
        if done:
            return


def stop(trainer: LiveTrainer, job: str | None) -> dict:
    """Stop this page's training (``job``: its name)."""
    running = trainer.jobs.get(job) if isinstance(job, str) else None
    if running is not None:
        running.stop()
    return {}
