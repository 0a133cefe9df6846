"""The files a Hugging Face Space receives: the app, the library, the shipped checkpoints (with their state
indices), the corpora (examples, imported tasks) and the README with its pictures. Not the tests,
benchmarks, scripts, CI, logs, training leftovers (``resume.keras``) or caches.

    python scripts/space_files.py                     # list them with their sizes; exit 1 if one is >= 10 MB
    python scripts/space_files.py --stage /tmp/space  # copy them there (for ZeroGPU hardware), then:
    hf upload YOUR_NAME/seq2seq-explorer /tmp/space . --repo-type space
    python scripts/space_files.py --stage /tmp/space --hardware cpu   # for CPU basic (a PRO account)

The list comes from ``git ls-files`` (what is committed), so a file you have not committed is not deployed.
Both hardware kinds get the same files; only the Space's ``requirements.txt`` differs. On ZeroGPU, ``gradio``,
``spaces`` and ``huggingface_hub`` are platform-managed (Gradio is the README front matter's ``sdk_version``,
the others come with the image) and pinning them can break the Space's install, so they are left out there;
everything else stays pinned. ZeroGPU also runs only Python 3.10 or 3.12: the front matter must say one.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
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
    "explorer/*.css",
    "checkpoints/*/*",
    "data/*/*",
    "docs/*.png",
    "docs/*.md",
)
EXCLUDE = ("checkpoints/*/resume.keras", "*.snapshots/*", "*.pyc", "*/__pycache__/*", "*.tmp-*", "*.old-*")
LIMIT = 10_000_000  # a Space refuses larger files pushed without LFS/Xet
PLATFORM_MANAGED = {"gradio", "spaces", "huggingface-hub"}  # ZeroGPU installs these itself
ZEROGPU_PYTHONS = {"3.10", "3.12"}
HARDWARE = {"zero": "zero-a10g", "cpu": "cpu-basic"}  # --hardware: the Space's flavor


def space_files(root: Path = ROOT) -> list[Path]:
    """Committed files the Space needs, relative to ``root``, sorted."""
    listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
    keep = []
    for name in listed.splitlines():
        if any(fnmatch.fnmatch(name, p) for p in INCLUDE) and not any(fnmatch.fnmatch(name, p) for p in EXCLUDE):
            if (root / name).is_file():
                keep.append(Path(name))
    return sorted(keep)


def requirement_name(line: str) -> str | None:
    """The normalised package name a ``requirements.txt`` line pins, or None for a comment or blank line."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line)
    return re.sub(r"[-_.]+", "-", match.group(1)).lower() if match else None


def space_requirements(text: str, hardware: str) -> str:
    """The Space's ``requirements.txt`` for ``hardware``: the committed one, less the platform's on ZeroGPU."""
    if hardware == "cpu":
        return text
    kept = "".join(line for line in text.splitlines(keepends=True) if requirement_name(line) not in PLATFORM_MANAGED)
    return f"# ZeroGPU: gradio (the README's sdk_version), spaces and huggingface_hub come from the platform.\n{kept}"


def front_matter(readme: str) -> dict[str, str]:
    """The README's front matter (the Space's settings) as plain ``key: value`` strings, quotes removed."""
    head = readme.split("---\n")[1] if readme.startswith("---\n") else ""
    pairs = (line.split(":", 1) for line in head.splitlines() if ":" in line)
    return {k.strip(): v.strip().strip("\"'") for k, v in pairs}


def problems(hardware: str, root: Path = ROOT) -> list[str]:
    """Why a Space staged for ``hardware`` would not run as tested here (empty when it would)."""
    meta = front_matter((root / "README.md").read_text(encoding="utf-8"))
    pin = re.search(r"^gradio==([^\s;#]+)", (root / "requirements.txt").read_text(), re.MULTILINE)
    found = []
    if pin is None or meta.get("sdk_version") != pin.group(1):
        found.append("the README's sdk_version is not requirements.txt's gradio pin")
    if hardware == "zero" and meta.get("python_version") not in ZEROGPU_PYTHONS:
        found.append(f"the README's python_version is not one ZeroGPU runs ({', '.join(sorted(ZEROGPU_PYTHONS))})")
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stage", type=Path, help="copy the files into this (new or empty) folder")
    ap.add_argument(
        "--hardware",
        choices=sorted(HARDWARE),
        default="zero",
        help="the Space's hardware: zero (ZeroGPU, free accounts) or cpu (CPU basic, PRO); default: zero",
    )
    args = ap.parse_args(argv)
    files = space_files()
    too_big = [f for f in files if (ROOT / f).stat().st_size >= LIMIT]
    total = sum((ROOT / f).stat().st_size for f in files)
    for f in files:
        print(f"{(ROOT / f).stat().st_size / 1e6:8.2f} MB  {f}")
    print(f"{len(files)} files, {total / 1e6:.1f} MB; {len(too_big)} of 10 MB or more")
    found = problems(args.hardware)
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    if args.stage:
        if args.stage.exists() and any(args.stage.iterdir()):
            print(f"error: {args.stage} is not empty", file=sys.stderr)
            return 2
        for f in files:
            (args.stage / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, args.stage / f)
        requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
        (args.stage / "requirements.txt").write_text(space_requirements(requirements, args.hardware), encoding="utf-8")
        print(
            f"staged in {args.stage} for {HARDWARE[args.hardware]} hardware; upload with: "
            f"hf upload YOUR_NAME/seq2seq-explorer {args.stage} . --repo-type space"
        )
    return 1 if too_big or found else 0


if __name__ == "__main__":
    sys.exit(main())
