"""The files a Hugging Face Space receives: the app, the library, the shipped checkpoints (with their state
indices), the corpora (examples, imported tasks) and the README with its pictures. Not the tests,
benchmarks, scripts, CI, logs, training leftovers (``resume.keras``) or caches.

    python scripts/space_files.py                     # list them with their sizes; exit 1 if one is >= 10 MB
    python scripts/space_files.py --stage /tmp/space  # copy them there, then:
    hf upload YOUR_NAME/seq2seq-explorer /tmp/space . --repo-type space

The list comes from ``git ls-files`` (what is committed), so a file you have not committed is not deployed.
"""

from __future__ import annotations

import argparse
import fnmatch
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = (
    "README.md",
    "app.py",
    "requirements.txt",
    "seq2seq/*.py",
    "explorer/*.py",
    "explorer/*.js",
    "checkpoints/*/*",
    "data/*/*",
    "docs/*.png",
    "docs/*.md",
)
EXCLUDE = ("checkpoints/*/resume.keras", "*.pyc", "*/__pycache__/*", "*.tmp-*", "*.old-*")
LIMIT = 10_000_000  # a Space refuses larger files pushed without LFS/Xet


def space_files(root: Path = ROOT) -> list[Path]:
    """Committed files the Space needs, relative to ``root``, sorted."""
    listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
    keep = []
    for name in listed.splitlines():
        if any(fnmatch.fnmatch(name, p) for p in INCLUDE) and not any(fnmatch.fnmatch(name, p) for p in EXCLUDE):
            if (root / name).is_file():
                keep.append(Path(name))
    return sorted(keep)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stage", type=Path, help="copy the files into this (new or empty) folder")
    args = ap.parse_args(argv)
    files = space_files()
    too_big = [f for f in files if (ROOT / f).stat().st_size >= LIMIT]
    total = sum((ROOT / f).stat().st_size for f in files)
    for f in files:
        print(f"{(ROOT / f).stat().st_size / 1e6:8.2f} MB  {f}")
    print(f"{len(files)} files, {total / 1e6:.1f} MB; {len(too_big)} of 10 MB or more")
    if args.stage:
        if args.stage.exists() and any(args.stage.iterdir()):
            print(f"error: {args.stage} is not empty", file=sys.stderr)
            return 2
        for f in files:
            (args.stage / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, args.stage / f)
        print(
            f"staged in {args.stage}; upload with: "
            f"hf upload YOUR_NAME/seq2seq-explorer {args.stage} . --repo-type space"
        )
    return 1 if too_big else 0


if __name__ == "__main__":
    sys.exit(main())
