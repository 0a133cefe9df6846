"""The classroom race of the Train tab, from the command line: SimpleRNN, LSTM and GRU of one size, one
after another, each for the same time budget; prints the README's table (epochs, dev loss and dev exact
match at the end, and when each first reached 90% exact match).

python scripts/live_race.py [UNITS] [SECONDS] [--attention]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seq2seq.cells import CELLS
from seq2seq.live import LiveSpec, LiveTrainer


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    units, seconds = int(args[0]) if args else 32, float(args[1]) if len(args) > 1 else 60
    attention = "--attention" in argv
    root = Path(tempfile.mkdtemp(prefix="race-"))
    trainer = LiveTrainer(root=root)
    print(
        f"| cell ({units} units{', attention' if attention else ''}, {seconds:.0f} s) | epochs | dev loss | "
        "dev exact match | first ≥ 90% |"
    )
    print("|---|---|---|---|---|")
    try:
        for cell in CELLS:
            job = trainer.submit(LiveSpec.checked(cell, units, attention, False, seconds))
            while not job.wait(1.0):
                job.seen()
            last = job.history[-1]
            first = next(
                (f"{h['seconds']:.0f} s (epoch {h['epoch']})" for h in job.history if h["exact_match"] >= 90), "—"
            )
            print(
                f"| {CELLS[cell].label} | {len(job.history)} | {last['dev_loss']:.3f} | "
                f"{last['exact_match']:.1f}% | {first} |"
            )
    finally:
        trainer.close()  # its worker process
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
