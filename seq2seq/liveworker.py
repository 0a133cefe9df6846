"""The live trainings' own process: ``python -m seq2seq.liveworker IN_FD OUT_FD``, started by
``seq2seq.live.LiveTrainer``.

A training in the server's process holds Python's interpreter lock between TensorFlow's operations, and every
translation of a class waits for it; in a process of its own it shares only the CPU, and it takes only what the
server leaves: niceness +10, Linux's idle scheduling class, and between batches it waits while the server is busy
(``ServerFirst``). The server sends ``("job", request)`` and ``("stop", seq)`` on ``IN_FD``;
and ``("prepare", request)`` (TensorFlow imported and the data read before a first job needs them);
the worker answers ``(seq, kind, data)`` on ``OUT_FD`` — the events of ``seq2seq.live.train_job`` and a last
``(seq, "end", {})`` per job. When the server goes away its end of the pipe closes and the worker exits.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

BUSY_CORES = 0.25  # the server counts as busy while it uses more CPU than this (in cores)
YIELD_MAX_S = 1.0  # the longest a training waits between two batches for a busy server
LOOK_S = 0.05  # the server's CPU use is judged over at least this long (the kernel counts it in 10 ms ticks)


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far, or 0 where /proc cannot say (it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class ServerFirst:
    """Asked between batches: while the server's process (``pid``) is busy — more than ``BUSY_CORES`` of CPU
    since the last look, which is serving a class's translations — the training sleeps, ``LOOK_S`` at a time and
    at most ``YIELD_MAX_S`` per batch, so it keeps learning, slowly, under a class's load and at full speed
    otherwise. Returns the seconds it waited."""

    def __init__(self, pid: int):
        self.pid = pid
        self.last = (time.monotonic(), self.cpu_s())
        self.busy = False

    def cpu_s(self) -> float:
        """The server's CPU seconds so far (``cpu_seconds``)."""
        return cpu_seconds(self.pid)

    def look(self) -> bool:
        """Whether the server is busy, judged anew once ``LOOK_S`` has passed since the last judgement."""
        now = time.monotonic()
        t0, c0 = self.last
        if now - t0 >= LOOK_S:
            cpu = self.cpu_s()
            self.busy = (cpu - c0) / (now - t0) > BUSY_CORES
            self.last = (now, cpu)
        return self.busy

    def __call__(self) -> float:
        waited = 0.0
        while waited < YIELD_MAX_S and self.look():
            time.sleep(LOOK_S)
            waited += LOOK_S
        return waited


def main(argv: list[str]) -> None:
    inbox = Connection(int(argv[0]), writable=False)
    outbox = Connection(int(argv[1]), readable=False)
    os.dup2(2, 1)  # a stray print goes to the log, never into the answers' pipe
    from .live import NICE, prepare, train_job

    try:
        os.nice(NICE)  # before TensorFlow starts its threads: they inherit it
    except OSError:
        pass
    try:  # and only the CPU time nobody else wants (Linux): a translation never waits for the training
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        pass
    jobs: queue.Queue = queue.Queue()
    stops: set[int] = set()
    server_first = ServerFirst(os.getppid())

    def read() -> None:
        while True:
            try:
                kind, value = inbox.recv()
            except (EOFError, OSError):  # the server is gone: so is its training
                os._exit(0)
            if kind == "stop":
                stops.add(value)
            else:
                jobs.put((kind, value))

    threading.Thread(target=read, name="inbox", daemon=True).start()
    while True:
        kind, request = jobs.get()
        if kind == "prepare":
            try:
                prepare(request)
            except Exception as e:  # the first job will meet it again, and say so
                print(f"live worker: preparing failed: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        seq = request["seq"]

        def emit(kind: str, data: dict, seq: int = seq) -> None:
            outbox.send((seq, kind, data))

        try:
            # between batches and while evaluating: the server's translations first
            train_job(request, emit, lambda seq=seq: seq in stops, pause=server_first)
        except Exception as e:  # the job says why; the worker serves the next one
            emit("failed", {"error": f"{type(e).__name__}: {e}"})
        emit("end", {})


if __name__ == "__main__":
    main(sys.argv[1:])
