"""The Train view: the status line, the learning curves and the probe date's heatmap of live trainings
(``seq2seq.live``), as plain functions of a job's record."""

from __future__ import annotations

import html
import time

import numpy as np
import plotly.graph_objects as go

from seq2seq.cells import CELLS
from seq2seq.live import Job

from . import figures, texts


def status_html(job: Job, lang: str = "en", race: str = "") -> str:
    """One line and a progress bar: the queue position, or the epoch, time left and the probe's translation."""
    t = texts.table(lang)
    sp = job.spec
    if job.state == "queued" and job.position == 0:  # next: its training process is getting ready
        line = t["live_starting"]
        share = 0.0
    elif job.state == "queued":
        line = t["live_queued"].format(n=job.position, start=f"{max(0.0, job.starts_at - time.time()):.0f}")
        share = 0.0
    elif job.state == "running":
        elapsed = _elapsed(job)
        left = max(0.0, sp.seconds - elapsed)
        last = job.history[-1] if job.history else None
        snap = job.snapshot.get("translation")
        line = t["live_running"].format(
            epoch=len(job.history),
            elapsed=f"{elapsed:.0f}",
            budget=f"{sp.seconds:.0f}",
            left=f"{left:.0f}",
            em="–" if last is None else f"{last['exact_match']:.1f}",
            probe=html.escape(job.probe),
            translation=html.escape(snap.text) if snap is not None else "…",
        )
        share = min(1.0, elapsed / sp.seconds)
    elif job.state == "failed":
        line = t["live_failed"].format(error=html.escape(job.error))
        share = 1.0
    else:
        s = job.summary()
        key = "live_done" if job.state == "done" else "live_stopped"
        em = "–" if s["exact_match"] is None else f"{s['exact_match']:.1f}"
        line = t[key].format(name=job.name, epochs=s["epochs"], em=em)
        share = 1.0
    who = f"{CELLS[sp.cell].label} · {sp.units} · " if race else ""
    bar = f'<progress max="1" value="{share:.3f}" style="width: 100%; height: 14px;"></progress>'
    return f'<div class="live-status">{bar}<div>{race}{who}{line}</div></div>'


def _elapsed(job: Job) -> float:
    import time

    return (job.finished or time.time()) - job.started


def curve(job: Job, lang: str = "en") -> go.Figure | None:
    """Train and dev loss per epoch so far (the model card's curve), titled with the dev exact match."""
    if not job.history:
        return None
    fig = figures.training_curve(job.history, lang)
    last = job.history[-1]["exact_match"]
    return figures.set_title(fig, texts.t("fig_live_title", lang, name=job.name, em=f"{last:.1f}"))


def race(jobs: list[Job], lang: str = "en") -> go.Figure | None:
    """SimpleRNN, LSTM and GRU of the same size on one chart: dev loss and dev exact match against seconds."""
    from plotly.subplots import make_subplots

    if not any(j.history for j in jobs):
        return None
    fig = make_subplots(rows=1, cols=2, subplot_titles=[texts.t("fig_dev_loss", lang), texts.t("fig_live_exact", lang)])
    colours = {"rnn": "#7f7f7f", "lstm": "#d62728", "gru": "#1f77b4"}
    for job in jobs:
        if not job.history:
            continue
        x = [h["seconds"] for h in job.history]
        name = f"{CELLS[job.spec.cell].label} ({job.name})"
        for col, key in ((1, "dev_loss"), (2, "exact_match")):
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=[h[key] for h in job.history],
                    mode="lines+markers",
                    name=name,
                    legendgroup=job.name,
                    showlegend=col == 1,
                    line=dict(color=colours[job.spec.cell]),
                ),
                row=1,
                col=col,
            )
    for col in (1, 2):
        fig.update_xaxes(title_text=texts.t("fig_live_seconds", lang), row=1, col=col)
    fig.update_layout(height=380, font=figures.FONT, plot_bgcolor="white", margin=dict(l=60, r=20, b=50))
    return figures.set_title(fig, texts.t("fig_race_title", lang))


def probe_heatmap(job: Job, lang: str = "en") -> go.Figure | None:
    """The probe date's encoder h as the model has it now (the 16 units that vary most)."""
    t = job.snapshot.get("translation")
    if t is None:
        return None
    h = t.trace.encoder[-1]["h"]
    units = figures.order_units(h, "variance", min(16, h.shape[1]))
    title = texts.t("fig_live_heat", lang, epoch=job.snapshot.get("epoch", 0), translation=t.text or "∅")
    return figures.state_heatmap(
        h, list(t.source_pieces), "h", title, units=np.asarray(units), lang=lang, backward_from=t.trace.backward_from
    )
