"""What a Space receives: the app, library, checkpoints, data and README pictures — each file under 10 MB —
and nothing of the tests, benchmarks, scripts, logs or training leftovers; the repository itself keeps plain
git objects (no LFS filters), so a clone works without git-lfs."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from space_files import LIMIT, main, space_files


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


def test_the_staged_folder_is_exactly_the_list(tmp_path):
    assert main(["--stage", str(tmp_path / "space")]) == 0
    staged = sorted(p.relative_to(tmp_path / "space") for p in (tmp_path / "space").rglob("*") if p.is_file())
    assert staged == space_files()


def test_the_repository_has_no_lfs_filters():
    attrs = ROOT / ".gitattributes"
    assert not attrs.exists() or "filter=lfs" not in attrs.read_text()
    out = subprocess.run(
        ["git", "check-attr", "filter", "checkpoints/dates-lstm/model.keras"], cwd=ROOT, capture_output=True, text=True
    )
    assert "lfs" not in out.stdout
