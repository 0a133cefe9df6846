"""What the lesson says, measured on the shipped checkpoints (python scripts/lesson_findings.py).

Every chapter's numbers, the right answer of its question, and each claim its prose makes in words
(``explorer.lesson.CLAIMS``; tests/test_lesson.py fails when one turns false). Prints Markdown.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from explorer import lesson, registry


def main() -> None:
    reg = registry.Registry.load_all()
    print("| chapter | checkpoint | sentence | question | right answer |\n|---|---|---|---|---|")
    for n in range(1, len(lesson.KEYS) + 1):
        p = lesson.page(reg, n, "en")
        answer = next(label for label, value in p.choices if value == p.answer)
        print(f"| {p.title} | `{p.checkpoint}` | {p.sentence} | {p.question} | {answer} |")
    print("\n| claim | true of the shipped checkpoints |\n|---|---|")
    for claim, ok in lesson.claims(reg).items():
        print(f"| {claim} | {'yes' if ok else '**no**'} |")


if __name__ == "__main__":
    main()
