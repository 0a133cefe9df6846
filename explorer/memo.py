"""Answers worth keeping for the next page that asks the same: a translation depends only on the model's
weights and the request, and a class asks the same few at once (30 students click the same example; every page
that opens a lesson chapter translates that chapter's sentence). ``Memo`` keeps the most recently used answers up
to a size in bytes; a hit costs a dictionary lookup instead of the replay (~10–25 ms of a 2-core server's time).

Keys hold the model object itself, not its name: a checkpoint reloaded from changed files, or a live model
registered under a name used before, is a new object, so an answer of the old one is never returned for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

from seq2seq.translator import Translation


class Memo:
    """A thread-safe least-recently-used store of computed values, bounded by their total ``size`` (bytes).

    ``get(key, compute, size)`` returns the stored value for ``key`` or stores and returns ``compute()``; an
    exception from ``compute`` is raised and nothing is stored. A key that cannot be hashed (a list where a
    client should have sent a number) is computed and never stored: ``compute`` says what is wrong with it. Two
    threads that miss the same key at once both compute it (the values are equal; the later one is kept).
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], Any], size: Callable[[Any], int]) -> Any:
        try:
            hash(key)
        except TypeError:
            return compute()
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key][0]
            self.misses += 1
        value = compute()
        n = int(size(value))
        if n > self.max_bytes:
            return value
        with self._lock:
            if key in self._items:
                self._bytes -= self._items.pop(key)[1]
            self._items[key] = (value, n)
            self._bytes += n
            while self._bytes > self.max_bytes:
                self._bytes -= self._items.popitem(last=False)[1][1]
        return value

    def __len__(self) -> int:
        return len(self._items)

    @property
    def nbytes(self) -> int:
        """The total size of the values kept."""
        return self._bytes


def translation_bytes(t: Translation) -> int:
    """About what a kept translation holds: its trace's arrays, and per step its top-k candidates."""
    tr = t.trace
    arrays = [a for side in (tr.encoder, tr.decoder) for layer in side for a in layer.values()]
    arrays += [a for a in (tr.attention, tr.probs) if a is not None]
    return sum(np.asarray(a).nbytes for a in arrays) + 200 * sum(len(row) for row in tr.topk) + 2_000
