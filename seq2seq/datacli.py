"""The data command line: build a built-in corpus (``seq2seq.data``) or import your own (``seq2seq.corpus``).

    python -m seq2seq.data dates
    python -m seq2seq.data en-de --source /usr/share/trans/de-en
    python -m seq2seq.data en-ko --source /tmp/lo
    python -m seq2seq.data gnome --source /tmp/gnome
    python -m seq2seq.data import kor.txt --task en-ko-tatoeba --source-lang en --target-lang ko

It lives apart from ``seq2seq.data`` so that the corpus modules import in one direction only: ``corpus``
uses ``data``'s splits and files, and only this module uses both (``python -m seq2seq.data`` hands over here).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .corpus import CorpusError, import_corpus
from .data import DATA_DIR, build_dates, build_en_de, build_en_ko, build_en_ko_gnome


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m seq2seq.data {en-de,dates,en-ko} [--source PATH] [--out DIR]`` builds a built-in
    corpus; ``python -m seq2seq.data gnome --source PATH`` adds GNOME's help pairs to en-ko as training material
    (its splits untouched); ``python -m seq2seq.data import PATH --task NAME …`` imports your own
    (``seq2seq.corpus``)."""
    ap = argparse.ArgumentParser(
        description="Build a built-in corpus, or import your own parallel text as a new task.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    sub = ap.add_subparsers(dest="task", required=True, metavar="{en-de,dates,en-ko,gnome,import}")
    for name, what in (
        ("en-de", "the Ding file (default /usr/share/trans/de-en)"),
        ("dates", "(nothing: generated)"),
        ("en-ko", "the folder the three LibreOffice packages were extracted into with dpkg -x"),
    ):
        p = sub.add_parser(name, help=f"build data/{name}", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
        p.add_argument("--source", type=Path, default=None, help=what)
        p.add_argument("--out", type=Path, default=None, help="output folder (default: data/<task>)")
    gn = sub.add_parser(
        "gnome",
        help="write data/en-ko/gnome.tsv.gz (training material only) from GNOME's help",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    gn.add_argument(
        "--source", type=Path, required=True, help="a folder holding each GNOME help package extracted with dpkg -x"
    )
    gn.add_argument(
        "--out",
        type=Path,
        default=DATA_DIR / "en-ko",
        help="the en-ko folder: its splits are read, gnome.tsv.gz written",
    )
    imp = sub.add_parser(
        "import",
        help="import a TSV or Tatoeba/Anki file as data/<task>",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    imp.add_argument("path", type=Path, help="source<TAB>target per line (a third column is ignored)")
    imp.add_argument(
        "--task", dest="task_name", metavar="NAME", required=True, help="the new task: lower case, digits, - and _"
    )
    imp.add_argument("--source-lang", default="en", help="language code of the first column")
    imp.add_argument("--target-lang", default="xx", help="language code of the second column (e.g. ko)")
    imp.add_argument("--max-words", type=int, default=30, help="drop pairs longer than this on either side")
    imp.add_argument("--data-dir", type=Path, default=DATA_DIR, help="where task folders live")
    imp.add_argument("--overwrite", action="store_true", help="replace an existing data/<task>")
    args = ap.parse_args(argv)
    if args.task == "import":
        try:
            info = import_corpus(
                args.path,
                args.task_name,
                source_lang=args.source_lang,
                target_lang=args.target_lang,
                max_words=args.max_words,
                data_dir=args.data_dir,
                overwrite=args.overwrite,
            )
        except CorpusError as e:
            raise SystemExit(f"error: {e}") from None
        c = info["pairs"]
        print(
            f"{info['task']}: {sum(c.values()):,} pairs (train {c['train']:,}, dev {c['dev']:,}, test {c['test']:,}) "
            f"in {Path(args.data_dir) / info['task']}; dropped {info['dropped']}"
        )
        return
    if args.task == "gnome":
        counts, packages = build_en_ko_gnome(args.source, args.out)
        for p in packages:
            print(
                f"{p.name} {p.version}: {p.pages} pages, {p.aligned} aligned, {len(p.skipped)} skipped, "
                f"{len(p.pairs)} blocks; licence: {p.licence} (copyright file), {p.page_licence} (pages)"
            )
        print("gnome " + ", ".join(f"{name}: {n}" for name, n in counts.items()))
        return
    out = args.out or DATA_DIR / args.task
    if args.task == "en-de":
        counts = build_en_de(args.source or Path("/usr/share/trans/de-en"), out)
    elif args.task == "en-ko":
        if args.source is None:
            ap.error("en-ko needs --source: the folder the LibreOffice packages were extracted into")
        counts = build_en_ko(args.source, out)
    else:
        counts = build_dates(out)
    for name, n in counts.items():
        print(f"{args.task} {name}: {n} pairs")


if __name__ == "__main__":
    main()
