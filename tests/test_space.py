"""What a Space receives: the app, library, checkpoints, data and README pictures — each file under 10 MB —
and nothing of the tests, benchmarks, scripts, logs or training leftovers; the repository itself keeps plain
git objects (no LFS filters), so a clone works without git-lfs. Staged for ZeroGPU (free accounts) or CPU basic
(PRO), the Space gets the same files; on ZeroGPU its requirements leave Gradio and the ``spaces`` package to the
platform, and the README's front matter names a Python that ZeroGPU runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from space_files import (
    LIMIT,
    PLATFORM_MANAGED,
    ZEROGPU_PYTHONS,
    front_matter,
    main,
    problems,
    requirement_name,
    space_files,
)


def test_the_space_gets_what_the_app_needs_each_file_under_10_mb():
    files = space_files()
    names = {f.as_posix() for f in files}
    assert {"app.py", "requirements.txt", "README.md", "seq2seq/translator.py", "explorer/playback.js"} <= names
    assert all(
        f"checkpoints/{p.parent.name}/model.keras" in names for p in (ROOT / "checkpoints").glob("*/config.json")
    )
    for f in files:
        assert (ROOT / f).stat().st_size < LIMIT, f
        assert f.parts[0] not in {"tests", "benchmarks", "scripts", ".ci", "logs", "runs"}, f
        assert f.name != "resume.keras" and "__pycache__" not in f.parts


def test_every_file_the_page_reads_is_one_a_space_receives():
    """The page's style and scripts are files beside its code (explorer/*.css, *.js): each matches the list."""
    import fnmatch

    from space_files import INCLUDE

    read = [p.relative_to(ROOT).as_posix() for p in (ROOT / "explorer").iterdir() if p.suffix in (".css", ".js")]
    assert {"explorer/page.css", "explorer/link.js", "explorer/lesson_keys.js"} <= set(read)
    assert all(any(fnmatch.fnmatch(name, pattern) for pattern in INCLUDE) for name in read)


def pins(text: str) -> dict[str, str]:
    """A requirements file's lines by the package they pin."""
    return {requirement_name(line): line for line in text.splitlines() if requirement_name(line)}


@pytest.mark.parametrize("hardware", ["zero", "cpu"])
def test_the_staged_folder_is_exactly_the_list(tmp_path, hardware):
    space = tmp_path / "space"
    assert main(["--stage", str(space), "--hardware", hardware]) == 0
    staged = sorted(p.relative_to(space) for p in space.rglob("*") if p.is_file())
    assert staged == space_files()
    committed, theirs = (ROOT / "requirements.txt").read_text(), (space / "requirements.txt").read_text()
    if hardware == "cpu":
        assert theirs == committed
    else:  # everything pinned as committed, less what the platform installs (Gradio: the sdk_version)
        assert pins(theirs) == {k: v for k, v in pins(committed).items() if k not in PLATFORM_MANAGED}
        assert "gradio" in pins(committed) and all("==" in line for line in pins(theirs).values())


def test_the_front_matter_pins_the_tested_gradio_on_a_python_zerogpu_runs(tmp_path):
    meta = front_matter((ROOT / "README.md").read_text(encoding="utf-8"))
    assert meta["sdk_version"] == pins((ROOT / "requirements.txt").read_text())["gradio"].split("==")[1]
    assert meta["python_version"] in ZEROGPU_PYTHONS and "hardware" not in meta  # a hardware key is ignored
    assert problems("zero") == problems("cpu") == []
    (tmp_path / "README.md").write_text('---\nsdk_version: 6.31.0\npython_version: "3.11"\n---\n')
    (tmp_path / "requirements.txt").write_text("gradio==6.31.0\n")
    assert problems("cpu", tmp_path) == [] and len(problems("zero", tmp_path)) == 1


def test_the_repository_has_no_lfs_filters():
    attrs = ROOT / ".gitattributes"
    assert not attrs.exists() or "filter=lfs" not in attrs.read_text()
    out = subprocess.run(
        ["git", "check-attr", "filter", "checkpoints/dates-lstm/model.keras"], cwd=ROOT, capture_output=True, text=True
    )
    assert "lfs" not in out.stdout
