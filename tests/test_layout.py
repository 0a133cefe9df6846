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


@pytest.mark.slow
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


def _imports(path, package: str, modules: set[str]) -> set[str]:
    """The modules of ``package`` that ``path`` imports, wherever in the file (a function's lazy import counts),
    except under ``if __name__ == "__main__":``, which runs only when the file is the program."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    main = [n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "__name__ == '__main__'"]
    skipped = {id(n) for block in main for n in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.level == 1 or node.module == package):
            base = f"{package}.{node.module}" if node.level and node.module else node.module or package
            names = [base, *(f"{base}.{a.name}" for a in node.names)]  # from . import x: x is a module
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(f"{package}."):
            names = [node.module]
        else:
            continue
        found |= {n.split(".")[1] for n in names if n.startswith(f"{package}.")}
    return (found & modules) - {path.stem}


def import_cycles(folder) -> list[list[str]]:
    """Every circle in the import graph of the package in ``folder``, as [a, b, …, a]."""
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__"}
    graph = {m: sorted(_imports(folder / f"{m}.py", folder.name, modules)) for m in sorted(modules)}
    cycles, state, path = [], {}, []

    def visit(m: str) -> None:
        state[m] = "open"
        path.append(m)
        for dep in graph[m]:
            if state.get(dep) == "open":
                cycles.append([*path[path.index(dep) :], dep])
            elif dep not in state:
                visit(dep)
        path.pop()
        state[m] = "done"

    for m in graph:
        if m not in state:
            visit(m)
    return cycles


def test_the_library_imports_in_one_direction_with_no_circle(tmp_path):
    assert import_cycles(ROOT / "seq2seq") == []
    # the check sees a circle closed by a function's import, and not one through a __main__ block
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text("from . import c\nfrom .b import f\n")
    (pkg / "b.py").write_text("def f():\n    from pkg.a import c\n")
    (pkg / "c.py").write_text("if __name__ == '__main__':\n    from .a import c\n")
    assert import_cycles(pkg) == [["a", "b", "a"]]


def _string_constants(path) -> set[str]:
    return {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Constant)}


@pytest.mark.parametrize("path", PAGE_CODE, ids=lambda p: p.name)
def test_page_code_names_no_gate_or_state_key_itself(path):
    """Gate and state keys (and their display names) come from seq2seq.cells, never spelled out again."""
    keys = set(ARRAYS) - {"h"}  # "h", the state every cell has, is the natural default choice
    names = {a.en for a in ARRAYS.values()} | {a.ko for a in ARRAYS.values()} | {c.label for c in CELLS.values()}
    assert not (_string_constants(path) & (keys | names))


def test_app_py_is_layout_and_wiring():
    """The page's logic lives in explorer/ as plain functions; app.py builds the page and wires them."""
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 450
    defined = {n.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    assert defined <= {"wire_page", "translate_after"}  # two wiring helpers, no handler


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


def test_the_page_scripts_have_every_placeholder_filled_from_python():
    """title_fit.js grows a title's margin by figures.TITLE_LINE_PX a line; the number comes from Python, so a
    change of the figures' line height cannot leave the phone's re-wrap on the old one."""
    import re

    from explorer import figures
    from explorer.layout import HEAD_JS

    assert re.findall(r"__[A-Z_]+__", HEAD_JS) == []
    assert f"const LINE = {figures.TITLE_LINE_PX};" in HEAD_JS
