"""The app: handlers as plain functions, the running server through gradio_client, and its hardening."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request

import pytest

import seq2seq
from explorer import views
from explorer.registry import Registry, run_translation
from seq2seq.inputs import InputError

from . import devserver
from .conftest import ROOT

SHIPPED = ROOT / "checkpoints"


def start_app(env_extra: dict | None = None):
    proc, url, _ = devserver.start_app(env_extra)
    return proc, url


@pytest.fixture(scope="session")
def app_url():
    proc, url = start_app()
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def registry(tiny_checkpoint, tmp_path_factory):
    root = tmp_path_factory.mktemp("reg")
    shutil.copytree(tiny_checkpoint, root / "tiny-lstm")
    shutil.copytree(tiny_checkpoint, root / "broken")
    (root / "broken" / "model.keras").write_bytes(b"\x00" * 100)
    return Registry.load_all(root)


def dates_checkpoint() -> str:
    names = sorted(p.name for p in SHIPPED.iterdir() if p.name.startswith("dates-lstm")) if SHIPPED.is_dir() else []
    if not names:
        pytest.skip("no shipped dates checkpoint")
    return "dates-lstm" if "dates-lstm" in names else names[0]


# -- handlers as plain functions ------------------------------------------------------------------------------
def test_a_broken_checkpoint_is_reported_by_name_and_the_rest_load(registry):
    assert registry.names() == ["tiny-lstm"]
    assert "broken" in registry.errors and "model.keras" in registry.errors["broken"]
    with pytest.raises(InputError, match="broken"):
        registry.get("broken")


def test_checkpoint_names_from_requests_are_looked_up_never_opened(registry):
    for name in ["../checkpoints/tiny-lstm", "/etc/passwd", "tiny-lstm/../tiny-lstm", "", None]:
        with pytest.raises(InputError):
            run_translation(registry, "Nov 25, 2026", name)


def test_handlers_produce_the_figures_of_each_view(registry):
    t = run_translation(registry, "Friday, July 4, 1975", "tiny-lstm", beam_size=3)
    f_enc, f_dec, units = views.state_figures(t, "f", "variance", 8)
    assert f_enc.data[0].z.shape == (8, len(t.source_pieces)) and len(units) == 8
    assert f_dec.data[0].zmin == 0.0 and f_dec.data[0].zmax == 1.0  # gates on a fixed [0, 1] scale
    h_enc, _, _ = views.state_figures(t, "h", "index", 4)
    assert (h_enc.data[0].zmin, h_enc.data[0].zmax) == (-1.0, 1.0)
    assert "<span" in views.pieces_html(t) and len(views.nbest_rows(t)) >= 1
    md, curve, _ = views.model_card(registry.get("tiny-lstm"))
    assert "tiny-lstm" in md and curve is not None


def test_the_training_curve_labels_every_epoch_until_they_would_touch():
    from explorer import figures

    def history(n):
        return [{"epoch": e, "train_loss": 1.0 / e, "dev_loss": 1.5 / e} for e in range(1, n + 1)]

    assert figures.training_curve(history(12)).layout.xaxis.dtick == 1
    assert figures.training_curve(history(26)).layout.xaxis.dtick == 5


def test_a_training_curve_over_many_decades_of_loss_is_drawn_on_a_log_axis():
    """The dates models fall from 3 to 1e-5 nats: on a linear axis every epoch after the second sits on 0 and the
    lesson's question "at which epoch is the dev loss lowest?" cannot be read off the curve."""
    from explorer import figures

    steep = [{"epoch": e, "train_loss": 10.0**-e, "dev_loss": 2 * 10.0**-e} for e in range(1, 8)]
    flat = [{"epoch": e, "train_loss": 3.0 / e, "dev_loss": 3.5 / e} for e in range(1, 8)]
    assert figures.training_curve(steep).layout.yaxis.type == "log"
    assert "log" in figures.training_curve(steep, "en").layout.yaxis.title.text
    assert figures.training_curve(flat).layout.yaxis.type in (None, "linear")


@pytest.mark.parametrize("text", ["", "a" * 5000, "\x00\x01\x02", "Привет", "🙂🙂🙂"])
def test_bad_input_is_one_short_message(registry, text):
    with pytest.raises(InputError) as e:
        run_translation(registry, text, "tiny-lstm")
    assert len(str(e.value)) < 200 and "Traceback" not in str(e.value)


# -- the running app -----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_translate_endpoint_through_gradio_client(app_url):
    from gradio_client import Client

    name = dates_checkpoint()
    client = Client(app_url, verbose=False)
    out = client.predict("Wednesday, November 25, 2026", name, 1, api_name="/translate")
    assert out["translation"] == "2026년 11월 25일 수요일"
    assert out["checkpoint"] == name and len(out["probabilities"]) == len(out["target_pieces"]) + 1
    assert len(out["encoder"][0]["h"]) == len(out["source_pieces"])
    beam = client.predict("Nov 25, 2026", name, 5, api_name="/translate")
    assert beam["translation"] == "2026년 11월 25일" and beam["nbest"][0][0] == beam["translation"]


@pytest.mark.slow
def test_continue_and_intervene_endpoints_through_gradio_client(app_url):
    import json

    from gradio_client import Client

    name = dates_checkpoint()
    client = Client(app_url, verbose=False)
    plain = client.predict("Nov 25, 2026", name, 1, api_name="/translate")
    what_if = client.predict("Nov 25, 2026", name, "2027년", 1, api_name="/continue")
    assert what_if["translation"] == "2027년 11월 25일" and what_if["forced"] >= 1
    assert what_if["log_prob"] < plain["log_prob"] and set(plain) <= set(what_if)
    spec = {"side": "encoder", "layer": 0, "array": "h", "units": [], "value": 0.0}
    same = client.predict("Nov 25, 2026", name, json.dumps(spec), api_name="/intervene")
    assert same["translation"] == plain["translation"] and same["probabilities"] == plain["probabilities"]
    assert same["original"]["translation"] == plain["translation"]
    spec["units"] = list(range(128))
    off = client.predict("Nov 25, 2026", name, json.dumps(spec), api_name="/intervene")
    assert off["translation"] != plain["translation"] and off["original"]["translation"] == plain["translation"]
    assert all(v == 0.0 for row in off["encoder"][0]["h"] for v in row)
    with pytest.raises(Exception, match="array"):
        client.predict("Nov 25, 2026", name, json.dumps({**spec, "array": "q"}), api_name="/intervene")
    sal = client.predict("Nov 25, 2026", name, api_name="/saliency")
    assert sal["target_pieces"][-1] == "</s>" and len(sal["saliency"]) == len(plain["target_pieces"]) + 1
    assert all(len(row) == len(sal["source_pieces"]) and min(row) >= 0 for row in sal["saliency"])


@pytest.mark.slow
def test_neighbours_endpoint_through_gradio_client(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    found = client.predict("Wednesday, November 25, 2026", dates_checkpoint(), 5, api_name="/neighbours")
    assert len(found) == 5 and set(found[0]) == {"source", "target", "similarity"}
    sims = [f["similarity"] for f in found]
    assert sims == sorted(sims, reverse=True) and 0 < sims[-1] <= sims[0] <= 1.0 + 1e-6
    with pytest.raises(Exception, match="k must be"):
        client.predict("May 1, 1999", dates_checkpoint(), 0, api_name="/neighbours")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("x" * 5000, "too long"), ("Привет мир", "cannot read")])
def test_the_api_answers_bad_input_with_a_clear_message(app_url, text, message):
    from gradio_client import Client

    with pytest.raises(Exception, match=message) as e:
        Client(app_url, verbose=False).predict(text, dates_checkpoint(), 1, api_name="/translate")
    assert "Traceback" not in str(e.value)


@pytest.mark.slow
@pytest.mark.parametrize(
    "path",
    ["checkpoints/dates-lstm/config.json", "/etc/passwd", "../../etc/passwd", "app.py", "%2e%2e/%2e%2e/etc/passwd"],
)
def test_files_outside_the_app_are_refused(app_url, path):
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(f"{app_url}/gradio_api/file={path}", timeout=10)
    assert e.value.code in (403, 404)


@pytest.mark.slow
def test_the_app_starts_with_a_corrupt_checkpoint_and_names_it(tmp_path):
    name = dates_checkpoint()
    shutil.copytree(SHIPPED / name, tmp_path / name)
    shutil.copytree(SHIPPED / name, tmp_path / "dates-broken")
    model = tmp_path / "dates-broken" / "model.keras"
    model.write_bytes(model.read_bytes()[:1000])
    proc, url = start_app({"SEQ2SEQ_CHECKPOINTS": str(tmp_path)})
    try:
        page = urllib.request.urlopen(url, timeout=10).read().decode()
        assert "dates-broken: model.keras is truncated or corrupt" in page
        from gradio_client import Client

        assert Client(url, verbose=False).predict("May 1, 1999", name, 1, api_name="/translate")["translation"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_teacher_forcing_view_finds_where_the_model_diverges():
    name = dates_checkpoint()
    reg = Registry(models={name: seq2seq.load(name)})
    free = reg.get(name).translate("Nov 25, 2026")
    assert free.text == "2026년 11월 25일"
    summary, fig = views.teacher_forcing_view(reg, "Nov 25, 2026", name, free.text)
    assert "Free running" in summary and len(fig.data) == 2
    # teacher-forcing the model's own greedy output: it agrees at every step
    assert "agrees with every reference piece" in summary
    summary, _ = views.teacher_forcing_view(reg, "Nov 25, 2026", name, "2026년 11월 26일")
    assert "first divergence at step" in summary and "“6”" in summary


def test_models_load_on_first_use_and_a_late_failure_is_reported_by_name(tiny_checkpoint, tmp_path):
    import zipfile

    from seq2seq.translator import LazySeq2Seq

    shutil.copytree(tiny_checkpoint, tmp_path / "fine")
    shutil.copytree(tiny_checkpoint, tmp_path / "late")
    with zipfile.ZipFile(tmp_path / "late" / "model.keras", "w") as z:  # a zip, but not a Keras model
        z.writestr("config.json", "{}")
    reg = Registry.load_all(tmp_path)
    assert set(reg.models) == {"fine", "late"} and not reg.errors  # only configs and tokenizers read so far
    assert all(isinstance(m, LazySeq2Seq) and not m.loaded for m in reg.models.values())
    assert "LSTM" in reg.choices("dates")[0][0]  # the picker needs no model
    with pytest.raises(InputError, match="unavailable"):
        reg.get("late")
    assert "late" in reg.errors and "late" not in reg.models
    own = seq2seq.load(tiny_checkpoint).translate("May 1, 1999")
    assert run_translation(reg, "May 1, 1999", "fine").probs == own.probs and reg.models["fine"].loaded
