"""Live training: a model trained in the server is an ordinary, faithful checkpoint; Stop keeps the last
complete epoch; trainings queue one at a time; live names never reach a path; abandoned jobs stop."""

from __future__ import annotations

import time

import numpy as np
import pytest

from explorer import training
from explorer.registry import Registry
from seq2seq import live
from seq2seq.inputs import InputError
from seq2seq.live import LiveSpec, LiveTrainer, is_live_name
from seq2seq.translator import load

from .keras_reference import assert_trace_equals_keras
from .test_app import app_url  # noqa: F401 - the server fixture


def make_trainer(root, **kwargs) -> LiveTrainer:
    made, dropped = {}, []
    tr = LiveTrainer(root=root, on_model=lambda m: made.__setitem__(m.name, m), on_drop=dropped.append, **kwargs)
    tr.made, tr.dropped = made, dropped
    return tr


@pytest.fixture
def trainer(tmp_path):
    """Trains in its worker process, as the server does."""
    tr = make_trainer(tmp_path / "live")
    yield tr
    tr.close()


@pytest.fixture
def small(tmp_path):
    """Trains on 640 training pairs (10 batches an epoch) and 50 dev pairs: a few seconds an epoch, in its
    worker process."""
    tr = make_trainer(tmp_path / "live", train_pairs=640, dev_pairs=50)
    yield tr
    tr.close()


def wait_for(job, cond, timeout=120):
    t0 = time.time()
    while not cond() and time.time() - t0 < timeout:
        job.seen()
        job.wait(0.5)
    assert cond(), (job.state, job.history, job.error)


@pytest.mark.slow
def test_a_20_second_lstm_8_is_a_loadable_checkpoint_whose_trace_equals_keras(trainer):
    job = trainer.submit(LiveSpec.checked("lstm", 8, True, False, 20))
    wait_for(job, lambda: job.done)
    assert job.state == "done" and job.history and is_live_name(job.name), job.error
    assert job.folder == trainer.root / job.name and job.name in trainer.made
    model = load(job.folder)
    assert model.config.cell == "lstm" and model.config.units == 8 and model.config.attention
    for text in ("Friday, July 4, 1975", "Nov 25, 2026"):
        assert_trace_equals_keras(model, model.translate(text))
    assert job.summary()["epochs"] == len(job.history) >= 2
    assert [h["epoch"] for h in job.history] == list(range(1, len(job.history) + 1))


@pytest.mark.slow
def test_a_live_gru_that_reads_both_ways_is_a_bidirectional_checkpoint_whose_trace_equals_keras(trainer):
    job = trainer.submit(LiveSpec.checked("gru", 8, True, False, 12, bidirectional=True))
    wait_for(job, lambda: job.done)
    assert job.state == "done" and job.name.startswith("live-gru-8-attn-bi-") and is_live_name(job.name), job.error
    model = load(job.folder)
    assert model.config.bidirectional and model.config.units == 8
    t = model.translate("Friday, July 4, 1975")
    assert t.trace.backward_from == 4
    assert_trace_equals_keras(model, t)
    rows = training.probe_heatmap(job, "en").layout.yaxis.ticktext  # the page's heatmap says which way each reads
    assert {r[-1] for r in rows} == {"→", "←"} and all(r.endswith("←") == (int(r[:-1]) >= 4) for r in rows)


@pytest.mark.slow
def test_stop_keeps_the_last_completed_epoch(trainer):
    job = trainer.submit(LiveSpec.checked("gru", 8, False, False, 120))
    wait_for(job, lambda: len(job.history) >= 2)
    job.stop()
    wait_for(job, lambda: job.done, timeout=60)
    assert job.state == "stopped" and job.history[-1]["seconds"] < 120
    # the saved weights are those the last recorded epoch was evaluated with: same dev loss
    from seq2seq.train import as_dataset, compile_model, encode_pairs, make_batches

    model = load(job.folder)
    src, tgt, _, dev, *_ = trainer._prepared()
    dev_ds = as_dataset(make_batches(encode_pairs(dev, src, tgt, model.config, 64), 256, 0, bucketed=False))
    compile_model(model.keras_model, 1e-3, 1.0)
    assert abs(model.keras_model.evaluate(dev_ds, verbose=0) - job.history[-1]["dev_loss"]) < 1e-4


@pytest.mark.slow
def test_a_second_training_waits_in_the_queue_and_knows_its_place(trainer):
    first = trainer.submit(LiveSpec.checked("rnn", 8, False, False, 60))
    second = trainer.submit(LiveSpec.checked("rnn", 8, False, True, 10))
    wait_for(first, lambda: first.state == "running")
    assert second.state == "queued" and second.position == 1 and not second.history
    wait_for(first, lambda: len(first.history) >= 1)
    first.stop()
    wait_for(second, lambda: second.state == "running", timeout=60)
    assert first.done and second.position == 0
    second.stop()
    wait_for(second, lambda: second.done, timeout=60)


@pytest.mark.slow
def test_stop_during_an_epoch_ends_the_run_before_that_epoch_ends(tmp_path, monkeypatch):
    """Stop is heard between batches: pressed during the third batch of epoch 2, the run trains no further
    batch, epoch 2 is not recorded, and the model kept is epoch 1's. (In this process, where the test can watch
    the batches; the worker process runs the same ``train_job``.)"""
    import seq2seq.model

    trainer = make_trainer(tmp_path / "live", process=False, train_pairs=640, dev_pairs=50)
    build = seq2seq.model.build_model
    in_epoch_2 = []  # batches trained after epoch 1 was recorded

    def build_and_watch(cfg):
        import keras

        model = build(cfg)
        fit = model.fit

        class Watch(keras.callbacks.Callback):  # runs before the training's own stop hook, batch by batch
            def on_train_batch_end(self, batch, logs=None):
                if len(job.history) == 1:
                    in_epoch_2.append(1)
                    if len(in_epoch_2) == 3:
                        job.stop()  # the Stop button, pressed while epoch 2 trains

        def watched(*args, callbacks=None, **kwargs):
            return fit(*args, callbacks=[Watch(), *(callbacks or [])], **kwargs)

        model.fit = watched
        return model

    monkeypatch.setattr(seq2seq.model, "build_model", build_and_watch)
    job = trainer.submit(LiveSpec("gru", 8, False, False, 120))
    wait_for(job, lambda: job.done)
    assert job.state == "stopped" and not job.error, job.error
    assert len(in_epoch_2) == 3 and [h["epoch"] for h in job.history] == [1]
    assert load(job.folder).config.cell == "gru"


@pytest.mark.slow
def test_a_job_nobody_watches_stops_and_keeps_what_it_learned(small, monkeypatch):
    """Watched until its first epoch is done, then left (the page closed): it stops within ABANDON_S and a
    batch, long before its budget, and its completed epochs are a checkpoint."""
    trainer = small
    monkeypatch.setattr(live, "ABANDON_S", 2.0)
    job = trainer.submit(LiveSpec("lstm", 8, False, False, 120))
    wait_for(job, lambda: len(job.history) >= 1)
    left = time.time()  # nobody calls job.seen() from now on
    while not job.done and time.time() - left < 60:
        job.wait(1)
    assert job.state == "stopped" and not job.error and job.stop_event.is_set()
    assert job.finished - left < 30 and job.finished - job.started < 120
    assert load(job.folder).config.cell == "lstm" and job.summary()["epochs"] >= 1


@pytest.mark.slow
def test_the_training_runs_in_a_lower_priority_process_whose_death_fails_only_its_job(small):
    """The server's process does not train (its threads would wait for the training's interpreter lock): a
    worker process does, at niceness +NICE in the idle scheduling class. Killed mid-run, its job fails with a
    message and the next job starts a new worker; the models made before stay."""
    import os
    import signal

    first = small.submit(LiveSpec("gru", 8, False, False, 10))
    wait_for(first, lambda: first.done)
    assert first.state == "done" and first.name in small.made, first.error
    pid = small.worker_pid()
    assert pid and pid != os.getpid()
    assert os.getpriority(os.PRIO_PROCESS, pid) - os.getpriority(os.PRIO_PROCESS, 0) == live.NICE
    assert os.sched_getscheduler(pid) == os.SCHED_IDLE  # it runs only on CPU time nobody else wants
    doomed = small.submit(LiveSpec("lstm", 8, False, False, 120))
    wait_for(doomed, lambda: len(doomed.history) >= 1)
    os.kill(pid, signal.SIGKILL)
    wait_for(doomed, lambda: doomed.done, timeout=30)
    assert doomed.state == "failed" and "training process ended" in doomed.error and doomed.folder is None
    after = small.submit(LiveSpec("rnn", 8, False, False, 10))
    wait_for(after, lambda: after.done)
    assert after.state == "done" and small.worker_pid() not in (None, pid)
    assert load(first.folder).config.cell == "gru" and load(after.folder).config.cell == "rnn"


@pytest.mark.slow
def test_a_worker_that_stops_answering_fails_its_job_and_the_next_job_gets_a_new_one(small, monkeypatch):
    """Frozen mid-run (SIGSTOP: alive, silent), the worker does not hold the queue: Stop goes unanswered for
    HUNG_S, the worker is ended, the job fails saying so, and the next job trains in a new worker."""
    import os
    import signal

    monkeypatch.setattr(live, "HUNG_S", 3.0)
    frozen = small.submit(LiveSpec("lstm", 8, False, False, 120))
    wait_for(frozen, lambda: len(frozen.history) >= 1)
    pid = small.worker_pid()
    monkeypatch.setattr(live, "HUNG_S", 3.0 + 3 * frozen.history[-1]["epoch_seconds"])
    os.kill(pid, signal.SIGSTOP)
    frozen.stop()
    wait_for(frozen, lambda: frozen.done, timeout=60)
    assert frozen.state == "failed" and "did not stop within" in frozen.error, frozen.error
    after = small.submit(LiveSpec("gru", 8, False, False, 10))
    wait_for(after, lambda: after.done)
    assert after.state == "done" and small.worker_pid() not in (None, pid)


def test_a_job_next_in_line_says_its_training_is_starting_not_that_it_waits():
    from explorer import training

    job = live.Job(LiveSpec(seconds=30), "May 1, 1999", "live-lstm-32-attn-abcdef", position=0)
    assert "TensorFlow" in training.status_html(job, "en") and "준비" in training.status_html(job, "ko")
    job.position = 2
    assert "2 training(s) ahead" in training.status_html(job, "en")


def test_between_batches_the_training_waits_while_the_server_is_busy_and_not_otherwise():
    """The worker's ServerFirst, watching two real processes as it watches the server: one spinning (a class's
    translations) holds each batch back for YIELD_MAX_S; one asleep, not at all."""
    import subprocess
    import sys

    from seq2seq.liveworker import YIELD_MAX_S, ServerFirst

    spinning = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    asleep = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        time.sleep(0.5)
        busy, calm = ServerFirst(spinning.pid), ServerFirst(asleep.pid)
        time.sleep(0.2)
        assert busy() == pytest.approx(YIELD_MAX_S, abs=0.06)
        assert calm() == 0.0
    finally:
        spinning.kill()
        asleep.kill()


@pytest.mark.slow
def test_the_training_pauses_for_others_between_batches_and_while_it_evaluates(tmp_path):
    """train_job asks ``pause`` (the worker's ServerFirst) after every batch but an epoch's last, before the dev
    loss and before every 20 dev translations; the numbers it records do not depend on what pause returns."""
    import dataclasses

    from seq2seq.checkpoints import CHECKPOINT_DIR
    from seq2seq.data import DATA_DIR

    calls, events = [], []
    request = {
        "seq": 1,
        "name": "live-gru-8-abcdef",
        "spec": dataclasses.asdict(LiveSpec("gru", 8, False, False, 1)),
        "probe": "May 1, 1999",
        "root": str(tmp_path),
        "checkpoints": str(CHECKPOINT_DIR),
        "data_dir": str(DATA_DIR),
        "train_pairs": 640,
        "dev_pairs": 50,
    }
    live.train_job(
        request, lambda kind, data: events.append((kind, data)), lambda: False, lambda: calls.append(1) or 0.5
    )
    epochs = [d["entry"] for k, d in events if k == "epoch"]
    assert len(epochs) >= 1 and all(e["dev_loss"] != 0.5 and e["dev_loss"] > 0 for e in epochs)
    assert len(calls) == len(epochs) * (9 + 1 + 3)  # 10 batches an epoch, the dev loss, 50 dev dates / 20


def test_live_names_are_looked_up_never_opened(trainer, tmp_path):
    assert is_live_name("live-lstm-32-attn-3f9a1c") and is_live_name(LiveSpec().name())
    assert is_live_name(LiveSpec("lstm", 16, True, True, 30, True).name())  # live-lstm-16-attn-rev-bi-…
    with pytest.raises(InputError, match="must be even"):
        LiveSpec.checked("lstm", 9, True, False, 30, bidirectional=True)  # half the units each way
    for bad in ("../x", "live-lstm-32-attn-3f9a1c/../../etc", "/etc/passwd", "live-lstm-9999-zzzzzz", None, 3):
        assert not is_live_name(bad)
    reg = Registry()
    with pytest.raises(InputError, match="Unknown checkpoint"):
        reg.get("live-lstm-32-attn-3f9a1c/../../etc/passwd")
    for bad in ({"cell": "lstm; rm"}, {"units": 4}, {"units": "12x"}, {"seconds": 1e9}, {"seconds": "nan"}):
        args = {"cell": "lstm", "units": 16, "attention": True, "reverse_source": False, "seconds": 30, **bad}
        with pytest.raises(InputError):
            LiveSpec.checked(**args)


def test_old_and_surplus_live_models_are_dropped(trainer):
    now = time.time()
    trainer.models = {f"live-lstm-8-{i:06x}": now - i * 10 for i in range(12)}
    trainer.models["live-gru-8-aaaaaa"] = now - 2 * live.MAX_AGE_S
    gone = trainer.prune(now)
    assert "live-gru-8-aaaaaa" in gone and len(trainer.models) == live.MAX_MODELS
    assert set(trainer.dropped) == set(gone)
    assert max(now - t for t in trainer.models.values()) < min(now - (now - i * 10) for i in range(8, 12))


@pytest.mark.slow
def test_train_live_endpoint_returns_a_checkpoint_that_translate_accepts(app_url):  # noqa: F811
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    out = client.predict("lstm", 8, True, False, 12, api_name="/train_live")
    assert set(out) == {"checkpoint", "epochs", "dev_loss", "exact_match", "seconds", "history"}
    assert is_live_name(out["checkpoint"]) and out["epochs"] == len(out["history"]) >= 1
    assert np.isfinite(out["dev_loss"]) and 0 <= out["exact_match"] <= 100
    got = client.predict("Friday, July 4, 1975", out["checkpoint"], 1, api_name="/translate")
    assert got["checkpoint"] == out["checkpoint"] and len(got["encoder"][0]["h"][0]) == 8
    with pytest.raises(Exception, match="units must be"):
        client.predict("lstm", 1000, True, False, 12, api_name="/train_live")
    with pytest.raises(Exception, match="units must be even"):
        client.predict("lstm", 9, True, False, 12, True, api_name="/train_live")


def test_a_class_pressing_train_gets_one_job_per_page_a_capped_queue_and_expected_starts():
    """No training starts here: the queue is filled by hand and submit refuses before it would start one."""
    from seq2seq.live import MAX_QUEUED, Job, LiveSpec, LiveTrainer

    trainer = LiveTrainer()
    running = Job(
        LiveSpec(seconds=60), "May 1, 1999", "job-0", owner="teacher", state="running", started=time.time() - 20
    )
    waiting = [Job(LiveSpec(seconds=30), "May 1, 1999", f"job-{i}", owner=f"page-{i}") for i in range(1, 4)]
    trainer.queue = [running, *waiting]
    trainer._renumber()
    assert [j.position for j in trainer.queue] == [0, 1, 2, 3]
    assert trainer.seconds_ahead(1) == pytest.approx(40, abs=1)  # what is left of the running job
    assert trainer.seconds_ahead(3) == pytest.approx(100, abs=1)
    assert waiting[2].starts_at - time.time() == pytest.approx(100, abs=1)
    assert trainer.running() is running
    with pytest.raises(InputError) as e:
        trainer.submit(LiveSpec(), owner="page-2")  # this page already waits
    assert e.value.key == "live_busy"
    trainer.queue += [Job(LiveSpec(), "May 1, 1999", f"job-x{i}", owner=f"x{i}") for i in range(MAX_QUEUED - 3)]
    assert len(trainer.queue) == MAX_QUEUED + 1
    with pytest.raises(InputError) as e:
        trainer.submit(LiveSpec(), owner="late")
    assert e.value.key == "live_full" and e.value.params["n"] == MAX_QUEUED + 1
    assert trainer.worker is None  # nothing was started


def test_the_training_thread_yields_the_cpu():
    import os
    import threading

    from seq2seq.live import NICE, lower_priority

    seen = {}

    def run():
        before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        lower_priority()
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) - before

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen["nice"] == NICE
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == os.getpriority(os.PRIO_PROCESS, 0)


def test_watching_follows_the_running_job_without_owning_it():
    from explorer import live_view
    from seq2seq.live import Job

    trainer = LiveTrainer()
    assert [out["status"] for out in live_view.watch(trainer, "ko")] == [texts_t("live_nothing", "ko")]
    job = Job(LiveSpec(seconds=30), "May 1, 1999", "live-lstm-32-attn-abcdef", state="running", started=time.time())
    job.history = [{"epoch": 1, "train_loss": 1.0, "dev_loss": 1.2, "exact_match": 10.0}]
    trainer.queue = [job]
    stream = live_view.watch(trainer, "en")
    first = next(stream)
    assert "live-lstm-32-attn-abcdef" in first["status"] and "curve" in first and "heatmap" in first
    job.state = "done"
    rest = list(stream)  # the job is done: the stream ends, and watching never stopped it
    assert len(rest) == 1 and not job.stop_event.is_set()


def texts_t(key, lang):
    from explorer import texts

    return texts.t(key, lang)


def test_the_shared_epoch_is_cut_only_between_batches_and_never_after_the_last(tokenizers):
    """train.fit_epoch, the epoch of the shipped and the live trainings: a stop asked for means no epoch, unless
    it came with the last batch — then the epoch is complete and counts."""
    from seq2seq.config import ModelConfig
    from seq2seq.data import load_pairs
    from seq2seq.model import build_model
    from seq2seq.train import compile_model, encode_pairs, fit_epoch, make_batches

    src, tgt = tokenizers
    cfg = ModelConfig(
        task="dates",
        cell="gru",
        units=8,
        embedding_dim=8,
        src_vocab_size=src.vocab_size,
        tgt_vocab_size=tgt.vocab_size,
        max_target_pieces=32,
    )
    model = build_model(cfg)
    compile_model(model, 0.01, 1.0)
    examples = encode_pairs(load_pairs("dates", "train")[:96], src, tgt, cfg, 64)
    batches = make_batches(examples, 32, seed=0, bucketed=False)
    assert len(batches) == 3
    asked = []
    assert fit_epoch(model, batches, stop=lambda: asked.append(1) or True) is None and len(asked) == 1
    asked.clear()
    loss = fit_epoch(model, batches, stop=lambda: asked.append(1) or len(asked) == 2)  # stop after batch 2 of 3
    assert loss is None and len(asked) == 2
    loss = fit_epoch(model, batches[:1], stop=lambda: True)  # one batch: nothing to cut
    assert loss is not None and np.isfinite(loss)
