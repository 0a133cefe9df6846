"""Answers kept for the next page that asks the same: equal to a fresh translation, never another model's,
bounded in size, and never changed by the caller that received them."""

from __future__ import annotations

import shutil
import threading

import numpy as np
import orjson
import pytest

from explorer.endpoints import api_result
from explorer.memo import Memo, translation_bytes
from explorer.registry import Registry, run_translation


@pytest.fixture
def reg(tiny_checkpoint, tmp_path):
    shutil.copytree(tiny_checkpoint, tmp_path / "tiny")
    return Registry.load_all(tmp_path)


def test_a_memo_keeps_the_recently_used_within_its_size_and_stores_no_failure():
    memo, calls = Memo(100), []

    def value(v):
        return lambda: calls.append(v) or v

    assert memo.get("a", value("A"), lambda _: 40) == "A"
    assert memo.get("b", value("B"), lambda _: 40) == "B"
    assert memo.get("a", value("A2"), lambda _: 40) == "A"  # a hit: not computed again
    assert memo.get("c", value("C"), lambda _: 40) == "C"  # 120 bytes > 100: the least recently used ("b") goes
    assert calls == ["A", "B", "C"] and len(memo) == 2 and memo.nbytes == 80
    assert memo.get("b", value("B2"), lambda _: 40) == "B2"
    assert memo.get("big", value("X"), lambda _: 101) == "X" and "big" not in memo._items  # larger than the whole

    def fails():
        raise ValueError("no")

    with pytest.raises(ValueError):
        memo.get("d", fails, lambda _: 1)
    assert memo.get("d", value("D"), lambda _: 1) == "D"
    assert (memo.hits, memo.misses) == (1, 7)
    assert memo.get(["not", "hashable"], value("L"), lambda _: 1) == "L" and len(memo) == 3  # computed, not kept


def test_a_memo_shared_by_threads_stays_within_its_size():
    memo = Memo(1_000)

    def work(k):
        for i in range(300):
            memo.get((k, i % 37), lambda i=i: i, lambda _: 30)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert memo.nbytes == 30 * len(memo) <= 1_000


def test_a_repeated_translation_is_the_kept_one_and_equals_a_fresh_one(reg):
    first = run_translation(reg, "Nov 25, 2026", "tiny")
    again = run_translation(reg, "Nov 25, 2026", "tiny")
    assert again is first and reg.translations.hits == 1
    fresh = reg.get("tiny").translate("Nov 25, 2026")
    assert fresh.text == first.text and fresh.target_ids == first.target_ids
    for a, b in zip(fresh.trace.decoder, first.trace.decoder, strict=True):
        assert all(np.array_equal(a[k], b[k]) for k in a)
    assert run_translation(reg, "Nov 25, 2026", "tiny", beam_size=3) is not first  # the beam is in the key
    assert run_translation(reg, "Nov 25, 2026", "tiny", max_len=2) is not first  # so is the length limit
    assert translation_bytes(first) > sum(v.nbytes for layer in first.trace.encoder for v in layer.values())


def test_a_reloaded_checkpoint_never_gets_the_old_ones_translation(reg):
    old = run_translation(reg, "Nov 25, 2026", "tiny")
    reg.models["tiny"] = type(reg.models["tiny"])(reg.models["tiny"].folder)  # as a reload from changed files
    assert run_translation(reg, "Nov 25, 2026", "tiny") is not old


def test_an_answer_from_the_memo_is_the_fresh_answer_and_a_caller_cannot_change_it(reg):
    fresh = orjson.loads(orjson.dumps(reg.get("tiny").translate("Nov 25, 2026").to_dict()))
    first = api_result(reg, "Nov 25, 2026", "tiny")
    first["translation"] = "changed by a caller"
    second = api_result(reg, "Nov 25, 2026", "tiny")
    assert reg.answers.hits == 1
    assert orjson.loads(orjson.dumps(second)) == {**fresh, "checkpoint": "tiny"}
    light = api_result(reg, "Nov 25, 2026", "tiny", arrays=False)  # arrays or not: two answers
    assert light["encoder"] is None and second["encoder"] is not None
    assert reg.answers.nbytes > len(orjson.dumps(second["encoder"]))  # sized by the JSON it holds


def test_a_request_that_cannot_be_a_key_is_still_answered_or_refused_with_a_message(reg):
    from seq2seq.inputs import InputError

    with pytest.raises(InputError):
        api_result(reg, "Nov 25, 2026", "tiny", beam_size=[1])
    assert "translation" in api_result(reg, "Nov 25, 2026", "tiny", beam_size=1)
    with pytest.raises(InputError):  # True == 1, but True is no beam size: never the kept answer for 1
        api_result(reg, "Nov 25, 2026", "tiny", beam_size=True)
    with pytest.raises(InputError):
        run_translation(reg, "Nov 25, 2026", "tiny", beam_size=True)
    with pytest.raises(InputError):
        run_translation(reg, "Nov 25, 2026", "tiny", beam_size={"a": 1})
    assert len(reg.answers) == 1 and len(reg.translations) == 1  # the one good request


def test_a_light_answer_is_sized_by_what_it_holds(reg):
    api_result(reg, "Nov 25, 2026", "tiny", arrays=False)
    light = api_result(reg, "Nov 25, 2026", "tiny", arrays=False)
    assert reg.answers.nbytes >= 2 * len(orjson.dumps(light))  # Python lists and strings, not their JSON
