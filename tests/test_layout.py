"""The house rules: the library imports no UI, each cell is described in one module, texts come in pairs."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys

import pytest

import seq2seq
from explorer import texts
from seq2seq.cells import ARRAYS, CELLS

from .conftest import ROOT

LIBRARY = sorted(f"seq2seq.{m.name}" for m in pkgutil.iter_modules(seq2seq.__path__))
PAGE_CODE = [ROOT / "app.py", *sorted((ROOT / "explorer").glob("*.py"))]


def test_importing_every_library_module_imports_neither_gradio_nor_plotly():
    code = (
        "import json, sys\n"
        f"for name in {LIBRARY!r}:\n"
        "    __import__(name)\n"
        "print(json.dumps(sorted(m for m in ('gradio', 'plotly') if m in sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout.strip().splitlines()[-1]) == []
    assert {"seq2seq.train", "seq2seq.evaluate", "seq2seq.trace", "seq2seq.decode", "seq2seq.cells"} <= set(LIBRARY)


def _string_constants(path) -> set[str]:
    return {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Constant)}


@pytest.mark.parametrize("path", PAGE_CODE, ids=lambda p: p.name)
def test_page_code_names_no_gate_or_state_key_itself(path):
    """Gate and state keys (and their display names) come from seq2seq.cells, never spelled out again."""
    keys = set(ARRAYS) - {"h"}  # "h", the state every cell has, is the natural default choice
    names = {a.en for a in ARRAYS.values()} | {a.ko for a in ARRAYS.values()} | {c.label for c in CELLS.values()}
    assert not (_string_constants(path) & (keys | names))


def test_every_text_exists_in_english_and_korean():
    assert texts.EN.keys() == texts.KO.keys()
    assert all(texts.KO[k].strip() for k in texts.KO)


def test_a_start_prints_no_tensorflow_start_up_noise():
    """Loading a model and translating writes nothing to stderr: no oneDNN or CPU-feature notices, no absl
    'All log messages before absl::InitializeLog()' line."""
    code = "import seq2seq; seq2seq.load('dates-lstm').translate('May 1, 1999')"
    if not (ROOT / "checkpoints" / "dates-lstm").is_dir():
        pytest.skip("no shipped dates-lstm checkpoint")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and run.stderr.strip() == "", run.stderr[-2000:]
