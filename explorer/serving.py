"""Serving settings measured on 2 cores: work Gradio does on every event or session that this app's answers
do not need, left out where leaving them out changes no answer.

1. The file walk. After every event Gradio walks each output value looking for file references to move into
its cache (``gradio.processing_utils.async_move_files_to_cache``: an async recursion over every list item and
dict value, twice per output). A ``/translate`` answer with its arrays holds about 40,000 numbers: each walk
takes about 15 ms of the server's single Python thread, longer than the translation and its trace together.

Outputs of components whose value is text, numbers or a plot (the JSON of ``gr.api`` endpoints, HTML,
Markdown, …) never hold a file, and for such a value the walk returns an equal copy (pydantic models dumped to
dicts). ``skip_file_walk`` makes Gradio return that value without walking it, for output components of those
classes only; inputs and every other component keep Gradio's own path.

Then Gradio walks the event's outputs once more to prefix file URLs with the server's address
(``processing_utils.add_root_url``: 13.6 ms for the same answer). A file object is a dict whose ``meta`` says
``"gradio.FileData"``; ``skip_file_walk`` first looks for that text in the outputs serialised by orjson (2.9 ms)
and walks only when it is there — and not even that for the values it has just returned unwalked (the same
objects, by identity).

2. The queue's statistics. After every event Gradio's queue rebuilds a pandas summary of its last 10,000
events (for its monitoring page, which this app does not enable): 3 ms at first, 9 ms per event once 10,000
are recorded. ``quiet_queue_statistics`` has it rebuilt every 1,000 events instead.

3. The session's configuration copy. A new session (each browser tab, each ``gradio_client``) builds the
configuration of every component of the page (``SessionState.__init__``: ~190 components here, each with its
signature inspected and its API schema built: ~100 ms of server CPU per new session, measured), and every
update and every ``gr.State`` write rebuilds one entry again. Gradio reads that copy in one place only: the
``/gradio_api/deep_link`` route (a page this app does not offer, but which stays correct). ``LazySessionState``
records what changed and builds the copy when that route asks for it: the same configuration, built on
demand. It is installed only on the Gradio version it was written against (``PATCHED_GRADIO``).

4. The queue's polling. Gradio's queue loop looks for work every millisecond, idle or busy (``Queue.
start_processing`` sleeps 1 ms whenever nothing can start): about 650 looks a second here (measured), each
waking the event loop and taking Python's lock from the threads that are translating. ``wake_queue_on_change``
makes the loop wait until something it looks at changes — an event joins the queue, a worker slot is freed,
an event's processing ends — with a 50 ms fallback:
the same events start in the same order, without the polling. Installed only on ``PATCHED_GRADIO``,
whose loop it mirrors.

5. The queue's position messages (set in ``app.py``, not here). With ``status_update_rate="auto"`` Gradio sends
every waiting page its position and estimate each time any event starts: with 50 waiting, 50 messages per
start. ``app.py`` sets a rate of one second instead: a page hears its position when it joins, then every
second.

6. The answer's arrays, written once. A ``/translate`` answer's arrays became nested lists of Python floats
(``Translation.to_dict``), which pydantic then copied item by item (``ProcessCompletedMessage.model_dump``) and
orjson wrote as text in the event loop's thread: 3.0 ms per answer (orjson 3.13; 5.5 ms with 3.8).
``jsonout.json_fragment`` writes each rounded array as JSON text straight from numpy, in the worker thread that
translated (1.1 ms), and hands it on as an ``orjson.Fragment``, which pydantic passes through and orjson inserts
as it is: the same bytes reach the client (tested). Gradio's ``/call`` route (the curl API) writes its answers
with the standard ``json`` module, which knows no fragments; ``fragments_in_call_route`` gives that route a
``json`` whose ``dumps`` hands such calls to orjson: a ``/translate`` with every array through that route's
two requests, the client's parse included, takes 29 ms p50 (51 ms with the fragments read back for ``json``).
NaN and infinities, which a clamped state can reach, are written as null there as on the queue route, not as
json's non-standard NaN. The session's configuration copy (3.) holds the last answer of each endpoint too:
``LazySessionState`` hands it to the deep-link route with its fragments read back into lists (Gradio
deep-copies it, and a fragment cannot be copied).

7. The plotting backend that is not there. Around every event Gradio switches matplotlib's backend to "agg" and
back (``gradio.utils.MatplotlibBackendMananger``), importing matplotlib twice to do so. This app does not
install matplotlib, and a failed import is not remembered: each attempt searches every folder of ``sys.path``
again (two searches per event: 4% of the server's busy time in a burst of ``/translate``s, measured with py-spy).
``no_matplotlib_switch`` replaces that manager with one that does nothing, only where matplotlib cannot be
imported (where it can, Gradio's own manager stays).
"""

from __future__ import annotations

import asyncio
import collections
import datetime
import functools
import importlib.util
import json
import logging
import math
import os
import time
from copy import copy

import gradio as gr
import orjson
from gradio import processing_utils, state_holder
from gradio.components.api_component import Api
from gradio.data_classes import GradioModel, GradioRootModel
from gradio_client.utils import value_is_file

from .jsonout import JsonWithFragments, without_fragments

FILE_MARK = b"gradio.FileData"  # every file object Gradio sends carries this in its "meta"
FILE_FREE_HELD = 128  # dicts and lists remembered as file-free: a page event has ~45 outputs, 2 run at once

# Components whose values are text, numbers, lists of those or a plot description: never a file.
NO_FILE_CLASSES = (
    Api,
    gr.HTML,
    gr.Markdown,
    gr.Textbox,
    gr.Number,
    gr.Slider,
    gr.Dropdown,
    gr.Radio,
    gr.Checkbox,
    gr.CheckboxGroup,
    gr.Dataframe,
    gr.Plot,
    gr.JSON,
)


def never_a_file(block) -> bool:
    """Whether ``block``'s value can never carry a file: a class from ``NO_FILE_CLASSES`` whose API schema
    names no file either (checked, so a future component option that allows files falls back to the walk)."""
    if not isinstance(block, NO_FILE_CLASSES):
        return False
    try:
        return not value_is_file(block.api_info())
    except Exception:  # a schema Gradio itself cannot read: keep its walk
        return False


def skip_file_walk() -> bool:
    """Install the shortcut once; returns whether it is installed (False if Gradio's function is missing)."""
    original = getattr(processing_utils, "async_move_files_to_cache", None)
    if original is None:
        return False
    if getattr(original, "skips_file_walk", False):
        return True
    # component class -> never_a_file of its first instance; a gr.api output by instance (its schema comes
    # from its endpoint's type hints, and those outputs live as long as the app)
    verdicts: dict = {}
    # the last values returned unwalked, by id (held, so an id is not reused while it is here): the root-URL
    # walk that follows in the same event skips them; a value pushed out early is searched as before
    file_free: collections.OrderedDict = collections.OrderedDict()

    @functools.wraps(original)
    async def move_files_to_cache(data, block, postprocess: bool = False, *args, **kwargs):
        if postprocess:
            key = id(block) if isinstance(block, Api) else type(block)
            if key not in verdicts:
                verdicts[key] = never_a_file(block)
            if verdicts[key]:
                out = data.model_dump() if isinstance(data, (GradioModel, GradioRootModel)) else data
                if isinstance(out, dict | list):  # text, numbers and None need no memory (known_file_free)
                    file_free[id(out)] = out
                    while len(file_free) > FILE_FREE_HELD:
                        file_free.popitem(last=False)
                return out
        return await original(data, block, postprocess, *args, **kwargs)

    move_files_to_cache.skips_file_walk = True
    processing_utils.async_move_files_to_cache = move_files_to_cache

    add_root_url = processing_utils.add_root_url

    def known_file_free(value) -> bool:
        return value is None or isinstance(value, str | int | float) or file_free.get(id(value)) is value

    @functools.wraps(add_root_url)
    def add_root_url_where_files(data, root_url, previous_root_url):
        rest = [v for v in data if not known_file_free(v)] if isinstance(data, list) else data
        if not rest:
            return data
        try:
            has_file = FILE_MARK in orjson.dumps(rest, default=str)
        except (TypeError, orjson.JSONEncodeError):  # not serialisable: let Gradio's walk decide
            has_file = True
        return add_root_url(data, root_url, previous_root_url) if has_file else data

    processing_utils.add_root_url = add_root_url_where_files
    return True


def fragments_in_call_route() -> bool:
    """Let Gradio's routes module write answers holding ``json_fragment`` values with its ``json`` (the
    ``/call`` route's answers); returns whether installed (False if that module no longer imports ``json``)."""
    from gradio import routes

    if isinstance(getattr(routes, "json", None), JsonWithFragments):
        return True
    if getattr(routes, "json", None) is not json:
        return False
    routes.json = JsonWithFragments()
    return True


def status_update_rate(value: str | None) -> float | str:
    """``SEQ2SEQ_STATUS_RATE`` read for ``queue(status_update_rate=…)``: seconds between the queue's position
    messages to waiting pages (a finite number > 0; default 1), or ``auto`` for Gradio's own (after every
    event start). Anything else stops the app with a message that names the variable."""
    text = (value or "1").strip().lower()
    if text == "auto":
        return "auto"
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not math.isfinite(seconds) or seconds <= 0:
        raise SystemExit(f"SEQ2SEQ_STATUS_RATE must be a number of seconds > 0 or 'auto', got {value!r}.")
    return seconds


class _NoBackendSwitch:
    """What ``MatplotlibBackendMananger`` does without matplotlib: nothing."""

    def __enter__(self):
        return None

    def __exit__(self, *exc) -> None:
        return None


def no_matplotlib_switch() -> bool:
    """Where matplotlib cannot be imported, Gradio's backend switch around each event does nothing instead of
    searching ``sys.path`` twice; returns whether it was replaced."""
    from gradio import utils

    current = getattr(utils, "MatplotlibBackendMananger", None)
    if current is _NoBackendSwitch:
        return True
    if current is None or importlib.util.find_spec("matplotlib") is not None:
        return False
    _NoBackendSwitch.gradios = current  # kept for whoever needs Gradio's own (the tests)
    utils.MatplotlibBackendMananger = _NoBackendSwitch
    return True


def quiet_queue_statistics(every: int = 1000) -> None:
    """Rebuild the queue's event summary every ``every`` events, not after each (call before ``queue()``)."""
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(every))


PATCHED_GRADIO = "6.31.0"  # the Gradio whose SessionState (state_holder.py) and queue loop (queueing.py) this mirrors
log = logging.getLogger(__name__)


class LazySessionState(state_holder.SessionState):
    """Gradio's ``SessionState`` with ``config_values`` built when read (see the module's docstring).

    Gradio's own class keeps ``config_values[key] = config_for_block(key, [], obj)`` up to date on every
    ``__setitem__`` and ``_update_config`` (``obj``: the block then) and writes ``props.value`` on
    ``_update_value_in_config``. This class records ``obj`` per key (``_made``) and the value written after it
    (``_values``); ``config_values`` replays them: the same dict, computed once, when the deep-link route reads it.
    """

    def __init__(self, blocks):
        # as SessionState.__init__, without building config_values
        self.blocks_config = copy(blocks.default_config)
        self._initial = [k for k in self.blocks_config.blocks if k in blocks.blocks]
        self._made: dict = {}  # key -> the object its configuration is built from (set or updated since)
        self._values: dict = {}  # key -> the value written into its configuration after that
        self.state_data = {}
        self._state_ttl = {}
        self.is_closed = False
        self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600

    @property
    def config_values(self) -> dict:
        """What ``SessionState.config_values`` holds now: every component's configuration, updates replayed."""
        build = self.blocks_config.config_for_block
        keys = [k for k in self._initial if k in self.blocks_config.blocks or k in self._made]
        first = set(keys)
        keys += [k for k in self._made if k not in first]
        out = {}
        for k in keys:
            out[k] = build(k, [], self._made.get(k, self.blocks_config.blocks.get(k)))
            if k in self._values and "props" in out[k]:
                out[k]["props"]["value"] = without_fragments(self._values[k])
        return out

    def __setitem__(self, key: int, value) -> None:
        from gradio.components import State

        block = self.blocks_config.blocks.get(key)
        if isinstance(block, State):
            self._state_ttl[key] = (block.time_to_live, datetime.datetime.now())
            self.state_data[key] = value
        else:
            self.blocks_config.blocks[key] = value
        if block:
            self._made[key] = block
            self._values.pop(key, None)

    def _update_config(self, key: int) -> None:
        made = self[key]
        if made is not None:
            self._made[key] = made
            self._values.pop(key, None)

    def _update_value_in_config(self, key: int, value) -> None:
        if key not in self._made and key not in self._initial:
            self._made[key] = self.blocks_config.blocks[key]
        self._values[key] = value


def lazy_session_config() -> bool:
    """Make new sessions ``LazySessionState``; returns whether it is installed (only on the Gradio version
    it mirrors; any other keeps Gradio's own class)."""
    if state_holder.SessionState is LazySessionState:
        return True
    if gr.__version__ != PATCHED_GRADIO:
        log.info("gradio %s: sessions keep Gradio's own configuration copy", gr.__version__)
        return False
    state_holder.SessionState = LazySessionState
    return True


QUEUE_FALLBACK_S = 0.05  # the loop looks again after this even if nothing said it changed


class _Slots(list):
    """The queue's worker slots (``Queue.active_jobs``) that call ``freed`` when one is emptied: Gradio empties a
    slot (after lowering the concurrency count) before its remaining clean-up, so the next event can start then."""

    def __init__(self, slots, freed):
        super().__init__(slots)
        self.freed = freed

    def __setitem__(self, index, value):
        super().__setitem__(index, value)
        if value is None:
            self.freed()


def wake_queue_on_change(queue) -> bool:
    """Replace the polling of ``queue`` (a ``gradio.queueing.Queue``, before the server starts it) by waiting
    on an ``asyncio.Event`` set when an event joins (``push``), when a worker slot is freed and when an event's
    processing has ended (``process_events``); returns whether it is installed (only on the Gradio version whose
    loop ``start_processing`` below mirrors)."""
    if gr.__version__ != PATCHED_GRADIO:
        log.info("gradio %s: the queue keeps polling", gr.__version__)
        return False
    from gradio.queueing import run_coro_in_background, set_task_name

    # set: something the loop looks at may have changed since it last looked (made in the loop that serves)
    changed = asyncio.Event()
    push, process_events = queue.push, queue.process_events

    async def pushed(*args, **kwargs):
        try:
            return await push(*args, **kwargs)
        finally:
            changed.set()

    async def processed(*args, **kwargs):
        try:
            return await process_events(*args, **kwargs)
        finally:
            changed.set()

    async def idle() -> None:
        try:
            await asyncio.wait_for(changed.wait(), QUEUE_FALLBACK_S)
        except TimeoutError:
            pass

    async def start_processing() -> None:
        """Gradio 6.31.0's ``Queue.start_processing``, with ``idle()`` where it sleeps 1 ms."""
        nonlocal changed
        changed = asyncio.Event()  # bound to this server's loop (a relaunch runs another)
        self = queue
        self.active_jobs = _Slots(self.active_jobs, lambda: changed.set())
        try:
            while not self.stopped:
                changed.clear()  # cleared before looking: a change after this wakes the next idle()
                if len(self) == 0 or None not in self.active_jobs:
                    await idle()
                    continue
                async with self.delete_lock:
                    event_batch = self.get_events()
                if event_batch:
                    events, batch, concurrency_id = event_batch
                    self.active_jobs[self.active_jobs.index(None)] = events
                    event_queue = self.event_queue_per_concurrency_id[concurrency_id]
                    event_queue.current_concurrency += 1
                    start_time = time.time()
                    fn = events[0].fn
                    event_queue.start_times_per_fn[fn].add(start_time)
                    for event in events:
                        if (a := self.event_analytics.get(event._id)) is not None:
                            a["status"] = "processing"
                    task = run_coro_in_background(self.process_events, events, batch, start_time, fn)
                    set_task_name(task, events[0].session_hash, fn._id, events[0]._id, batch)
                    self._asyncio_tasks.add(task)
                    task.add_done_callback(self._asyncio_tasks.discard)
                    if self.live_updates:
                        self.broadcast_estimations(concurrency_id)
                else:
                    await idle()
        finally:
            self.stopped = True
            self._cancel_asyncio_tasks()

    queue.push, queue.process_events, queue.start_processing = pushed, processed, start_processing
    return True
