"""The live trainings' own process: ``python -m seq2seq.liveworker IN_FD OUT_FD``, started by
``seq2seq.live.LiveTrainer``.

A training in the server's process holds Python's interpreter lock between TensorFlow's operations, and every
translation of a class waits for it; in a process of its own (at a lower priority) it shares only the CPU, which
the kernel hands to the server first. The server sends ``("job", request)`` and ``("stop", seq)`` on ``IN_FD``;
and ``("prepare", request)`` (TensorFlow imported and the data read before a first job needs them);
the worker answers ``(seq, kind, data)`` on ``OUT_FD`` — the events of ``seq2seq.live.train_job`` and a last
``(seq, "end", {})`` per job. When the server goes away its end of the pipe closes and the worker exits.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from multiprocessing.connection import Connection


def main(argv: list[str]) -> None:
    inbox = Connection(int(argv[0]), writable=False)
    outbox = Connection(int(argv[1]), readable=False)
    os.dup2(2, 1)  # a stray print goes to the log, never into the answers' pipe
    from .live import NICE, prepare, train_job

    try:
        os.nice(NICE)  # before TensorFlow starts its threads: they inherit it
    except OSError:
        pass
    jobs: queue.Queue = queue.Queue()
    stops: set[int] = set()

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
            train_job(request, emit, lambda seq=seq: seq in stops)
        except Exception as e:  # the job says why; the worker serves the next one
            emit("failed", {"error": f"{type(e).__name__}: {e}"})
        emit("end", {})


if __name__ == "__main__":
    main(sys.argv[1:])
