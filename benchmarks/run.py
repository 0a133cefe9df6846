"""Speed, memory and load of Seq2Seq Explorer, measured on this machine; prints a table, writes JSON.

    python benchmarks/run.py            # full run (a few minutes); JSON to benchmarks/results/latest.json
    python benchmarks/run.py --quick    # a smoke run with few repetitions (the test suite runs this)

What it measures (the checkpoint is en-de-lstm-attn when shipped, else the first LSTM one found):
 1. translate() with full trace, greedy and beam 5, on a 12-word sentence: p50 / p95
 2. the tutorial baseline in the same run: greedy with keras_model.predict once per output step; the ratio
 3. building every figure of the main view (p50)
 4. one /translate request through the running app with gradio_client (p50 / p95), with every array and
    with arrays=False, with the client's default TLS settings and with ssl_verify=False; the same request
    through the queue as the page's own client makes it (the server's part) and through Gradio's curl
    route (POST /gradio_api/call/translate, then its event stream); the client's own floor: an
    endpoint that echoes its input (benchmarks/echo_app.py), with either setting
 5. the Compare view (three checkpoints) through the app (p50)
 6. cold start: from `python app.py` to the first answered request (median)
 7. peak RSS of the app with every checkpoint loaded
 8. load: N concurrent users, 5 requests each (every array; arrays=False), as gradio_client users and as
    clients speaking the page's own queue protocol over HTTP: errors, "busy" answers, p50, p95; a class
    through the page's own events; playback and Enter → heatmap in Chromium
 9. training throughput (target pieces/s) of length-bucketed batches vs padding every batch to the maximum

The app keeps recent answers (explorer/memo.py): a request repeated with the same sentence, as most rows here
send, is answered from that memo after its first time — as a class clicking one example is. The library rows
(1–3) time the translation itself; the load rows marked "each request its own sentence" send sentences the
server has not translated before.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from seq2seq.liveworker import cpu_seconds  # noqa: E402 - the /proc reading the live worker uses
from tests.devserver import start_app  # noqa: E402

SENTENCE = {
    "en-de": "I have read only ten pages of the book so far this week.",  # 12 words
    "dates": "Wednesday, November 25, 2026",
    "en-ko": "Click the OK button to close the dialog.",
}


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q / 100 * (len(xs) - 1)))]


def spread(xs: list[float]) -> dict:
    """p50, p95 and how many measurements: what the report shows of a list of times."""
    return {"p50": pct(xs, 50), "p95": pct(xs, 95), "runs": len(xs)}


def timed(fn, runs: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def pick_checkpoint() -> str:
    import seq2seq

    names = seq2seq.list_checkpoints()
    for want in ("en-de-lstm-attn", "dates-lstm-attn", "dates-lstm"):
        if want in names:
            return want
    return names[0]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_quiet(pid: int, limit_s: float = 90.0, below: float = 0.1) -> float:
    """Wait until the server and its children use < ``below`` of a core over a second (its background warm-up
    done: a class arrives minutes after the teacher starts the server, not in its first seconds); returns the
    seconds waited."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit_s:
        procs = [pid, *children(pid)]
        before = sum(map(cpu_seconds, procs))
        time.sleep(1.0)
        if sum(map(cpu_seconds, procs)) - before < below:  # a child that has just ended counts 0 from then on
            break
    return time.perf_counter() - t0


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (the live trainings' worker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def bench_library(name: str, runs: int, baseline_runs: int) -> dict:
    import seq2seq
    from explorer import registry, views
    from seq2seq.decode import keras_greedy
    from seq2seq.tokenizer import BOS_ID, EOS_ID

    model = seq2seq.load(name)
    text = SENTENCE[model.config.task]
    greedy = timed(lambda: model.translate(text), runs)
    beam = timed(lambda: model.translate(text, beam_size=5), runs)
    t = model.translate(text)
    _, src = model.source_ids(text)
    if keras_greedy(model.keras_model, src, 64, BOS_ID, EOS_ID) != t.target_ids:  # a check, not an assert: -O
        raise RuntimeError(f"{name}: the replay and Keras decode {text!r} differently; the timings would mislead")
    base = timed(
        lambda: keras_greedy(model.keras_model, src, 64, BOS_ID, EOS_ID, use_predict=True), baseline_runs, warmup=1
    )

    def main_view():
        views.pieces_html(t)
        views.state_figures(t, "h", "variance", 32)

    figs = timed(main_view, max(10, runs // 2))
    near = {}
    if (model.folder / "index.json").exists():  # nearest training sentences: encode + cosine over the index
        from explorer.endpoints import api_neighbours

        reg = registry.Registry(models={name: model})
        api_neighbours(reg, text, name, 8)  # loads the index once
        near["neighbours_ms"] = timed(lambda: api_neighbours(reg, text, name, 8), runs)
    # Asking why, on the same sentence: a forced prefix (the first two pieces of the model's own output, then
    # greedy), an intervention (the 10 encoder units that vary most switched off), saliency.
    prefix = model.tgt_tokenizer.decode(t.target_ids[:2])
    units = views.unit_order(t, "h", "variance", 10, 0).tolist()
    spec = {"side": "encoder", "layer": 0, "array": "h", "units": units, "value": 0.0}
    why = {
        "continue_ms": timed(lambda: model.complete(text, prefix), runs),
        "intervene_ms": timed(lambda: model.intervene(text, spec), runs),
        "saliency_ms": timed(lambda: model.saliency(text), max(5, runs // 3)),
    }
    return {
        "checkpoint": name,
        "sentence": text,
        "target_pieces": len(t.target_ids),
        "translate_greedy_ms": spread(greedy),
        "translate_beam5_ms": spread(beam),
        "beam5_over_greedy": pct(beam, 50) / pct(greedy, 50),
        "baseline_predict_per_step_ms": {"p50": pct(base, 50), "runs": baseline_runs},
        "speedup_vs_baseline": pct(base, 50) / pct(greedy, 50),
        "main_view_figures_ms": {"p50": pct(figs, 50)},
        **{k: {"p50": pct(v, 50), "runs": len(v)} for k, v in {**why, **near}.items()},
        "saliency_over_greedy": pct(why["saliency_ms"], 50) / pct(greedy, 50),
    }


def bench_app(name: str, runs: int, cold_starts: int, users: list[int]) -> dict:
    from gradio_client import Client

    import seq2seq
    from seq2seq.checkpoints import read_json, resolve

    task = seq2seq.load(name).config.task
    text = SENTENCE[task]
    out: dict = {}
    colds = []
    for i in range(cold_starts):
        proc, url, t0 = start_app()
        client = Client(url, verbose=False)
        client.predict(text, name, 1, api_name="/translate")
        colds.append(time.perf_counter() - t0)
        if i == 0:  # memory: after the first answer, then with every checkpoint loaded (each on first use)
            out["rss_first_answer_mb"] = peak_rss_mb(proc.pid)
            names = seq2seq.list_checkpoints()
            for other in names:
                other_task = read_json(resolve(other) / "config.json")["model"]["task"]
                client.predict(SENTENCE.get(other_task, text), other, 1, False, api_name="/translate")
            out["rss_all_loaded_mb"] = {"mb": peak_rss_mb(proc.pid), "checkpoints": len(names)}
        client.close()  # it holds a heartbeat stream to the server until closed
        proc.terminate()
        proc.wait()
    out["cold_start_s"] = {"median": statistics.median(colds), "runs": colds}

    queue = 64
    proc, url, _ = start_app({"SEQ2SEQ_QUEUE_SIZE": str(queue)})
    try:
        client = Client(url, verbose=False)
        req = timed(lambda: client.predict(text, name, 1, api_name="/translate"), runs)
        out["request_translate_ms"] = spread(req)
        light = timed(lambda: client.predict(text, name, 1, False, api_name="/translate"), runs)
        out["request_translate_light_ms"] = spread(light)
        plain = Client(url, verbose=False, ssl_verify=False)  # no certificate store loaded per request
        try:
            for key, arrays in (("request_translate_no_tls_ms", True), ("request_translate_light_no_tls_ms", False)):
                lat = timed(lambda a=arrays: plain.predict(text, name, 1, a, api_name="/translate"), runs)
                out[key] = spread(lat)
        finally:
            plain.close()
        lat = queue_timed(url, "translate", [text, name, 1, True], runs)
        out["request_translate_queue_ms"] = spread(lat)
        lat = call_route_timed(url, "translate", [text, name, 1, True], runs)
        out["request_translate_call_route_ms"] = spread(lat)
        out["client_floor_ms"] = bench_client_floor(runs)
        if (resolve(name) / "index.json").exists():
            near = timed(lambda: client.predict(text, name, 8, api_name="/neighbours"), runs)
            out["request_neighbours_ms"] = spread(near)
        # Compare needs a task with all three cells; en-de with attention when shipped, else the dates.
        trio = {
            "en-de": ["en-de-rnn-attn", "en-de-lstm-attn", "en-de-gru-attn"],
            "dates": ["dates-rnn", "dates-lstm", "dates-gru"],
        }
        c_task = next((t for t, ns in trio.items() if set(ns) <= set(seq2seq.list_checkpoints())), task)
        c_name, c_text = trio[c_task][1], SENTENCE[c_task]
        comp = timed(
            lambda: client.predict(c_text, c_task, c_name, "h", "variance", 32, api_name="/compare_view"),
            max(5, runs // 4),
        )
        out["request_compare_ms"] = {"p50": pct(comp, 50), "runs": len(comp), "checkpoints": trio.get(c_task)}
        out["playback"] = bench_playback(url, name, text, 10 if runs <= 5 else 60)
        out["page"] = bench_page(url, task, name, text, [5] if runs <= 5 else [10, 30, 50])
        out["live"] = bench_live(
            url,
            name,
            text,
            runs,
            seconds=20 if runs <= 5 else 60,
            class_users=5 if runs <= 5 else 30,
            server_pid=proc.pid,
            task=task,
        )
        out["peak_rss_mb"] = peak_rss_mb(proc.pid)
        # the live trainings' worker process, beside the server's
        out["live_worker_peak_rss_mb"] = max((peak_rss_mb(c) for c in children(proc.pid)), default=0.0)
    finally:
        proc.terminate()
        proc.wait()
    # The load tests meet a server of their own, as a class meets the app: not one that has just run a live
    # training (TensorFlow loaded) and the sessions above. Each kind of client in turn, the page's own first.
    proc, url, _ = start_app({"SEQ2SEQ_QUEUE_SIZE": str(queue)})
    try:
        client.close()  # the first server's client
        client = Client(url, verbose=False)
        timed(lambda: client.predict(text, name, 1, api_name="/translate"), 3)  # warm: checkpoint loaded
        out["load_server_settled_s"] = wait_quiet(proc.pid)
        out["load"] = {}
        out["load_light"], out["load_page_client"], out["load_page_client_light"] = {}, {}, {}
        out["load_no_tls"], out["load_page_client_own_sentences"] = {}, {}
        fresh = 0  # each run's own sentences are new to this server
        for n in users:
            out["load_page_client"][str(n)] = load_test_http(url, name, text, n, 5, server_pid=proc.pid)
            out["load_page_client_own_sentences"][str(n)] = load_test_http(
                url, name, own_sentences(task, n * 5, fresh), n, 5, server_pid=proc.pid
            )
            fresh += n * 5
            out["load_page_client_light"][str(n)] = load_test_http(url, name, text, n, 5, arrays=False)
            out["load"][str(n)] = load_test(url, name, text, n, 5)
            out["load_light"][str(n)] = load_test(url, name, text, n, 5, arrays=False)
            out["load_no_tls"][str(n)] = load_test(url, name, text, n, 5, ssl_verify=False)
        after = timed(lambda: client.predict(text, name, 1, api_name="/translate"), 5, warmup=0)
        out["after_load_ms"] = {"p50": pct(after, 50)}
        out["peak_rss_mb"] = max(out["peak_rss_mb"], peak_rss_mb(proc.pid))
        out["queue_max_size"] = queue
        client.close()
    finally:
        proc.terminate()
        proc.wait()
    # Overload: a queue of 4 against more users than it holds. Expect "busy" answers, no errors, and a
    # normal answer afterwards.
    proc, url, _ = start_app({"SEQ2SEQ_QUEUE_SIZE": "4"})
    try:
        over = load_test(url, name, text, 6 if users == [5] else 30, 2)
        over["queue_max_size"] = 4
        over["answers_afterwards"] = bool(Client(url, verbose=False).predict(text, name, 1, api_name="/translate"))
        out["overload"] = over
    finally:
        proc.terminate()
        proc.wait()
    return out


def bench_live(
    url: str,
    name: str,
    text: str,
    runs: int,
    seconds: float = 60,
    class_users: int = 30,
    server_pid: int | None = None,
    task: str = "en-de",
) -> dict:
    """/translate p50 idle and while a live training (LSTM-32 with attention, ``seconds``) runs in the same
    server; a class during it (``class_users`` × 5 ``/translate`` at once, the page's protocol, every array):
    first all on one example, then each request a sentence of its own (the test split's); how far that
    training gets (dev exact match)."""
    import threading

    from gradio_client import Client

    client = Client(url, verbose=False)
    idle = timed(lambda: client.predict(text, name, 1, api_name="/translate"), runs)
    result: dict = {}

    def train():
        result.update(Client(url, verbose=False).predict("lstm", 32, True, False, seconds, api_name="/train_live"))

    worker = threading.Thread(target=train)
    worker.start()
    time.sleep(min(10.0, seconds / 4))  # past the set-up, into the epochs
    during_class = load_test_http(url, name, text, class_users, 5, server_pid=server_pid)
    during_class["training_still_running"] = worker.is_alive()
    own = own_sentences(task, class_users * 5)
    during_own = load_test_http(url, name, own, class_users, 5, server_pid=server_pid)
    during_own["training_still_running"] = worker.is_alive()
    busy = []
    while worker.is_alive() and len(busy) < 4 * runs:
        busy += timed(lambda: client.predict(text, name, 1, api_name="/translate"), 1, warmup=0)
    worker.join()
    return {
        "idle_ms": spread(idle),
        "training_ms": spread(busy),
        "ratio": pct(busy, 50) / pct(idle, 50),
        "class_during_training": during_class,
        "class_own_sentences_during_training": during_own,
        "seconds": seconds,
        "epochs": result.get("epochs"),
        "exact_match": result.get("exact_match"),
        "dev_loss": result.get("dev_loss"),
    }


def bench_page(url: str, task: str, name: str, text: str, students: list[int], spread_s: float = 3.0) -> dict:
    """A class through the page: N students (each a session of its own, as a browser tab is) press Translate
    within ``spread_s`` seconds — the page's translate event, which also draws the visible view (playback) —
    then switch to States & gates (the tab's event, which draws it). The same events, queue and session state
    the browser uses (/page_translate, /page_tab_states). Playback steps need no request (see
    bench_playback)."""
    return {
        **{str(n): class_run(url, task, name, text, n, spread_s) for n in students},
        **{f"{n} (page protocol)": class_run_http(url, task, name, text, n, spread_s) for n in students},
    }


PAGE_STATES = ("translation", "sent_props", "lang")  # the page events' gr.State inputs, kept by the server


def page_translate_args(text: str, name: str, task: str) -> dict:
    """The /page_translate event's inputs by name, in the event's order, on the Playback tab (what a page opens
    on); its gr.State inputs as None (the page's own client sends them so; gradio_client leaves them out)."""
    return dict(
        **dict(sentence=text, checkpoint=name, decoding="greedy", beam_width=5, max_pieces=64, tab="playback"),
        **dict(unit_order="variance", n_units=32, task=task, k=8, sent_props=None, iv_array="h", iv_layer=0),
        lang=None,
    )


def page_tab_args(text: str, name: str, task: str) -> dict:
    """The /page_tab_states event's inputs by name, in the event's order (see ``page_translate_args``)."""
    return dict(
        **dict(translation=None, array="h", unit_order="variance", n_units=32, layer=0, step=0, sentence=text),
        **dict(task=task, checkpoint=name, k=8, near_step=0, lang=None),
    )


def without_states(args: dict) -> list:
    """A page event's inputs as gradio_client takes them: in order (an undocumented endpoint takes no keywords),
    without the gr.State ones."""
    return [v for k, v in args.items() if k not in PAGE_STATES]


def class_plan(n: int, spread_s: float) -> list[tuple[float, float]]:
    """Each student's (delay before Translate within ``spread_s``, seconds spent reading before the tab
    switch), the same for both kinds of client."""
    import random

    rng = random.Random(n)
    return [(rng.uniform(0, spread_s), rng.uniform(0.5, 2.0)) for _ in range(n)]


def class_result(times: dict[str, list[float]], errors: list[str]) -> dict:
    """p50/p95 per action, and the errors."""
    return {
        **{k: {"p50": pct(v, 50), "p95": pct(v, 95), "n": len(v)} for k, v in times.items() if v},
        "errors": len(errors),
        "error_examples": errors[:3],
    }


def load_result(users: int, each: int, lat: list[float], errors: list[str], busy: int, wall: float) -> dict:
    """What a load test reports, whichever client made it."""
    return {
        "users": users,
        "requests": users * each,
        "ok": len(lat),
        "busy": busy,
        "errors": len(errors),
        "error_samples": errors[:3],
        "p50_ms": pct(lat, 50) if lat else None,
        "p95_ms": pct(lat, 95) if lat else None,
        "wall_s": wall,
    }


def class_run(url: str, task: str, name: str, text: str, n: int, spread_s: float) -> dict:
    """One class of ``n`` students at once (see ``bench_page``)."""
    import threading

    from gradio_client import Client

    clients = [Client(url, verbose=False) for _ in range(n)]
    times: dict[str, list[float]] = {"translate_render": [], "tab_switch": []}
    errors: list[str] = []
    gate = threading.Barrier(n)
    plan = class_plan(n, spread_s)

    def student(c, delay, reading):
        try:
            gate.wait()
            time.sleep(delay)
            t0 = time.perf_counter()
            c.predict(*without_states(page_translate_args(text, name, task)), api_name="/page_translate")
            times["translate_render"].append((time.perf_counter() - t0) * 1000)
            time.sleep(reading)  # reads the playback, then opens another tab
            t0 = time.perf_counter()
            c.predict(*without_states(page_tab_args(text, name, task)), api_name="/page_tab_states")
            times["tab_switch"].append((time.perf_counter() - t0) * 1000)
        except Exception as e:  # counted, not raised: the figure is how many fail
            errors.append(f"{type(e).__name__}: {str(e)[:120]}")

    threads = [threading.Thread(target=student, args=(c, *p)) for c, p in zip(clients, plan, strict=True)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for c in clients:  # each client holds a heartbeat stream to the server until closed
        c.close()
    return class_result(times, errors)


def bench_client_floor(runs: int) -> dict:
    """p50 / p95 of gradio_client calling an endpoint that only returns its input (benchmarks/echo_app.py):
    what the client's polling and the queue cost whatever the endpoint does; ``no_tls``: the same with
    ``ssl_verify=False`` (gradio_client 2.7 builds two httpx clients per request, each loading the certificate
    store unless told not to: ~25 ms each here, even for an http:// address)."""
    import subprocess

    from gradio_client import Client

    from tests.devserver import free_port

    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "echo_app.py")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                client = Client(f"http://127.0.0.1:{port}", verbose=False)
                break
            except Exception:
                if time.time() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        try:
            lat = timed(lambda: client.predict("ping", api_name="/echo"), runs)
        finally:
            client.close()
        plain = Client(f"http://127.0.0.1:{port}", verbose=False, ssl_verify=False)
        try:
            fast = timed(lambda: plain.predict("ping", api_name="/echo"), runs)
        finally:
            plain.close()
        return {**spread(lat), "no_tls": spread(fast)}
    finally:
        proc.terminate()
        proc.wait()


def fn_indices(url: str) -> dict[str, int]:
    """Each named event's index in the app's config (what the page's JavaScript client sends)."""
    import httpx

    config = httpx.get(f"{url}/config", timeout=30).json()
    return {d["api_name"]: d["id"] for d in config["dependencies"] if d.get("api_name")}


async def queue_call(http, url: str, fn_index: int, data: list, session: str) -> list:
    """One event through Gradio's queue over HTTP, as the page's JavaScript client makes it: ``POST
    /gradio_api/queue/join`` (``gr.State`` inputs sent as null: the server keeps them per session), then ``GET
    /gradio_api/queue/data``, the event stream, read to ``process_completed``; returns the outputs. ``http`` is an
    ``aiohttp.ClientSession``: its HTTP parser is C, as a browser's is native (httpx's pure-Python one spent 11 ms
    of CPU per answer with every array here, twice the server's own 5.5 ms, on the 2 cores the server shares)."""
    import orjson  # parses as fast as a browser's JSON.parse; the standard json takes ~15 ms per full answer

    body = {"data": data, "fn_index": fn_index, "session_hash": session}
    async with http.post(f"{url}/gradio_api/queue/join", json=body) as r:
        r.raise_for_status()
        await r.read()
    async with http.get(f"{url}/gradio_api/queue/data", params={"session_hash": session}) as stream:
        async for line in stream.content:  # the event stream, line by line
            if not line.startswith(b"data:"):
                continue
            msg = orjson.loads(line[5:])
            if msg.get("msg") == "process_completed":
                if not msg.get("success"):
                    raise RuntimeError(str(msg)[:200])
                return (msg.get("output") or {}).get("data") or []
    raise RuntimeError("the stream ended without an answer")


def http_session(connections: int = 10):
    """The ``aiohttp`` session ``queue_call`` uses: ``connections`` at once; an event-stream line may be up to
    2 × ``read_bufsize`` long (8 MiB: a full answer at the 64-piece limit is ~1.9 MB)."""
    import aiohttp

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=connections),
        timeout=aiohttp.ClientTimeout(total=120),
        read_bufsize=1 << 22,
    )


def queue_timed(url: str, api_name: str, data: list, runs: int) -> list[float]:
    """``timed`` for one named event through the queue as the page's client sends it (``queue_call``), one
    session and one connection pool: the server's part of a request, without gradio_client's polling."""
    import asyncio
    import secrets

    fn_index, session = fn_indices(url)[api_name], secrets.token_hex(8)
    loop = asyncio.new_event_loop()
    http = loop.run_until_complete(_open(http_session))
    try:
        return timed(lambda: loop.run_until_complete(queue_call(http, url, fn_index, data, session)), runs)
    finally:
        loop.run_until_complete(http.close())
        loop.close()


async def _open(make):
    return make()


def call_route_timed(url: str, api_name: str, data: list, runs: int) -> list[float]:
    """``timed`` for one endpoint through Gradio's curl route, as its "Use via API" page shows it: ``POST
    /gradio_api/call/<api_name>``, then ``GET`` its event stream, the answer parsed with Python's ``json``."""
    import httpx

    def call(client: httpx.Client) -> None:
        event = client.post(f"/gradio_api/call/{api_name}", json={"data": data})
        event.raise_for_status()
        body = client.get(f"/gradio_api/call/{api_name}/{event.json()['event_id']}").text
        if "event: complete\ndata: " not in body:
            raise RuntimeError(body[:200])
        json.loads(body.split("event: complete\ndata: ", 1)[1].split("\n\n", 1)[0])

    with httpx.Client(base_url=url, timeout=60) as client:
        return timed(lambda: call(client), runs)


def load_test_http(
    url: str,
    name: str,
    text: str | list[str],
    users: int,
    each: int,
    arrays: bool = True,
    server_pid: int | None = None,
) -> dict:
    """As ``load_test``, with the clients the page itself uses (``queue_call``: Gradio's queue over HTTP, as
    its JavaScript client speaks it, each user a session of its own), all users in one asyncio loop. ``text``
    is the sentence every request sends (a class on one example) or a list of ``users × each`` sentences, one
    per request (a class typing its own). With ``server_pid``, the CPU time the server and this client used per
    request: on these 2 cores the client takes its share from the server; a browser spends its own machine's.
    The client's is this thread's CPU (the asyncio loop all users share); the server's is its whole process's
    (during a live training, also what it spends streaming that training's progress)."""
    import asyncio
    import secrets

    fn_index = fn_indices(url)["translate"]
    texts = [text] * (users * each) if isinstance(text, str) else list(text)
    assert len(texts) >= users * each, "one sentence per request"
    lat, errors = [], []

    async def user(http, start: asyncio.Event, mine: list[str]) -> None:
        session = secrets.token_hex(8)
        await start.wait()
        for sentence in mine:
            t0 = time.perf_counter()
            try:
                answer = await queue_call(http, url, fn_index, [sentence, name, 1, arrays], session)
                if not answer or not answer[0].get("translation"):
                    raise RuntimeError("an answer without a translation")
                lat.append((time.perf_counter() - t0) * 1000)
            except Exception as e:  # counted, not raised: the figure is how many fail
                errors.append(f"{type(e).__name__}: {str(e)[:120]}")

    async def main() -> float:
        async with http_session(2 * users + 10) as http:
            start = asyncio.Event()
            tasks = [asyncio.create_task(user(http, start, texts[u * each : (u + 1) * each])) for u in range(users)]
            await asyncio.sleep(0.1)
            t0 = time.perf_counter()
            start.set()
            await asyncio.gather(*tasks)
            return time.perf_counter() - t0

    server0, client0 = cpu_seconds(server_pid) if server_pid else 0.0, time.thread_time()
    result = load_result(users, each, lat, errors, 0, asyncio.run(main()))
    result["client_cpu_ms_per_request"] = (time.thread_time() - client0) * 1000 / (users * each)
    if server_pid:
        result["server_cpu_ms_per_request"] = (cpu_seconds(server_pid) - server0) * 1000 / (users * each)
    result["sentences"] = len(set(texts[: users * each]))
    return result


def own_sentences(task: str, n: int, start: int = 0) -> list[str]:
    """``n`` different sentences of a task's test split from the ``start``-th on, as a class typing its own
    would send (a server that has not translated them before answers none from its memo)."""
    from seq2seq.data import load_pairs

    sources = list(dict.fromkeys(s for s, _ in load_pairs(task, "test")))
    return [sources[(start + i) % len(sources)] for i in range(n)]


def class_run_http(url: str, task: str, name: str, text: str, n: int, spread_s: float) -> dict:
    """``class_run`` with the page's own client protocol (``queue_call``) instead of gradio_client: the same
    plan (Translate within ``spread_s``, read 0.5–2 s, open *States & gates*), the same two events."""
    import asyncio
    import secrets

    fns = fn_indices(url)
    times: dict[str, list[float]] = {"translate_render": [], "tab_switch": []}
    errors: list[str] = []
    plan = class_plan(n, spread_s)
    translate = list(page_translate_args(text, name, task).values())  # in the event's order, states as None
    tab = list(page_tab_args(text, name, task).values())

    async def student(http, delay: float, reading: float) -> None:
        session = secrets.token_hex(8)
        try:
            await asyncio.sleep(delay)
            t0 = time.perf_counter()
            await queue_call(http, url, fns["page_translate"], translate, session)
            times["translate_render"].append((time.perf_counter() - t0) * 1000)
            await asyncio.sleep(reading)
            t0 = time.perf_counter()
            await queue_call(http, url, fns["page_tab_states"], tab, session)
            times["tab_switch"].append((time.perf_counter() - t0) * 1000)
        except Exception as e:  # counted, not raised: the figure is how many fail
            errors.append(f"{type(e).__name__}: {str(e)[:120]}")

    async def main() -> None:
        async with http_session(2 * n + 10) as http:
            await asyncio.gather(*(student(http, *p) for p in plan))

    asyncio.run(main())
    return class_result(times, errors)


def load_test(
    url: str, name: str, text: str, users: int, each: int, arrays: bool = True, ssl_verify: bool = True
) -> dict:
    """``users`` threads, each with its own client, send ``each`` requests as fast as they are answered
    (``arrays=False``: the light answer, without the per-step arrays; ``ssl_verify=False``: clients that do not
    load the certificate store, which gradio_client does twice per request, ~25 ms each here)."""
    from gradio_client import Client

    lat, errors, busy = [], [], 0
    lock = threading.Lock()
    clients = [Client(url, verbose=False, ssl_verify=ssl_verify) for _ in range(users)]
    start = threading.Barrier(users)

    def user(c):
        nonlocal busy
        start.wait()
        for _ in range(each):
            t0 = time.perf_counter()
            try:
                c.predict(text, name, 1, arrays, api_name="/translate")
                with lock:
                    lat.append((time.perf_counter() - t0) * 1000)
            except Exception as e:
                with lock:
                    if "queue is full" in str(e).lower() or "busy" in str(e).lower():
                        busy += 1
                    else:
                        errors.append(f"{type(e).__name__}: {str(e)[:120]}")

    threads = [threading.Thread(target=user, args=(c,)) for c in clients]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    for c in clients:
        c.close()
    return load_result(users, each, lat, errors, busy, wall)


def bench_playback(url: str, name: str, text: str, steps: int) -> dict | None:
    """Time from pressing a playback step to the page having drawn it, in Chromium at 1280×800 (the stepping
    runs in the browser: no request per step). Also the time from Enter to the first heatmap drawn."""
    from urllib.parse import urlencode

    from playwright.sync_api import sync_playwright

    import seq2seq
    from tests.devserver import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        task = seq2seq.load(name).config.task
        page.goto(f"{url}/?{urlencode(dict(task=task, checkpoint=name, text=text))}")
        page.wait_for_selector(".pb-root svg", timeout=120_000)
        step_ms = page.evaluate(
            """async (n) => {
              const button = document.querySelector('.pb-root [data-act=forward]');
              const first = document.querySelector('.pb-root [data-act=first]');
              const out = [];
              for (let i = 0; i < n; i++) {
                const root = document.querySelector('.pb-root');
                if (+root.dataset.step >= +root.dataset.total - 1) first.click();
                const t0 = performance.now();
                button.click();
                await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
                out.push(performance.now() - t0);
              }
              return out;
            }""",
            steps,
        )
        box = page.get_by_label("Sentence (Enter translates)")
        enter_ms = []
        from explorer import registry

        others = [x for x in registry.HAND_PICKED[task] if x != text][:3]  # each a new translation to draw
        for sentence in others:
            loads = page.evaluate("() => window.pbLoads")
            box.fill(sentence)
            t0 = time.perf_counter()
            box.press("Enter")
            page.wait_for_function("(old) => window.pbLoads !== old", arg=loads, timeout=60_000)
            page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
            enter_ms.append((time.perf_counter() - t0) * 1000)
        browser.close()
    return {
        "step_ms": spread(step_ms),
        "enter_to_heatmap_ms": {"median": statistics.median(enter_ms), "runs": enter_ms},
    }


def bench_training(pairs_n: int) -> dict:
    """Target pieces per second of one epoch of fit on the same English→German pairs (a sample of the real
    training mix; LSTM-256 with attention, the en-de size), length-bucketed batches vs every batch padded to
    the longest pair."""
    import tempfile

    import keras
    import numpy as np

    from seq2seq.config import ModelConfig, TrainConfig
    from seq2seq.data import DATA_DIR
    from seq2seq.model import build_model
    from seq2seq.tokenizer import Tokenizer
    from seq2seq.train import as_dataset, compile_model, encode_pairs, make_batches, training_pairs

    # The real en-de training mix (sentences ×2 + 40,000 phrase pairs), a fixed random sample of it.
    mix = training_pairs("en-de", TrainConfig(sentence_repeat=2, phrase_pairs=40000), DATA_DIR)
    pick = np.random.default_rng(0).choice(len(mix), size=min(pairs_n, len(mix)), replace=False)
    pairs = [mix[i] for i in sorted(pick)]
    with tempfile.TemporaryDirectory() as d:
        src_tok = Tokenizer.train([s for s, _ in pairs], Path(d) / "s.model", 2000)
        tgt_tok = Tokenizer.train([t for _, t in pairs], Path(d) / "t.model", 2000)
    cfg = ModelConfig(
        task="en-de",
        cell="lstm",
        units=256,
        embedding_dim=128,
        attention=True,
        src_vocab_size=src_tok.vocab_size,
        tgt_vocab_size=tgt_tok.vocab_size,
    )
    ex = encode_pairs(pairs, src_tok, tgt_tok, cfg, 64)
    out = {"config": "en-de LSTM-256 + attention, sample of the training mix", "pairs": len(ex)}
    for mode in ("bucketed", "padded"):
        keras.utils.set_random_seed(0)
        model = build_model(cfg)
        compile_model(model, 1e-3, 1.0)
        batches = make_batches(ex, 64, seed=1, bucketed=mode == "bucketed")
        model.fit(as_dataset(batches[:3]), epochs=1, verbose=0, shuffle=False)  # trace and warm up
        t0 = time.perf_counter()
        model.fit(as_dataset(batches), epochs=1, verbose=0, shuffle=False)
        secs = time.perf_counter() - t0
        tokens = int(sum((b[2] > 0).sum() for b in batches))
        padded = int(sum(b[2].size for b in batches))
        out[mode] = {"seconds": secs, "target_pieces_per_s": tokens / secs, "padding_fraction": 1 - tokens / padded}
    out["speedup"] = out["bucketed"]["target_pieces_per_s"] / out["padded"]["target_pieces_per_s"]
    return out


def machine() -> str:
    from seq2seq.train import machine as m

    return m()


# every view that draws on opening (Teacher forcing and Why? draw what is asked of them)
FIRST_VIEWS = ("lesson", "states", "attention", "steps", "saturation", "compare", "near", "card")


DRAWN = (
    "() => [...document.querySelectorAll('[role=tabpanel]')].filter(p => p.offsetParent)"
    ".some(p => p.querySelector('.js-plotly-plot .main-svg, table, .lesson-pieces'))"
)
TAB_LABELS = {
    "lesson": "Lesson",
    "states": "States & gates",
    "attention": "Attention",
    "steps": "Step inspector",
    "saturation": "Saturation",
    "compare": "Compare cells",
    "near": "Neighbours",
    "card": "Model card",
}


def bench_first_views(settle_s: float = 15.0, read_s: float = 5.0, look_s: float = 2.0) -> dict | None:
    """First open of every view after a cold start, in a fresh Chromium: a fresh server, ``settle_s`` for its
    background warm-up (explorer/warmup.py: weights read, TensorFlow imported for the first saliency map), then
    two ways in. By link (1366×768): each view opened once by its own link — page, translation and the view's
    figures; the first figure view also fetches and compiles Gradio's plotly chunk. By tab (1920×1080, where
    every tab shows; a new browser): the page opened as a student opens it, ``read_s`` to read its first
    translation, then each view's tab clicked in turn, ``look_s`` apart (a view's maps go on drawing after its
    first table shows); each timed until its first figure or table is drawn."""
    from playwright.sync_api import sync_playwright

    from tests.devserver import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        return None
    proc, url, _ = start_app()
    try:
        time.sleep(settle_s)
        out, by_tab = {}, {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-US")
            for key in FIRST_VIEWS:  # each view opened by its link: page, translation and the view's figures
                t0 = time.perf_counter()
                page.goto(f"{url}/?tab={key}")
                page.wait_for_function(DRAWN, timeout=120_000)
                out[key] = round(time.perf_counter() - t0, 2)
            browser.close()
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="en-US")
            page.goto(url)
            page.wait_for_selector(".pb-root svg", timeout=120_000)
            time.sleep(read_s)
            for key in ("states", *[k for k in FIRST_VIEWS if k != "states"]):  # the lesson's order: States first
                t0 = time.perf_counter()
                page.get_by_role("tab", name=TAB_LABELS[key], exact=True).click()
                page.wait_for_function(DRAWN, timeout=120_000)
                by_tab[key] = round(time.perf_counter() - t0, 2)
                time.sleep(look_s)
            browser.close()
    finally:
        proc.terminate()
        proc.wait()
    return {
        "seconds": out,
        "slowest": max(out.values()),
        "by_tab_seconds": by_tab,
        "by_tab_slowest": max(by_tab.values()),
        "read_s": read_s,
        "look_s": look_s,
    }


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description="Seq2Seq Explorer benchmarks")
    ap.add_argument("--quick", action="store_true", help="few repetitions: checks that everything runs")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    args = ap.parse_args(argv)
    q = args.quick
    name = pick_checkpoint()
    result = {
        "machine": machine(),
        "python": platform.python_version(),
        "quick": q,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    result["library"] = bench_library(name, runs=8 if q else 60, baseline_runs=1 if q else 5)
    result["app"] = bench_app(name, runs=5 if q else 50, cold_starts=1 if q else 3, users=[5] if q else [10, 30, 50])
    result["first_views"] = bench_first_views()
    result["training"] = bench_training(300 if q else 3000)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(report(result))
    return result


def report(r: dict) -> str:
    lib, app, tr = r["library"], r["app"], r["training"]
    no_tls, no_tls_light = app["request_translate_no_tls_ms"], app["request_translate_light_no_tls_ms"]
    queued, curl = app["request_translate_queue_ms"], app["request_translate_call_route_ms"]
    rows = [
        f"Machine: {r['machine']} · checkpoint {lib['checkpoint']} · {lib['target_pieces']} target pieces",
        "| measure | result |",
        "|---|---|",
        f"| translate + full trace, greedy | p50 {lib['translate_greedy_ms']['p50']:.1f} ms, "
        f"p95 {lib['translate_greedy_ms']['p95']:.1f} ms |",
        f"| translate + full trace, beam 5 | p50 {lib['translate_beam5_ms']['p50']:.1f} ms "
        f"({lib['beam5_over_greedy']:.1f}× greedy) |",
        f"| baseline: model.predict per step | p50 {lib['baseline_predict_per_step_ms']['p50']:.0f} ms "
        f"→ ours is {lib['speedup_vs_baseline']:.0f}× faster |",
        f"| main view figures | p50 {lib['main_view_figures_ms']['p50']:.1f} ms |",
        f"| what-if prefix (complete) | p50 {lib['continue_ms']['p50']:.1f} ms |",
        f"| intervention (10 units off) | p50 {lib['intervene_ms']['p50']:.1f} ms |",
        f"| saliency | p50 {lib['saliency_ms']['p50']:.1f} ms ({lib['saliency_over_greedy']:.1f}× greedy) |",
        *(
            [
                "| nearest training sentences (encode + cosine over the index) | "
                f"p50 {lib['neighbours_ms']['p50']:.1f} ms |"
            ]
            if "neighbours_ms" in lib
            else []
        ),
        *(
            [
                f"| /neighbours through the app (k = 8) | p50 {app['request_neighbours_ms']['p50']:.0f} ms, "
                f"p95 {app['request_neighbours_ms']['p95']:.0f} ms |"
            ]
            if "request_neighbours_ms" in app
            else []
        ),
        f"| /translate through the app | p50 {app['request_translate_ms']['p50']:.0f} ms, "
        f"p95 {app['request_translate_ms']['p95']:.0f} ms |",
        f"| /translate, arrays=False | p50 {app['request_translate_light_ms']['p50']:.0f} ms, "
        f"p95 {app['request_translate_light_ms']['p95']:.0f} ms |",
        f"| /translate, gradio_client with ssl_verify=False: every array / arrays=False | "
        f"p50 {no_tls['p50']:.0f} / {no_tls_light['p50']:.0f} ms, "
        f"p95 {no_tls['p95']:.0f} / {no_tls_light['p95']:.0f} ms |",
        f"| /translate through the queue as the page's client sends it (the server's part) | "
        f"p50 {queued['p50']:.0f} ms, p95 {queued['p95']:.0f} ms |",
        f"| /translate through the curl route (POST, then the event stream; httpx) | "
        f"p50 {curl['p50']:.0f} ms, p95 {curl['p95']:.0f} ms |",
        f"| gradio_client's floor: an endpoint that echoes its input (default / ssl_verify=False) | "
        f"p50 {app['client_floor_ms']['p50']:.0f} / {app['client_floor_ms']['no_tls']['p50']:.0f} ms, "
        f"p95 {app['client_floor_ms']['p95']:.0f} / {app['client_floor_ms']['no_tls']['p95']:.0f} ms |",
        f"| Compare view (3 checkpoints) | p50 {app['request_compare_ms']['p50']:.0f} ms |",
        f"| cold start to first answer | median {app['cold_start_s']['median']:.1f} s |",
        f"| first open of each view after a cold start, warm-up done (slowest): by its tab, the page open "
        f"{r['first_views'].get('read_s', 0):.0f} s / by its own link in a fresh browser | "
        f"{r['first_views'].get('by_tab_slowest', float('nan')):.2f} / {r['first_views']['slowest']:.2f} s |"
        if r.get("first_views")
        else "| first open of each view after a cold start | (no Chromium) |",
        f"| peak RSS, every checkpoint loaded ({app['rss_all_loaded_mb']['checkpoints']}, each on first use) | "
        f"{app['rss_all_loaded_mb']['mb']:.0f} MB (after the first answer: {app['rss_first_answer_mb']:.0f} MB) |",
        f"| peak RSS over the whole benchmark (live training, indices, load tests) | {app['peak_rss_mb']:.0f} MB "
        f"(the live trainings' worker process beside it: {app.get('live_worker_peak_rss_mb', 0):.0f} MB) |",
    ]
    pb = app.get("playback")
    if pb:
        rows.append(
            f"| playback: press a step → drawn (Chromium, in the page) | p50 {pb['step_ms']['p50']:.1f} ms, "
            f"p95 {pb['step_ms']['p95']:.1f} ms |"
        )
        enter = pb["enter_to_heatmap_ms"]["median"]
        rows.append(f"| Enter → translation and heatmaps drawn (Chromium) | median {enter:.0f} ms |")
    for key, pg in app.get("page", {}).items():
        tr_, tab = pg.get("translate_render", {}), pg.get("tab_switch", {})
        n, _, how = key.partition(" ")
        who = "the page's queue protocol" if how else "gradio_client"
        rows.append(
            f"| {n} students through the page ({who}): Translate + playback drawn / tab switch | "
            f"p50 {tr_.get('p50', 0):.0f} / {tab.get('p50', 0):.0f} ms, p95 {tr_.get('p95', 0):.0f} / "
            f"{tab.get('p95', 0):.0f} ms; {pg['errors']} errors |"
        )
    lv = app.get("live")
    if lv:
        rows.append(
            f"| /translate while a live training runs | p50 {lv['training_ms']['p50']:.0f} ms vs "
            f"{lv['idle_ms']['p50']:.0f} ms idle ({lv['ratio']:.1f}×) |"
        )
        for key, what in (
            ("class_during_training", "one example"),
            ("class_own_sentences_during_training", "each request its own sentence"),
        ):
            cl = lv.get(key)
            if cl:
                rows.append(
                    f"| {cl.get('users')} users × 5 `/translate` at once while a live training runs (page protocol, "
                    f"every array; {what}), p95 | {cl.get('p95_ms', 0):.0f} ms, {cl.get('errors')} errors; CPU per "
                    f"request: server {cl.get('server_cpu_ms_per_request', 0):.1f} ms, client "
                    f"{cl.get('client_cpu_ms_per_request', 0):.1f} ms |"
                )
        rows.append(
            f"| live training, LSTM-32 + attention, {lv['seconds']:.0f} s | {lv['epochs']} epochs, dev exact "
            f"match {lv['exact_match']}%, dev loss {lv['dev_loss']:.3f} |"
        )
    for key, what in (
        ("load", "gradio_client, every array"),
        ("load_light", "gradio_client, arrays=False"),
        ("load_no_tls", "gradio_client with ssl_verify=False, every array"),
        ("load_page_client", "the page's queue protocol, every array"),
        ("load_page_client_own_sentences", "the page's queue protocol, every array, each its own sentence"),
        ("load_page_client_light", "the page's queue protocol, arrays=False"),
    ):
        for n, lt in app.get(key, {}).items():
            rows.append(
                f"| {n} users × 5 requests ({what}) | {lt['ok']} ok, {lt['busy']} busy, {lt['errors']} errors; "
                f"p50 {lt['p50_ms'] or 0:.0f} ms, p95 {lt['p95_ms'] or 0:.0f} ms |"
            )
    ov = app["overload"]
    rows.append(
        f"| overload: {ov['users']} users, queue of {ov['queue_max_size']} | {ov['ok']} ok, {ov['busy']} busy, "
        f"{ov['errors']} errors; answers normally afterwards: {ov['answers_afterwards']} |"
    )
    rows.append(
        f"| training, bucketed vs padded | {tr['bucketed']['target_pieces_per_s']:.0f} vs "
        f"{tr['padded']['target_pieces_per_s']:.0f} pieces/s ({tr['speedup']:.1f}×) |"
    )
    return "\n".join(rows)


if __name__ == "__main__":
    main()
