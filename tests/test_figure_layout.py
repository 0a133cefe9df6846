"""One layout rule for every figure: titles wrap to the width they are drawn at and sit above the tick labels,
tick labels rotate only when plotly measures an overlap, a path's labels never pile up, each PCA map has its
own colour bar under it, and the model card shows every test set a checkpoint was scored on."""

from __future__ import annotations

import json

import numpy as np
import pytest

from explorer import figures, texts, views
from explorer.registry import Registry
from seq2seq.config import headline_metric

from .conftest import ROOT


@pytest.mark.parametrize(
    "title",
    [
        "디코더 0층: 은닉 상태 h (hidden state) — 열 = 디코더가 고른 조각",
        "Decoder layer 0: hidden state h — columns = the pieces the decoder chose",
        "short",
    ],
)
@pytest.mark.parametrize("px", [figures.NARROW_PX, figures.TITLE_PX])
def test_a_title_wraps_to_the_width_it_is_drawn_at(title, px):
    lines = figures.wrap(title, px).split("<br>")
    assert " ".join(lines) == title  # nothing lost, only spaces turned into breaks
    assert all(figures.text_px(line) <= px for line in lines if " " in line)
    if figures.text_px(title) > px:
        assert len(lines) > 1
    else:
        assert lines == [title]


def test_hangul_counts_wider_than_latin():
    assert figures.text_px("가나") == 32 and figures.text_px("ab") == pytest.approx(2 * 0.56 * 16)


def test_figures_put_their_title_above_their_tick_labels_and_never_fix_the_tick_angle():
    values = np.random.default_rng(0).normal(size=(16, 8))
    pieces = [f"▁piece{i}" for i in range(16)]
    fig = figures.state_heatmap(values, pieces, "h", "title", np.arange(8))
    assert fig.layout.title.yref == "paper" and fig.layout.title.yanchor == "bottom"
    assert fig.layout.xaxis.automargin and fig.layout.xaxis.tickangle is None  # plotly rotates only on overlap
    assert fig.layout.xaxis.side != "top"  # tick labels above the plot would run into the title


@pytest.mark.parametrize("lines", [1, 2, 3])
def test_the_top_margin_holds_the_title_and_plotly_never_has_to_push_it(lines):
    """Plotly's title automargin lays a figure out twice and leaves a heatmap's layer where the first pass put
    it (its colours a row above their labels, seen in Chromium): the margin is sized to the title instead."""
    words = ["디코더 0층: 은닉 상태 h (hidden state) — 열 = 디코더가 고른 조각"] * lines
    title = " ".join(words)
    fig = figures.state_heatmap(
        np.zeros((3, 4)), list("abc"), "h", title, np.arange(4), title_px=figures.text_px(words[0])
    )
    assert fig.layout.title.text.count("<br>") == lines - 1
    assert fig.layout.title.automargin is False
    assert fig.layout.margin.t == 42 + 21 * (lines - 1)  # 24 px for a line, 21 for each further one, 18 around
    assert fig.layout.title.pad.b == 10 + 21 * (lines - 1)  # plotly hangs the further lines below the anchor


def test_a_map_s_title_sits_above_its_subplot_titles():
    rng = np.random.default_rng(2)
    clouds = {s: (rng.normal(size=(50, 2)), rng.integers(1, 9, 50), ["x"] * 50) for s in ("encoder", "decoder")}
    paths = {s: (rng.normal(size=(4, 2)), list("abcd")) for s in ("encoder", "decoder")}
    fig = figures.trajectory(clouds, paths, {"encoder": "words", "decoder": "step"}, "map")
    assert [a.text for a in fig.layout.annotations] == ["encoder", "decoder"]
    assert fig.layout.margin.t == 42 + 26 and fig.layout.title.pad.b == 10 + 26
    plain = figures.state_heatmap(np.zeros((3, 4)), list("abc"), "h", "map", np.arange(4))
    assert plain.layout.margin.t == 42 and plain.layout.title.pad.b == 10


def test_a_path_s_labels_never_sit_on_each_other_on_the_drawn_map():
    rng = np.random.default_rng(1)
    xy = np.concatenate([rng.normal(0, 0.01, size=(10, 2)), [[5.0, 5.0]], rng.normal(0, 0.01, size=(5, 2))])
    labels = [f"{i}:p" for i in range(len(xy))]
    extent = np.array([[-10.0, -10.0], [10.0, 10.0]])  # the cloud under the path reaches further
    shown = figures.sparse_labels(xy, labels, extent)
    kept = [i for i, s in enumerate(shown) if s]
    assert kept[0] == 0 and 10 in kept and len(kept) == 2  # the two tight clusters: one label each
    assert shown[-1] == ""  # the last point sits on the first one's label: it gives way
    unit = (xy - extent[0]) / (extent[1] - extent[0])
    for a in kept:
        for b in kept:
            if a < b:
                assert abs(unit[a, 0] - unit[b, 0]) >= 0.12 or abs(unit[a, 1] - unit[b, 1]) >= 0.05
    spread = np.stack([np.arange(5.0), np.arange(5.0)], axis=1)  # far apart: every point keeps its label
    assert figures.sparse_labels(spread, list("abcde")) == list("abcde")
    side_by_side = np.array([[0.0, 0.0], [0.05, 1.0], [0.1, 0.0]])  # one above the other: both kept
    assert figures.sparse_labels(side_by_side, list("abc")) == list("abc")


def test_long_or_korean_labels_need_more_room_than_short_ones():
    """Two labels a short way apart on one level: "1: a" and "2: b" fit side by side, "10: 금요일" and "8: 월요일"
    (wide characters) would run into each other, so the second gives way (the lesson's map drew "10: 4" on "8: 월")."""
    xy = np.array([[0.0, 0.0], [0.15, 0.02], [1.0, 1.0]])
    assert figures.sparse_labels(xy, ["1: a", "2: b", "3: c"]) == ["1: a", "2: b", "3: c"]
    assert figures.sparse_labels(xy, ["10: 금요일", "8: 월요일", "3: c"]) == ["10: 금요일", "", "3: c"]


def test_each_pca_map_has_its_own_flat_colour_bar_under_it():
    rng = np.random.default_rng(2)
    clouds = {s: (rng.normal(size=(50, 2)), rng.integers(1, 9, 50), ["x"] * 50) for s in ("encoder", "decoder")}
    paths = {s: (rng.normal(size=(4, 2)), [" a", "b", " c", "d"]) for s in ("encoder", "decoder")}  # as piece_text
    fig = figures.trajectory(clouds, paths, {"encoder": "words", "decoder": "step"}, "map")
    bars = [tr.marker.colorbar for tr in fig.data if tr.marker.showscale]
    assert [b.title.text for b in bars] == ["words", "step"]
    for bar, axis in zip(bars, (fig.layout.xaxis, fig.layout.xaxis2), strict=True):
        assert bar.orientation == "h" and bar.y < 0 and axis.domain[0] < bar.x < axis.domain[1]
    assert list(fig.data[1].customdata) == ["0: a", "1: b", "2: c", "3: d"]  # every step, one gap
    # PC2 beside the first map only: in the gap between the maps it ran into the first one on a narrow figure
    assert (fig.layout.yaxis.title.text, fig.layout.yaxis2.title.text) == ("PC2", None)


@pytest.fixture(scope="module")
def registry():
    return Registry.load_all()


@pytest.mark.parametrize("name", ["en-ko-gru-attn", "en-ko-lstm"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_card_gives_both_english_korean_test_sets(registry, name, lang):
    metrics = json.loads((ROOT / "checkpoints" / name / "metrics.json").read_text())
    md, _, by_len = views.model_card(registry.get(name), lang)
    everyday, help_ = texts.t("split_everyday", lang), texts.t("split_test_en-ko", lang)
    assert ("everyday" if lang == "en" else "일상 문장") in everyday and "LibreOffice" in help_
    for split, scores in ((help_, metrics), (everyday, metrics["everyday"])):
        for beam in ("1", "5"):
            m = scores[f"beam{beam}"]
            assert f"| {split} | {beam} | {m['bleu']} | {m['chrf']} | {m['exact_match']}% | {m['sentences']} |" in md
    assert [bars.name for bars in by_len.data] == [help_, everyday]
    key = headline_metric("en-ko")
    buckets = metrics["everyday"]["beam1"]["by_source_length"].values()
    assert list(by_len.data[1].y) == [b[key] for b in buckets]
    # each bar's score is written level above it (inside a narrow bar plotly shrank it to 5 px), n in its hover
    assert list(by_len.data[1].text) == [f"{b[key]:.1f}" for b in buckets]
    assert list(by_len.data[1].customdata) == [b["sentences"] for b in buckets]
    assert by_len.data[1].textposition == "outside" and by_len.data[1].textangle == 0


@pytest.mark.parametrize(("where", "lean"), [((0.9, 0.5), (-1, 1)), ((0.1, 0.5), (1, 1)), ((0.5, 0.1), (0, -1))])
def test_a_starred_point_is_labelled_away_from_the_nearer_edge_of_its_map(where, lean):
    """The note leans left near the right edge (it ran over the next map's axis title), right near the left edge,
    and sits above the star in the lowest quarter (below it, the colour bar); ay > 0 points down on screen."""
    extent = np.array([[0.0, 0.0], [1.0, 1.0]])
    note = figures._mark_label(np.array(where), "h_S (sentence)", extent)
    assert (np.sign(note["ax"]), np.sign(note["ay"])) == lean and note["text"] == "h_S<br>(sentence)"
