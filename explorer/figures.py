"""Plotly figure builders: pure functions from trace data to ``go.Figure``.

Every value drawn comes straight from a ``Trace`` (the numpy replay of the trained weights); nothing is
rescaled except where the colour scale says so. Hover shows piece, step, unit and value. Every builder takes
``lang`` ("en" or "ko"): titles, axis titles, legend names and hover labels come from ``explorer.texts``.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import plotly.graph_objects as go

from seq2seq.cells import ARRAYS, CellSpec
from seq2seq.trace import Trace

from .texts import array_name, t

FONT = dict(family="Inter, 'Noto Sans KR', 'Apple SD Gothic Neo', sans-serif", size=14)
DIVERGING = "RdBu_r"  # negative blue, positive red: h, c, g and h̃
GATE = "Viridis"  # gates in [0, 1]
UNIT_ORDERS = ("index", "variance", "mean")


def esc(pieces):
    """Pieces made safe for plotly text, which reads ``<s>`` as HTML (strike-through) otherwise."""
    if isinstance(pieces, str):
        return pieces.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [esc(p) for p in pieces]


def order_units(values: np.ndarray, by: str = "variance", top: int | None = None) -> np.ndarray:
    """Unit indices ordered by ``by`` over the steps of ``values`` (steps, units), the first ``top`` kept.

    index: 0, 1, 2 …; variance: most changing over the sentence first; mean: largest mean activation first.
    """
    if by not in UNIT_ORDERS:
        raise ValueError(f"unit order must be one of {UNIT_ORDERS}, got {by!r}")
    if by == "index":
        idx = np.arange(values.shape[1])
    elif by == "variance":
        idx = np.argsort(-values.var(axis=0), kind="stable")
    else:
        idx = np.argsort(-values.mean(axis=0), kind="stable")
    return idx[:top] if top else idx


TITLE_PX = 1000  # the width (CSS px) a figure's title may take before it wraps; half the page: HALF_PX,
HALF_PX = 500  # a third: NARROW_PX
NARROW_PX = 360


def text_px(text: str, size: float = 16) -> float:
    """About how wide ``text`` is drawn at font ``size`` px: Hangul and other wide characters one em, the rest
    0.56 em (Inter and Noto Sans average less; an over-estimate wraps a little early, never late)."""
    return sum(size * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.56) for ch in text)


def wrap(title: str, px: float = TITLE_PX, size: float = 16) -> str:
    """``title`` broken into lines (plotly's ``<br>``) at spaces so that none is wider than ``px``."""
    lines, line = [], ""
    for word in title.split(" "):
        trial = f"{line} {word}" if line else word
        if line and text_px(trial, size) > px:
            lines.append(line)
            trial = word
        line = trial
    return "<br>".join([*lines, line])


TITLE_LINE_PX = 21  # one more line of a 16-px title, as plotly draws it (Latin and Hangul alike)
SUBPLOT_TITLE_PX = 26  # a row of subplot titles (make_subplots' annotations) between the title and the plots


def _below_first_line(text: str, subplot_titles: bool) -> int:
    """What a wrapped title (``<br>`` between lines) needs under its first line: 21 px for each further line,
    and a row of subplot titles if the figure has them."""
    return TITLE_LINE_PX * text.count("<br>") + (SUBPLOT_TITLE_PX if subplot_titles else 0)


def title_margin(text: str, subplot_titles: bool = False) -> int:
    """The top margin that holds a wrapped title: 13 px above it (measured in Chromium, Latin and Hangul alike),
    24 px for its first line, what goes under that line, 5 px down to the plot.

    The title is placed in this margin, never pushed into it by plotly's title automargin: that second layout
    pass moves the axes but not a heatmap's layer, so the colours were drawn a row above their labels."""
    return 42 + _below_first_line(text, subplot_titles)


def set_title(fig: go.Figure, title: str, title_px: float = TITLE_PX) -> go.Figure:
    """``title`` wrapped to ``title_px``, just above the plot (and above its subplot titles, if it has them),
    with the top margin that holds it."""
    text = wrap(title, title_px)
    subplot_titles = any(
        a.yref == "paper" and a.yanchor == "bottom" and (a.y or 0) >= 1 for a in fig.layout.annotations
    )
    fig.update_layout(
        title=dict(
            text=text,
            x=0.01,
            xanchor="left",
            yref="paper",
            y=1,
            yanchor="bottom",
            automargin=False,
            # plotly puts a multi-line title's first line on the anchor and the others below it
            pad=dict(b=10 + _below_first_line(text, subplot_titles)),
            font=dict(size=16),
        ),
        margin=dict(t=title_margin(text, subplot_titles)),
    )
    return fig


def _layout(fig: go.Figure, title: str, height: int, title_px: float = TITLE_PX) -> go.Figure:
    """One layout rule for every figure: the title wraps to the width it is drawn at (``title_px``) and sits
    in a top margin sized to it, above the plot and any subplot titles (no figure puts tick labels above its
    plot); tick labels rotate only when they would overlap (plotly's ``tickangle="auto"``, which measures them
    too), and the side and bottom margins grow to hold them, so no label covers a title or another label
    whatever the pieces' lengths."""
    fig.update_layout(
        font=FONT,
        height=height,
        margin=dict(l=70, r=20, b=60),
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    set_title(fig, title, title_px)
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def _scale(key: str, values: np.ndarray) -> dict:
    """The colour scale of an array, from its spec (or a scale named directly: "gate", "bounded",
    "unbounded"): gates [0, 1]; tanh outputs [-1, 1]; unbounded symmetric, at least [-1, 1]."""
    scale = ARRAYS[key].scale if key in ARRAYS else key
    if scale == "gate":
        return dict(colorscale=GATE, zmin=0.0, zmax=1.0)
    if scale == "unbounded":  # the cell state: symmetric, at least [-1, 1]
        m = max(1.0, float(np.abs(values).max()))
        return dict(colorscale=DIVERGING, zmin=-m, zmax=m, zmid=0.0)
    return dict(colorscale=DIVERGING, zmin=-1.0, zmax=1.0, zmid=0.0)


def _arrow(unit: int, backward_from: int | None) -> str:
    """'→' or '←' after a bidirectional encoder's unit number (which way it reads), '' for one direction."""
    return "" if backward_from is None else "←" if unit >= backward_from else "→"


# Hover templates write a step or position as %{x:d}: a bare %{x} on an axis labelled with tick text shows the
# label (the piece) instead of the number.
def state_heatmap(
    values: np.ndarray,
    pieces: list[str],
    key: str,
    title: str,
    units: np.ndarray,
    lang: str = "en",
    title_px: float = TITLE_PX,
    backward_from: int | None = None,
) -> go.Figure:
    """Heatmap of one array (steps, units) as units × steps, x ticks labelled with the pieces.

    ``units`` are the rows, in the order shown (``order_units`` picks them; the caller shares one order
    between arrays and between the encoder and the decoder). ``backward_from``: a bidirectional encoder's
    units from there on read the source from its end, and their rows say so (→ / ←).
    """
    z = values[:, units].T  # (units, steps)
    steps = np.arange(len(pieces))
    names = [f"{u}{_arrow(u, backward_from)}" for u in units]
    custom = np.empty((*z.shape, 2), dtype=object)
    custom[..., 0] = np.broadcast_to(np.array(esc(pieces), dtype=object), z.shape)
    custom[..., 1] = np.broadcast_to(np.array(names, dtype=object)[:, None], z.shape)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=steps,
            y=np.arange(len(units)),
            customdata=custom,
            xgap=1,
            ygap=0,
            hovertemplate=f"{t('fig_piece', lang)} %{{customdata[0]}}<br>{t('fig_step', lang)} %{{x:d}}<br>"
            f"{t('fig_unit', lang)} %{{customdata[1]}}<br>{t('fig_value', lang)} %{{z:.3f}}<extra></extra>",
            colorbar=dict(thickness=12, len=0.9),
            **_scale(key, values),
        )
    )
    fig.update_xaxes(tickmode="array", tickvals=steps, ticktext=esc(pieces))
    fig.update_yaxes(
        tickmode="array",
        tickvals=np.arange(len(units)),
        ticktext=names,
        autorange="reversed",
        title=t("fig_unit_axis", lang),
        showticklabels=len(units) <= 56,  # a row is ≥ 9 px up to 56 rows: a 9-px label still fits it
        tickfont=dict(size=FONT["size"] if len(units) <= 32 else 9),
    )
    return _layout(fig, title, height=max(260, min(620, 90 + 14 * len(units))), title_px=title_px)


def attention_heatmap(trace: Trace, lang: str = "en", matrix: np.ndarray | None = None) -> go.Figure:
    """Attention weights a_t (target step × source piece): where each output piece looked. With ``matrix``,
    the same picture of another (T, S) matrix on [0, 1]: the saliency, each row divided by its maximum."""
    a = trace.attention if matrix is None else matrix  # (T, S)
    fig = go.Figure(
        go.Heatmap(
            z=a,
            x=np.arange(a.shape[1]),
            y=np.arange(a.shape[0]),
            colorscale="Blues",
            zmin=0.0,
            zmax=1.0,
            xgap=1,
            ygap=1,
            customdata=np.dstack(
                np.broadcast_arrays(
                    np.array(esc(trace.source_pieces), dtype=object)[None, :],
                    np.array(esc(trace.decoder_outputs), dtype=object)[:, None],
                )
            ),
            hovertemplate=f"{t('fig_output', lang)} %{{customdata[1]}} ({t('fig_step', lang)} %{{y:d}})<br>"
            f"{t('fig_source', lang)} %{{customdata[0]}} ({t('fig_position', lang)} %{{x:d}})<br>"
            f"{t('fig_weight', lang)} %{{z:.3f}}<extra></extra>",
            colorbar=dict(thickness=12),
        )
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=np.arange(a.shape[1]),
        ticktext=esc(trace.source_pieces),  # under the matrix: labels above it would collide with the title
    )
    fig.update_yaxes(
        tickmode="array", tickvals=np.arange(a.shape[0]), ticktext=esc(trace.decoder_outputs), autorange="reversed"
    )
    title = t("fig_attention_title" if matrix is None else "fig_saliency_title", lang)
    return _layout(fig, title, height=max(300, min(700, 120 + 26 * a.shape[0])), title_px=HALF_PX)


def topk_bars(trace: Trace, step: int, lang: str = "en") -> go.Figure:
    """The decoder's top-k next pieces at ``step`` with their probabilities; the chosen one highlighted."""
    step = int(np.clip(step, 0, len(trace.topk) - 1))
    pieces, probs = zip(*trace.topk[step], strict=True)
    chosen = trace.decoder_outputs[step]
    colors = ["#d62728" if p == chosen else "#9ecae1" for p in pieces]
    fig = go.Figure(
        go.Bar(
            x=list(probs),
            y=[f"{esc(p)} " for p in pieces],
            orientation="h",
            marker_color=colors,
            text=[f"{v:.1%}" for v in probs],
            textposition="auto",
            hovertemplate="%{y}: %{x:.4f}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 1], title=t("fig_probability", lang))
    fig.update_yaxes(autorange="reversed")
    title = t("fig_topk_title", lang, step=step, previous=esc(trace.decoder_inputs[step]), chosen=esc(chosen))
    return _layout(fig, title, height=300)


def step_gates(
    trace: Trace, cell: CellSpec, step: int, layer: int = 0, units: np.ndarray | None = None, lang: str = "en"
) -> go.Figure:
    """Gate and state values of one decoder step (rows: arrays in the order the cell computes them, columns:
    units)."""
    rec = trace.decoder[layer]
    keys = cell.inner_order()
    step = int(np.clip(step, 0, rec["h"].shape[0] - 1))
    units = np.arange(rec["h"].shape[1])[:32] if units is None else units
    z = np.stack([rec[k][step, units] for k in keys])
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=np.arange(len(units)),
            y=[array_name(k, lang) for k in keys],
            colorscale=DIVERGING,
            zmin=-1,
            zmax=1,
            xgap=1,
            ygap=2,
            customdata=np.broadcast_to(units, z.shape),
            hovertemplate=f"%{{y}}<br>{t('fig_unit', lang)} %{{customdata}}<br>{t('fig_value', lang)} %{{z:.3f}}"
            "<extra></extra>",
            colorbar=dict(thickness=12),
        )
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=np.arange(len(units)),
        ticktext=[str(u) for u in units],
        title=t("fig_unit_axis", lang),
        tickfont=dict(size=10),
    )
    return _layout(fig, t("fig_step_gates_title", lang, layer=layer, step=step), height=120 + 34 * len(keys))


def saturation(trace: Trace, cell: CellSpec, lang: str = "en") -> go.Figure | None:
    """Karpathy et al. 2015, Fig. 4: per gate unit, the fraction of steps it is left- (< 0.1) or
    right-saturated (> 0.9). Units near the axes' ends are switches; units near the origin never saturate."""
    fig = go.Figure()
    found = False
    hover = (
        f"{t('fig_unit', lang)} %{{customdata}}<br>< 0.1: {t('fig_sat_share', lang, share='%{x:.0%}')}"
        "<br>> 0.9: %{y:.0%}<extra></extra>"
    )
    for side, layers in ((t("fig_encoder", lang), trace.encoder), (t("fig_decoder", lang), trace.decoder)):
        for li, rec in enumerate(layers):
            for key in cell.gates:
                found = True
                left, right = (rec[key] < 0.1).mean(axis=0), (rec[key] > 0.9).mean(axis=0)
                fig.add_trace(
                    go.Scatter(
                        x=left,
                        y=right,
                        mode="markers",
                        name=f"{side} {li} · {array_name(key, lang)}",
                        opacity=0.75,
                        customdata=np.arange(len(left)),
                        hovertemplate=hover,
                    )
                )
    if not found:
        return None
    fig.add_shape(type="line", x0=0, y0=1, x1=1, y1=0, line=dict(color="#bbb", dash="dot"))
    fig.update_xaxes(range=[-0.02, 1.02], title=t("fig_sat_x", lang), tickformat=".0%")
    fig.update_yaxes(range=[-0.02, 1.02], title=t("fig_sat_y", lang), tickformat=".0%")
    return _layout(fig, t("fig_sat_title", lang), height=460)


def teacher_forcing(forced: Trace, lang: str = "en") -> go.Figure:
    """Teacher forcing: p(reference piece | reference prefix) at each step next to the model's own top choice
    there (what free running would have picked at that step)."""
    steps = np.arange(len(forced.decoder_outputs))
    top_piece = [step[0][0] for step in forced.topk]
    top_prob = [step[0][1] for step in forced.topk]
    agree = [top == ref for top, ref in zip(top_piece, forced.decoder_outputs, strict=True)]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=steps,
            y=forced.probs,
            name=t("fig_tf_reference", lang),
            marker_color=["#2ca02c" if a else "#d62728" for a in agree],
            customdata=np.array([esc(forced.decoder_outputs), esc(top_piece)], dtype=object).T,
            hovertemplate=t(
                "fig_tf_hover_reference",
                lang,
                step="%{x:d}",
                reference="%{customdata[0]}",
                p="%{y:.3f}",
                top="%{customdata[1]}",
            )
            + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=steps,
            y=top_prob,
            mode="markers+text",
            name=t("fig_tf_top", lang),
            text=esc(top_piece),
            textposition="top center",
            marker=dict(color="#444", size=8),
            hovertemplate=t("fig_tf_hover_top", lang, step="%{x:d}", top="%{text}", p="%{y:.3f}") + "<extra></extra>",
        )
    )
    fig.update_xaxes(
        tickmode="array", tickvals=steps, ticktext=esc(forced.decoder_outputs), title=t("fig_reference_piece", lang)
    )
    fig.update_yaxes(range=[0, 1.15], title=t("fig_probability", lang))
    return _layout(fig, t("fig_tf_title", lang), 380)


def training_curve(history: list[dict], lang: str = "en") -> go.Figure:
    """Train and dev loss per epoch, from ``history.json``."""
    epochs = [h["epoch"] for h in history]
    fig = go.Figure()
    for key, color in (("train_loss", "#1f77b4"), ("dev_loss", "#ff7f0e")):  # legend: fig_train_loss, fig_dev_loss
        fig.add_trace(
            go.Scatter(
                x=epochs,
                y=[h[key] for h in history],
                name=t(f"fig_{key}", lang),
                mode="lines+markers",
                line=dict(color=color),
            )
        )
    # one tick per epoch until the labels would touch (half a figure wide, as the model card shows it)
    fig.update_xaxes(title=t("fig_epoch", lang), dtick=1 if len(epochs) <= 15 else 5)
    losses = [h[k] for h in history for k in ("train_loss", "dev_loss") if h.get(k) is not None]
    if losses and min(losses) > 0 and max(losses) / min(losses) > 100:  # on a linear axis the last epochs sit on 0
        fig.update_yaxes(type="log", title=t("fig_cross_entropy_log", lang), exponentformat="power")
    else:
        fig.update_yaxes(title=t("fig_cross_entropy", lang))
    # the legend under the plot: at its side it took a third of a phone's width from the curve
    fig.update_layout(legend=dict(orientation="h", y=-0.3))
    return _layout(fig, t("fig_training_title", lang), 340)


def score_by_length(splits: list[tuple[str, dict]], key: str, lang: str = "en") -> go.Figure:
    """A score (``bleu``, ``exact_match`` or ``chrf``) by source length in words, beam 1 (as in Sutskever 2014,
    Fig. 3), one bar series per test set: ``splits`` = [(name, {"beam1": {"by_source_length": …}, …}), …]."""
    fig = go.Figure()
    for (name, scores), colour in zip(splits, ("#6baed6", "#fd8d3c", "#74c476"), strict=False):
        buckets = scores.get("beam1", {}).get("by_source_length", {})
        fig.add_trace(
            go.Bar(
                x=list(buckets),
                y=[b[key] for b in buckets.values()],
                name=name,
                marker_color=colour,
                # the score over its bar, level and at the figure's font size (a bar's own text shrinks to
                # fit it: 5 px in a narrow bar); how many sentences a bucket holds is in the hover
                text=[f"{b[key]:.1f}" for b in buckets.values()],
                textposition="outside",
                textangle=0,
                cliponaxis=False,
                customdata=[b["sentences"] for b in buckets.values()],
                hovertemplate=f"{esc(name)}<br>%{{x}}: %{{y:.2f}} (n=%{{customdata}})<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        showlegend=len(splits) > 1,
        legend=dict(orientation="h", y=-0.3),
        uniformtext=dict(minsize=11, mode="show"),  # never shrunk below 11 px to fit a phone's narrow bars
    )
    fig.update_xaxes(title=t("fig_source_length", lang))
    fig.update_yaxes(title=t(f"fig_axis_{key}", lang))
    return _layout(fig, t("fig_by_length_title", lang, score=t(f"fig_score_{key}", lang)), 340)


def sparse_labels(
    xy: np.ndarray,
    labels: list[str],
    extent: np.ndarray | None = None,
    gap: tuple[float, float] = (0.12, 0.07),
    char: float = 0.018,
) -> list[str]:
    """The labels of a path's points, blank where a label would sit on one already kept: two labels clash when
    their points are closer than ``gap`` (shares of the drawn ``extent`` — (2, 2) [[x min, y min], [x max,
    y max]], the whole map, cloud included; the path's own by default) on both axes at once, the x gap widened to
    half the two labels' widths (``char`` of the map's width a character, two for a Hangul or other wide one: a
    map is ~250 px wide in the lesson, "12: 금요일" ~60 px). The first point always keeps its label, the last one
    unless it clashes with it; hover still names every point."""
    lo, hi = (xy.min(axis=0), xy.max(axis=0)) if extent is None else (extent[0], extent[1])
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    unit = (xy - lo) / span  # (steps, 2), the map on [0, 1] × [0, 1]
    width = [char * sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in label) for label in labels]

    def clear(i: int, kept: list[int]) -> bool:
        return all(
            abs(unit[i, 0] - unit[j, 0]) >= max(gap[0], (width[i] + width[j]) / 2)
            or abs(unit[i, 1] - unit[j, 1]) >= gap[1]
            for j in kept
        )

    keep = [0]
    if len(xy) > 1 and clear(len(xy) - 1, keep):
        keep.append(len(xy) - 1)
    for i in range(1, len(xy) - 1):
        if clear(i, keep):
            keep.append(i)
    return [label if i in keep else "" for i, label in enumerate(labels)]


def _mark_label(xy: np.ndarray, label: str, extent: np.ndarray) -> dict:
    """The label of a starred point: a boxed note on a short leader line, leaning away from the map's nearer side
    edge and below the star unless it lies in the map's lowest quarter, so that it stays readable over the dense
    cloud and inside its own map (as plain text it ran over the next map's axis title on a phone)."""
    (x_lo, y_lo), (x_hi, y_hi) = extent
    fx = (xy[0] - x_lo) / ((x_hi - x_lo) or 1.0)  # where the star lies across the map, 0 … 1
    fy = (xy[1] - y_lo) / ((y_hi - y_lo) or 1.0)
    ax = -36 if fx > 0.65 else 36 if fx < 0.35 else 0  # pixels from the star to the note
    text = esc(label).replace(" (", "<br>(", 1)  # two short lines: on a phone a map is ~115 px wide
    return dict(
        x=float(xy[0]),
        y=float(xy[1]),
        text=text,
        showarrow=True,
        arrowhead=0,
        arrowwidth=1,
        ax=ax,
        ay=-30 if fy < 0.25 else 30,
        bgcolor="rgba(255,255,255,0.9)",
        bordercolor="#111",
        borderwidth=1,
        borderpad=2,
        font=dict(size=11, color="#111"),
    )


def trajectory(
    clouds: dict[str, tuple[np.ndarray, np.ndarray, list[str]]],
    paths: dict[str, tuple[np.ndarray, list[str]]],
    colour_titles: dict[str, str],
    title: str,
    lang: str = "en",
    title_px: float = TITLE_PX,
    marks: dict[str, tuple[np.ndarray, str]] | None = None,
) -> go.Figure:
    """State trajectories on a 2-D PCA map, encoder and decoder side by side.

    ``clouds[side]`` = (xy (n, 2), colour value (n,), hover text (n,)) of training states from the index;
    ``paths[side]`` = (xy (steps, 2), piece labels) of the typed sentence's states, step by step, drawn as a
    numbered path over the cloud. Coordinates are (h − mean) @ componentsᵀ of the index's stored PCA fit.
    Each map has its own colour bar (the two clouds are coloured by different things), laid flat under it.
    ``marks[side]`` = (xy (2,), label): one point drawn as a star over the path (the encoder's sentence vector:
    what the cloud's points are, and for a bidirectional encoder not a point of the path).
    """
    from plotly.subplots import make_subplots

    sides = [s for s in ("encoder", "decoder") if s in paths]
    fig = make_subplots(
        rows=1, cols=len(sides), subplot_titles=[t(f"fig_{s}", lang) for s in sides], horizontal_spacing=0.12
    )
    extents = {}  # side -> [[min PC1, min PC2], [max PC1, max PC2]] of what its map draws
    for col, side in enumerate(sides, start=1):
        xy, colour, hover = clouds[side]
        x0, x1 = fig.layout[f"xaxis{col if col > 1 else ''}"].domain
        bar = dict(
            orientation="h",
            thickness=10,
            len=(x1 - x0) * 0.9,
            x=(x0 + x1) / 2,
            xanchor="center",
            y=-0.24,
            yanchor="top",
            title=dict(text=colour_titles[side], side="top"),
        )
        fig.add_trace(
            go.Scattergl(
                x=xy[:, 0],
                y=xy[:, 1],
                mode="markers",
                marker=dict(
                    size=4,
                    color=colour,
                    colorscale="Viridis",
                    opacity=0.35,
                    showscale=True,
                    colorbar=bar,
                ),
                text=esc(hover),
                hovertemplate="%{text}<extra></extra>",
                name=t("fig_training_states", lang),
                showlegend=False,
            ),
            row=1,
            col=col,
        )
        pxy, labels = paths[side]
        raw = [f"{i}: {p.strip()}" for i, p in enumerate(labels)]  # "0: 난", "2: 스": one gap, word start or not
        named = esc(raw)
        drawn = np.vstack([xy, pxy])  # everything on this map: the cloud and the path
        extent = np.stack([drawn.min(axis=0), drawn.max(axis=0)])
        extents[side] = extent
        fig.add_trace(
            go.Scatter(
                x=pxy[:, 0],
                y=pxy[:, 1],
                mode="lines+markers+text",
                line=dict(color="#b42318", width=2),
                marker=dict(size=8, color="#b42318", symbol="circle"),
                text=esc(sparse_labels(pxy, raw, extent)),  # measured as shown: "</s>", not "&lt;/s&gt;"
                customdata=named,
                textposition="top center",
                textfont=dict(size=11, color="#111"),
                hovertemplate=f"{t('fig_step', lang)} %{{customdata}}<br>PC1 %{{x:.3f}}, PC2 %{{y:.3f}}<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=col,
        )
        fig.update_xaxes(title_text="PC1", row=1, col=col, showgrid=True, gridcolor="#eee")
        # PC2 is named beside the first map only: beside the second, in the gap between the maps, it ran into the
        # first map wherever the figure is narrow (the lesson's column, a phone)
        fig.update_yaxes(title_text="PC2" if col == 1 else None, row=1, col=col, showgrid=True, gridcolor="#eee")
    for col, side in enumerate(sides, start=1):  # drawn last, over both maps (the traces before: cloud, path)
        if marks and side in marks:
            mxy, label = marks[side]
            fig.add_trace(
                go.Scatter(
                    x=[mxy[0]],
                    y=[mxy[1]],
                    mode="markers",
                    marker=dict(size=15, color="#f59e0b", symbol="star", line=dict(color="#111", width=1)),
                    hovertemplate=f"{esc(label)}<br>PC1 %{{x:.3f}}, PC2 %{{y:.3f}}<extra></extra>",
                    cliponaxis=False,
                    showlegend=False,
                ),
                row=1,
                col=col,
            )
            fig.add_annotation(_mark_label(mxy, label, extents[side]), row=1, col=col)
    fig = _layout(fig, title, height=520, title_px=title_px)
    fig.update_layout(margin=dict(b=120))
    return fig


def unit_search_heatmap(
    values: np.ndarray,
    pieces: list[str],
    units: list[tuple[int, float]],
    mask,
    title: str,
    lang: str = "en",
    backward_from: int | None = None,
) -> go.Figure:
    """The top units' h over the sentence's source pieces (rows labelled 'unit (score)', a bidirectional
    encoder's 'unit→' / 'unit←' as on the States view); the selected pieces are marked with ▲ under their tick."""
    idx = np.array([u for u, _ in units], dtype=int)
    z = values[:, idx].T  # (units, steps)
    ticks = [f"{p}{' ▲' if mask is not None and mask[i] else ''}" for i, p in enumerate(esc(pieces))]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=np.arange(len(pieces)),
            y=np.arange(len(idx)),
            xgap=1,
            ygap=1,
            customdata=np.broadcast_to(np.array(esc(pieces), dtype=object)[None, :], z.shape),
            hovertemplate=f"{t('fig_piece', lang)} %{{customdata}}<br>{t('fig_value', lang)} %{{z:.3f}}<extra></extra>",
            colorbar=dict(thickness=12),
            **_scale("h", values),
        )
    )
    fig.update_xaxes(tickmode="array", tickvals=np.arange(len(pieces)), ticktext=ticks)
    fig.update_yaxes(
        tickmode="array",
        tickvals=np.arange(len(idx)),
        ticktext=[f"{u}{_arrow(u, backward_from)} ({s:+.2f})" for u, s in units],
        autorange="reversed",
        title=t("fig_unit_axis", lang),
    )
    return _layout(fig, title, height=max(260, 100 + 24 * len(idx)))
