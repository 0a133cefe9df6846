"""Live training: a small dates model trained beside the server while a class watches it learn.

One training runs at a time per server; the others wait in a first-come queue that knows their position.
Each job trains a fresh encoder–decoder (the cell, size, attention and reversal asked for) on a fixed sample
of the dates training split with the shipped dates tokenizers, for a time budget, and after every epoch
records train and dev loss, dev exact match, the translation of a chosen date and its trace as it is now.
The training itself (``train_job``) runs in a worker process of its own at a lower priority
(``seq2seq.liveworker``): in the server's process its Python thread would hold the interpreter lock between
TensorFlow's operations and every translation of a class would wait for it. The budget is checked between
epochs (an epoch takes a few seconds); Stop (or a page that went away) is heard between batches and abandons
the epoch under way: the model kept is the last *completed* epoch. The result is an ordinary checkpoint folder
in a temporary directory, so every view works on it; live models are dropped after ``MAX_AGE_S`` or beyond
``MAX_MODELS`` (oldest first), and with the server. A job nobody has asked about for ``ABANDON_S`` (its page
was closed) is stopped, or skipped if it is still waiting. A worker that dies fails its job, not the server.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np

from .checkpoints import CHECKPOINT_DIR, write_description
from .config import ModelConfig, TrainConfig
from .data import DATA_DIR, load_pairs
from .inputs import InputError, whole_number
from .tokenizer import Tokenizer, normalize
from .translator import Seq2Seq, load

LIVE_DIR = Path(tempfile.gettempdir()) / "seq2seq-live"
NAME_RE = re.compile(r"^live-(rnn|lstm|gru)-\d{1,3}(-attn)?(-rev)?(-bi)?-[0-9a-f]{6}$")
TRAIN_PAIRS = 6000  # the fixed sample of the dates training split a live model learns from
DEV_PAIRS = 200  # dev pairs for the loss and the exact match after every epoch
UNITS = (8, 128)
SECONDS = (10, 180)  # the page offers 30–180; tests use less
MAX_AGE_S = 3600
MAX_MODELS = 8
ABANDON_S = 20.0
MAX_JOBS_KEPT = 50
MAX_QUEUED = 6  # a class of 30 pressing Train: six wait (about 6 minutes at 60 s each), the rest are told to watch
START_S = 120.0  # the worker's start (TensorFlow's import) and a job's set-up may take this long at most
HUNG_S = 60.0  # a worker silent this long (or three epochs' time) past Stop or its budget counts as hung
NICE = 10  # the training's scheduling niceness: translations come first on a busy machine
TOKENIZERS_FROM = "dates-lstm"  # the shipped checkpoint whose tokenizers live models use


@dataclass(frozen=True)
class LiveSpec:
    """What to train: validated, so a request cannot ask for more than the server offers."""

    cell: str = "lstm"
    units: int = 32
    attention: bool = True
    reverse_source: bool = False
    seconds: float = 60
    bidirectional: bool = False  # the encoder reads both ways: units/2 left to right, units/2 right to left

    @classmethod
    def checked(cls, cell, units, attention, reverse_source, seconds, bidirectional=False) -> LiveSpec:
        if cell not in ("rnn", "lstm", "gru"):
            raise InputError(f"cell must be rnn, lstm or gru, got {cell!r}.", key="live_cell", params={"cell": cell})
        n = whole_number(units)
        if n is None or not UNITS[0] <= n <= UNITS[1]:
            raise InputError(
                f"units must be a whole number from {UNITS[0]} to {UNITS[1]}, got {units!r}.",
                key="live_units",
                params={"units": units, "lo": UNITS[0], "hi": UNITS[1]},
            )
        try:
            s = float(seconds)
        except (TypeError, ValueError):
            s = float("nan")
        if not SECONDS[0] <= s <= SECONDS[1]:
            raise InputError(
                f"seconds must be from {SECONDS[0]} to {SECONDS[1]}, got {seconds!r}.",
                key="live_seconds",
                params={"seconds": seconds, "lo": SECONDS[0], "hi": SECONDS[1]},
            )
        if bidirectional and n % 2:
            raise InputError(
                f"a bidirectional encoder splits its units between two directions: units must be even, got {n}.",
                key="live_units_even",
                params={"units": n},
            )
        return cls(cell, n, bool(attention), bool(reverse_source), s, bool(bidirectional))

    def name(self) -> str:
        """A fresh name like ``live-lstm-32-attn-3f9a1c`` (never a path: it matches ``NAME_RE``)."""
        parts = ["live", self.cell, str(self.units)] + ["attn"] * self.attention + ["rev"] * self.reverse_source
        parts += ["bi"] * self.bidirectional
        return "-".join([*parts, secrets.token_hex(3)])


@dataclass
class Job:
    """One live training, from the queue to its checkpoint folder."""

    spec: LiveSpec
    probe: str  # the date whose translation and trace are shown after every epoch
    name: str
    state: str = "queued"  # queued → running → done | stopped | failed
    position: int = 0  # place in the queue (0 = running or finished)
    history: list[dict] = field(default_factory=list)
    snapshot: dict = field(default_factory=dict)  # the latest epoch's translation of ``probe`` and its trace
    error: str = ""
    started: float = 0.0
    finished: float = 0.0
    stop_event: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(default_factory=threading.Condition)
    folder: Path | None = None
    last_seen: float = field(default_factory=time.time)
    owner: str = ""  # the page session that asked for it (one queued or running job per page)
    starts_at: float = 0.0  # when a waiting job is expected to start (time.time() scale)

    def seen(self) -> None:
        """Someone is still watching (the page's loop, the API call): not abandoned."""
        self.last_seen = time.time()

    @property
    def abandoned(self) -> bool:
        return time.time() - self.last_seen > ABANDON_S

    @property
    def done(self) -> bool:
        return self.state in ("done", "stopped", "failed")

    def stop(self) -> None:
        """Ask the training to end; what the last completed epoch learned is kept."""
        self.stop_event.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job changes (or ``timeout``); True when it is done."""
        with self.changed:
            if not self.done:
                self.changed.wait(timeout)
        return self.done

    def summary(self) -> dict:
        last = self.history[-1] if self.history else {}
        return {
            "checkpoint": self.name,
            "state": self.state,
            "epochs": len(self.history),
            "dev_loss": last.get("dev_loss"),
            "exact_match": last.get("exact_match"),
            "seconds": round((self.finished or time.time()) - self.started, 1) if self.started else 0.0,
            "history": self.history,
        }


class LiveTrainer:
    """A first-come queue of live trainings, served by one thread that hands each to the worker process, and
    the models they made."""

    def __init__(
        self,
        root: Path = LIVE_DIR,
        checkpoints: Path = CHECKPOINT_DIR,
        data_dir: Path = DATA_DIR,
        on_model: Callable[[Seq2Seq], None] | None = None,
        on_drop: Callable[[str], None] | None = None,
        process: bool = True,
        train_pairs: int = TRAIN_PAIRS,
        dev_pairs: int = DEV_PAIRS,
    ):
        """``process``: train in a worker process of its own (the server's threads keep the interpreter lock);
        False trains in this process's queue thread. ``train_pairs``/``dev_pairs``: the sample sizes."""
        self.root = Path(root).resolve()  # absolute: the worker process shares no working directory
        self.process, self.train_pairs, self.dev_pairs = process, train_pairs, dev_pairs
        self.checkpoints, self.data_dir = Path(checkpoints).resolve(), Path(data_dir).resolve()
        self.on_model, self.on_drop = on_model, on_drop
        self.queue: list[Job] = []
        self.jobs: dict[str, Job] = {}  # recent jobs by name (the Stop button finds its job here)
        self.models: dict[str, float] = {}  # live model name -> when it was made
        self.lock = threading.Lock()
        self.worker: threading.Thread | None = None
        self._seq = 0  # jobs sent to the worker process so far
        self._proc: subprocess.Popen | None = None
        self._inbox: Connection | None = None
        self._outbox: Connection | None = None
        self._proc_lock = threading.Lock()  # the worker process and its pipes: started, used, closed

    # -- queue -------------------------------------------------------------------------------------------
    def submit(self, spec: LiveSpec, probe: str = "Friday, July 4, 1975", owner: str = "") -> Job:
        """Queue a training; it starts when the ones before it are done.

        A page (``owner``) has at most one job queued or running, and at most ``MAX_QUEUED`` jobs wait behind
        the running one: beyond that ``InputError`` says how long the wait would be and to watch instead."""
        job = Job(spec, normalize(probe) or "Friday, July 4, 1975", spec.name(), owner=owner)
        with self.lock:
            if owner and any(j.owner == owner and not j.done for j in self.queue):
                raise InputError(
                    "This page already has a training queued or running: wait for it, or stop it first.",
                    key="live_busy",
                )
            if len(self.queue) > MAX_QUEUED:  # the running one and MAX_QUEUED waiting
                wait = round(self.seconds_ahead(len(self.queue)) / 60)
                raise InputError(
                    f"{len(self.queue)} trainings are queued (about {wait} min): watch the running one instead, "
                    "or try again later.",
                    key="live_full",
                    params={"n": len(self.queue), "wait": wait},
                )
            self.queue.append(job)
            self.jobs[job.name] = job
            for old in list(self.jobs)[:-MAX_JOBS_KEPT]:
                if self.jobs[old].done:
                    del self.jobs[old]
            self._renumber()
            if self.worker is None or not self.worker.is_alive():
                self.worker = threading.Thread(target=self._serve, name="live-training", daemon=True)
                self.worker.start()
        return job

    def seconds_ahead(self, position: int) -> float:
        """Expected seconds until the job at ``position`` in the queue starts: what is left of the running
        job's budget plus the budgets of those waiting before it."""
        total = 0.0
        for i, job in enumerate(self.queue[:position]):
            budget = job.spec.seconds
            if i == 0 and job.state == "running":
                budget = max(0.0, budget - (time.time() - job.started))
            total += budget
        return total

    def running(self) -> Job | None:
        """The job training now, if any (what a class watches together)."""
        with self.lock:
            return next((j for j in self.queue if j.state == "running"), None)

    def _renumber(self) -> None:
        now = time.time()
        for i, job in enumerate(self.queue):
            job.position = i
            if job.state == "queued":
                job.starts_at = now + self.seconds_ahead(i)

    def _serve(self) -> None:
        while True:
            with self.lock:
                if not self.queue:
                    self.worker = None
                    return
                job = self.queue[0]
            if job.abandoned or job.stop_event.is_set():  # its page went away (or it was stopped) while waiting
                self._set(job, state="stopped", error="stopped before it started", finished=time.time())
            else:
                self._run(job)
            with self.lock:
                self.queue.pop(0)
                self._renumber()
                waiting = list(self.queue)
            for other in waiting:  # their position changed
                with other.changed:
                    other.changed.notify_all()

    # -- one training ------------------------------------------------------------------------------------
    def _prepared(self):
        """Tokenizers, training pairs and dev pairs, as the trainings use them (``prepared``)."""
        return prepared(self.checkpoints, self.data_dir, self.train_pairs, self.dev_pairs)

    def _where(self) -> dict:
        """Where a job's data and model live, as the worker is told."""
        return {
            "root": str(self.root),
            "checkpoints": str(self.checkpoints),
            "data_dir": str(self.data_dir),
            "train_pairs": self.train_pairs,
            "dev_pairs": self.dev_pairs,
        }

    def prepare(self) -> None:
        """Start the worker process now and have it import TensorFlow and read the data, so the first Train
        of a class does not wait for them (the server's warm-up calls it). Nothing happens in thread mode."""
        if not self.process:
            return
        with self._proc_lock:
            proc, _, outbox = self._worker_process()
        with contextlib.suppress(_WorkerGone):  # a worker that cannot start is met, and reported, by a job
            _send(proc, outbox, ("prepare", self._where()))

    def _run(self, job: Job) -> None:
        """Train ``job`` in the worker process (or, with ``process=False``, in this thread) and follow it."""
        self._seq += 1
        request = {
            "seq": self._seq,
            "name": job.name,
            "spec": dataclasses.asdict(job.spec),
            "probe": job.probe,
            **self._where(),
        }
        try:
            if self.process:
                self._run_in_worker(job, request)
            else:
                lower_priority()
                train_job(request, lambda kind, data: self._event(job, kind, data), lambda: self._should_stop(job))
            if job.folder is None and job.state != "failed":
                raise RuntimeError("the training ended without a model")
        except Exception as e:  # a failed job says why; the server goes on
            self._set(job, state="failed", error=f"{type(e).__name__}: {e}")
        finally:
            self._set(job, finished=time.time(), position=0)
            self.prune()

    @staticmethod
    def _should_stop(job: Job) -> bool:
        """Stop pressed, or the page went away (which stops the job as Stop does)."""
        if job.abandoned:
            job.stop()
        return job.stop_event.is_set()

    def _event(self, job: Job, kind: str, data: dict) -> None:
        """What ``train_job`` reports, as the job's state."""
        if kind == "running":
            self._set(job, state="running", started=data["started"])
        elif kind == "epoch":
            self._set(job, history=[*job.history, data["entry"]], snapshot=data["snapshot"])
        elif kind == "saved":
            folder = Path(data["folder"])
            made = load(folder)
            with self.lock:
                self.models[job.name] = time.time()
            if self.on_model:
                self.on_model(made)
            self._set(job, folder=folder, state="stopped" if job.stop_event.is_set() else "done")
        elif kind == "failed":
            self._set(job, state="failed", error=data["error"])

    def _run_in_worker(self, job: Job, request: dict) -> None:
        """Send the job to the worker process and follow its events until its end. Stop (or a page gone) is
        passed on within half a second; a worker that dies, or stops answering (``_overdue``), fails the job,
        not the server, and the next job starts a new one."""
        seq = request["seq"]
        with self._proc_lock:
            proc, inbox, outbox = self._worker_process()
        asked, stop_sent = time.time(), None
        try:
            _send(proc, outbox, ("job", request))
            while True:
                if stop_sent is None and self._should_stop(job):
                    _send(proc, outbox, ("stop", seq))
                    stop_sent = time.time()
                message = _receive(proc, inbox)
                if message is None:
                    late = _overdue(job, asked, stop_sent)
                    if late:
                        self.close()
                        raise RuntimeError(f"{late}; it was ended, and the next training starts a new one")
                    continue
                got, kind, data = message
                if got != seq:  # a late word about an earlier job
                    continue
                if kind == "end":
                    return
                try:
                    self._event(job, kind, data)
                except Exception:  # the job failed here: the worker must not go on training for it
                    with contextlib.suppress(_WorkerGone):
                        _send(proc, outbox, ("stop", seq))
                    raise
        except _WorkerGone as gone:
            self.close()
            raise RuntimeError(
                f"the training process ended (exit status {gone.status}; the server's log says why); the next "
                "training starts a new one"
            ) from None

    def _worker_process(self):
        """The worker process and its two pipe ends, started on first use (``python -m seq2seq.liveworker``;
        a session of its own, so a Ctrl+C meant for the server does not reach it)."""
        if self._proc is None or self._proc.poll() is not None:
            for conn in (self._inbox, self._outbox):  # a dead worker's pipes
                if conn is not None:
                    conn.close()
            to_r, to_w = os.pipe()  # server → worker
            from_r, from_w = os.pipe()  # worker → server
            package_root = str(Path(__file__).resolve().parent.parent)
            env = {
                **os.environ,
                "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
            }
            try:
                self._proc = subprocess.Popen(
                    [sys.executable, "-m", "seq2seq.liveworker", str(to_r), str(from_w)],
                    pass_fds=(to_r, from_w),
                    stdin=subprocess.DEVNULL,
                    env=env,
                    start_new_session=True,
                )
            except OSError:
                os.close(to_w)
                os.close(from_r)
                raise
            finally:
                os.close(to_r)
                os.close(from_w)
            self._inbox = Connection(from_r, writable=False)
            self._outbox = Connection(to_w, readable=False)
        return self._proc, self._inbox, self._outbox

    def worker_pid(self) -> int | None:
        """The worker process's id while it runs."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def close(self) -> None:
        """End the worker process (it also ends by itself when this process does)."""
        with self._proc_lock:
            proc, self._proc = self._proc, None
            for conn in (self._outbox, self._inbox):
                if conn is not None:
                    conn.close()
            self._outbox = self._inbox = None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()

    @staticmethod
    def _set(job: Job, **changes) -> None:
        with job.changed:
            for k, v in changes.items():
                setattr(job, k, v)
            job.changed.notify_all()

    # -- the models made ---------------------------------------------------------------------------------
    def prune(self, now: float | None = None) -> list[str]:
        """Drop live models older than ``MAX_AGE_S`` and, beyond ``MAX_MODELS``, the oldest; returns their names."""
        now = time.time() if now is None else now
        with self.lock:
            by_age = sorted(self.models, key=self.models.get)
            gone = [n for n in by_age if now - self.models[n] > MAX_AGE_S]
            keep = [n for n in by_age if n not in gone]
            gone += keep[: max(0, len(keep) - MAX_MODELS)]
            for n in gone:
                del self.models[n]
        for n in gone:
            shutil.rmtree(self.root / n, ignore_errors=True)
            if self.on_drop:
                self.on_drop(n)
        return gone


_PREPARED: dict[tuple, tuple] = {}


def prepared(checkpoints: Path, data_dir: Path, train_pairs: int = TRAIN_PAIRS, dev_pairs: int = DEV_PAIRS):
    """Tokenizers (the shipped dates model's), a fixed sample of ``train_pairs`` training and ``dev_pairs``
    dev pairs, and train.py's helpers: made once per process."""
    key = (str(checkpoints), str(data_dir), train_pairs, dev_pairs)
    if key not in _PREPARED:
        from .train import as_dataset, encode_pairs, make_batches

        checkpoints, data_dir = Path(checkpoints), Path(data_dir)
        src = Tokenizer(checkpoints / TOKENIZERS_FROM / "src.model")
        tgt = Tokenizer(checkpoints / TOKENIZERS_FROM / "tgt.model")
        rng = np.random.default_rng(0)
        train = load_pairs("dates", "train", data_dir)
        train = [train[i] for i in np.sort(rng.choice(len(train), min(TRAIN_PAIRS, len(train)), replace=False))]
        dev = load_pairs("dates", "dev", data_dir)
        dev = [dev[i] for i in np.sort(rng.choice(len(dev), min(DEV_PAIRS, len(dev)), replace=False))]
        _PREPARED[key] = (src, tgt, train[:train_pairs], dev[:dev_pairs], encode_pairs, make_batches, as_dataset)
    return _PREPARED[key]


def prepare(request: dict) -> None:
    """What a first job would wait for: TensorFlow's import and ``prepared`` data (``request`` as ``_where``)."""
    import keras  # noqa: F401 - imported for its side effect: the time it takes

    prepared(Path(request["checkpoints"]), Path(request["data_dir"]), request["train_pairs"], request["dev_pairs"])


def train_job(
    request: dict,
    emit: Callable[[str, dict], None],
    should_stop: Callable[[], bool],
    pause: Callable[[], object] = lambda: None,
) -> None:
    """One live training, wherever it runs (the worker process, or a thread): a fresh model of
    ``request["spec"]`` trained epoch by epoch on ``prepared`` data until its budget is spent or
    ``should_stop()`` (asked after every batch but an epoch's last); it ``emit``s ``("running", {started})``,
    ``("epoch", {entry, snapshot})`` after each completed epoch and ``("saved", {folder})`` with the last
    completed epoch's weights. An error is raised, not emitted. ``pause()`` is called where the work may wait for
    others — between batches and during each epoch's evaluation (the worker's ``ServerFirst``)."""
    import keras

    from .model import build_model
    from .train import compile_model, fit_epoch

    src, tgt, train, dev, encode_pairs, make_batches, as_dataset = prepared(
        Path(request["checkpoints"]), Path(request["data_dir"]), request["train_pairs"], request["dev_pairs"]
    )
    sp = LiveSpec(**request["spec"])
    folder = Path(request["root"]) / request["name"]
    cfg = ModelConfig(
        task="dates",
        cell=sp.cell,
        units=sp.units,
        embedding_dim=min(64, max(8, sp.units // 2)),
        attention=sp.attention,
        reverse_source=sp.reverse_source,
        bidirectional=sp.bidirectional,
        src_vocab_size=src.vocab_size,
        tgt_vocab_size=tgt.vocab_size,
        max_target_pieces=32,
    )
    tc = TrainConfig(epochs=1000, batch_size=64, learning_rate=0.005, patience=1000, spm_model_type="bpe")
    started = time.time()
    emit("running", {"started": started})
    keras.utils.set_random_seed(tc.seed)
    model = build_model(cfg)
    compile_model(model, tc.learning_rate, tc.clipnorm)
    train_ex = encode_pairs(train, src, tgt, cfg, 64)
    dev_ds = as_dataset(make_batches(encode_pairs(dev, src, tgt, cfg, 64), 256, 0, bucketed=False))
    kept = None  # weights of the last completed epoch
    history: list[dict] = []
    deadline = started + sp.seconds
    epoch = 0
    while not should_stop() and time.time() < deadline:
        epoch += 1
        t0 = time.time()
        batches = make_batches(train_ex, tc.batch_size, seed=tc.seed + epoch, bucketed=False)
        # train.py's epoch, asked after every batch whether to stop, so Stop is heard within a batch
        loss = fit_epoch(model, batches, stop=lambda: _after(pause, should_stop))
        if loss is None:
            break  # an epoch cut short: it does not count
        kept = model.get_weights()
        live = Seq2Seq(folder, cfg, tc, model, src, tgt)
        entry = {
            "epoch": epoch,
            "train_loss": loss,
            "dev_loss": _after(pause, lambda: float(model.evaluate(dev_ds, verbose=0))),
            "exact_match": _exact(live, dev, pause),
            "seconds": round(time.time() - started, 1),
            "epoch_seconds": round(time.time() - t0, 1),
        }
        history.append(entry)
        emit("epoch", {"entry": entry, "snapshot": {"translation": live.translate(request["probe"]), "epoch": epoch}})
    if kept is None:
        raise RuntimeError("stopped before the first epoch was complete: nothing was learned")
    model.set_weights(kept)
    _save(folder, cfg, tc, model, src, tgt, history)
    emit("saved", {"folder": str(folder)})


def _after(pause: Callable[[], object], then: Callable):
    """``pause()``, then ``then()``'s value (whatever ``pause`` returned)."""
    pause()
    return then()


def _exact(model: Seq2Seq, dev, pause: Callable[[], object] = lambda: None) -> float:
    """Dev exact match (percent), greedy; ``pause()`` before every 20 translations."""
    hits = 0
    for i, (s, t) in enumerate(dev):
        if i % 20 == 0:
            pause()
        hits += model.translate(s).text == normalize(t)
    return round(100.0 * hits / len(dev), 1)


def _save(folder: Path, cfg, tc, model, src, tgt, history: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    last = history[-1]
    state = {"epoch": last["epoch"], "best_dev_loss": last["dev_loss"], "best_epoch": last["epoch"]}
    state.update(seconds=last["seconds"], finished=True)
    model_dict, train_dict = dataclasses.asdict(cfg), dataclasses.asdict(tc)
    rows = [{**h, "learning_rate": tc.learning_rate} for h in history]
    write_description(folder, model_dict, train_dict, src.model_proto, tgt.model_proto, rows, state)
    model.save(folder / "model.keras")


class _WorkerGone(Exception):
    """The worker process ended (or its pipe broke): ``status`` is its exit status, if known."""

    def __init__(self, status: int | None):
        super().__init__(status)
        self.status = status


def _send(proc: subprocess.Popen, conn: Connection, message) -> None:
    try:
        conn.send(message)
    except (OSError, ValueError) as e:  # a broken pipe, or a pipe closed by ``close``
        raise _WorkerGone(proc.poll()) from e


def _receive(proc: subprocess.Popen, conn: Connection):
    """The worker's next message within half a second, or None; ``_WorkerGone`` once it has ended (after its
    last words are read)."""
    try:
        if conn.poll(0.5):
            return conn.recv()
        if proc.poll() is None:
            return None
        if conn.poll(0):  # written just before it ended
            return conn.recv()
    except (EOFError, OSError, ValueError):
        pass
    raise _WorkerGone(proc.poll())


def _overdue(job: Job, asked: float, stop_sent: float | None) -> str:
    """Why a worker that is still alive counts as hung (or ""): no start within ``START_S``, no end within a
    slack (three epochs, at least ``HUNG_S``) of Stop or of the budget."""
    now = time.time()
    last_epoch = job.history[-1].get("epoch_seconds", 0.0) if job.history else 0.0
    slack = max(HUNG_S, 3 * last_epoch)
    if job.state == "queued" and now - asked > START_S:
        return f"the training process did not start within {START_S:.0f} s"
    if stop_sent is not None and now - stop_sent > slack:
        return f"the training process did not stop within {slack:.0f} s"
    if now - asked > START_S + job.spec.seconds + slack:
        return "the training process ran far past its time budget"
    return ""


def lower_priority(nice: int = NICE) -> None:
    """Make the calling thread yield the CPU to the server's other threads (Linux: a thread's niceness is its
    own). A running training then slows down under load instead of slowing every translation."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
    except (AttributeError, OSError):  # not Linux, or not allowed: the training runs at normal priority
        pass


def is_live_name(name) -> bool:
    """Whether ``name`` has the form of a live model's name (it is still only looked up, never opened)."""
    return isinstance(name, str) and bool(NAME_RE.match(name))
