"""The loaded checkpoints and what the page says about a task: the registry (lookups by name, the Compare
trio), each task's examples, labels and notes, and an ``InputError`` said in the page's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from seq2seq import corpus
from seq2seq.cells import CELLS, CellSpec
from seq2seq.checkpoints import CHECKPOINT_DIR, CheckpointError, list_checkpoints
from seq2seq.data import DATA_DIR, load_pairs
from seq2seq.inputs import InputError
from seq2seq.live import is_live_name
from seq2seq.translator import LazySeq2Seq, Seq2Seq, Translation

from . import texts
from .memo import Memo, translation_bytes

BUILT_IN_ORDER = ("en-de", "dates", "en-ko")  # the picker lists these first, then imported tasks by name


HAND_PICKED = {  # the first one is what the page opens with: one the models translate well
    "en-de": [
        "Can you help me, please?",
        "The money belongs to him.",
        "I have read only ten pages so far.",
        "Where is the station?",
        "The weather is nice today.",
        "I am hungry.",
    ],
    "en-ko": [  # everyday sentences written for this page (none is in the training data), then help text
        "I go to school by bus.",
        "Thank you very much.",
        "She is my sister.",
        "Where is the library?",
        "I like apples.",
        "Please close the door.",
        "Click the OK button to close the dialog.",
        "Select the cells that you want to delete.",
        "Choose a color for the selected text.",
        "Inserts a new sheet before the current sheet.",
        "Open the LibreOffice Basic dialog editor, then create a dialog with a control on it.",
    ],
    "dates": [
        "Wednesday, November 25, 2026",
        "November 25, 2026",
        "Nov 25, 2026",
        "Friday, July 4, 1975",
        "Feb 29, 2000",
    ],
}


@dataclass
class Registry:
    """Every checkpoint that loaded, by name, and the reason for each that did not."""

    models: dict[str, Seq2Seq] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # checkpoint name (or data/<folder>) -> why not
    data_dir: Path = DATA_DIR  # where the tasks' data folders are (examples, imported tasks' descriptions)
    # Recent translations and /translate answers, for the next page that asks the same (``memo``).
    translations: Memo = field(default_factory=lambda: Memo(32 << 20), repr=False, compare=False)
    answers: Memo = field(default_factory=lambda: Memo(32 << 20), repr=False, compare=False)

    @classmethod
    def load_all(cls, root: Path = CHECKPOINT_DIR, data_dir: Path = DATA_DIR) -> Registry:
        """Load every checkpoint folder under ``root``; a broken one is recorded, never fatal. Data folders
        that cannot be used (half-written, no ``task.json``) are recorded the same way."""
        reg = cls(data_dir=Path(data_dir))
        for name in list_checkpoints(root):
            try:  # config, tokenizers and files now; the weights when the checkpoint is first used
                reg.models[name] = LazySeq2Seq(Path(root) / name)
            except CheckpointError as e:
                reg.errors[name] = str(e)
        for folder, why in corpus.data_folders(data_dir)[1].items():
            reg.errors[f"data/{folder}"] = f"data/{folder}: {why}"
        return reg

    def tasks(self) -> list[str]:
        """The tasks of the loaded checkpoints: the built-in ones first, then the others by name."""
        have = {m.config.task for m in self.models.values()}
        return [t for t in BUILT_IN_ORDER if t in have] + sorted(have - set(BUILT_IN_ORDER))

    def get(self, name: str) -> Seq2Seq:
        """A loaded checkpoint by name (never a path: names from requests are looked up, not opened)."""
        if not isinstance(name, str) or name not in self.models:
            why = self.errors.get(name) if isinstance(name, str) else None
            if why:
                raise InputError(
                    f"Checkpoint {name!r} is unavailable: {why}",
                    key="checkpoint_unavailable",
                    params={"name": name, "why": why},
                )
            raise InputError(f"Unknown checkpoint {name!r}.", key="checkpoint_unknown", params={"name": name})
        model = self.models[name]
        if isinstance(model, LazySeq2Seq):
            try:
                model.model()  # loaded on first use; a model that turns out unreadable is reported from now on
            except CheckpointError as e:
                self.errors[name] = str(e)
                self.models.pop(name, None)
                return self.get(name)
        return model

    def names(self, task: str | None = None, live=()) -> list[str]:
        """Loaded checkpoint names, optionally of one task; live-trained models only those named in ``live`` (a
        page sees its own)."""
        return [
            n
            for n, m in list(self.models.items())
            if (task is None or m.config.task == task) and (not is_live_name(n) or n in live)
        ]

    def choices(self, task: str, lang: str = "en", live=()) -> list[tuple[str, str]]:
        """(label, name) pairs for a picker: 'en-de-lstm-attn — LSTM · attention'."""
        return [(f"{n} — {describe(self.models[n], lang)}", n) for n in self.names(task, live)]

    def trio(self, task: str, like: str | None = None) -> list[tuple[str, str | None]]:
        """(cell, checkpoint name or None) for SimpleRNN, LSTM and GRU of ``task``: the ones that differ only in
        the cell, matching ``like``'s attention, reversal and reading both ways when possible."""
        names = self.names(task)
        ref = self.models.get(like) if like else None
        out = []
        for cell in CELLS:
            cands = [n for n in names if self.models[n].config.cell == cell]
            if ref is not None:
                same = [
                    n
                    for n in cands
                    if self.models[n].config.attention == ref.config.attention
                    and self.models[n].config.reverse_source == ref.config.reverse_source
                    and self.models[n].config.bidirectional == ref.config.bidirectional
                ]
                cands = same or cands
            out.append((cell, sorted(cands, key=len)[0] if cands else None))
        return out


def message(e: InputError, lang: str = "en") -> str:
    """An ``InputError`` said in the page's language: the library's own English sentence for "en"; for "ko" the
    text ``error_<key>`` filled with the error's params, or the English sentence when the key is unknown."""
    key = f"error_{getattr(e, 'key', None)}"
    if texts.table(lang) is texts.EN or key not in texts.KO:
        return str(e)
    try:
        return texts.t(key, lang, **getattr(e, "params", {}))
    except (KeyError, IndexError, ValueError):  # params that do not fit the text: say it in English
        return str(e)


def cell_of(model: Seq2Seq) -> CellSpec:
    """The spec of a loaded checkpoint's cell."""
    return CELLS[model.config.cell]


def describe(model: Seq2Seq, lang: str = "en") -> str:
    """'LSTM · attention · reversed source · 1×256' ('LSTM · 어텐션 · 입력 역순 · 1×256' in Korean); a
    bidirectional encoder is 'BiLSTM', 'BiGRU' or 'BiRNN' (SimpleRNN)."""
    c = model.config
    cell = CELLS[c.cell].label
    if c.bidirectional:  # the field's short names for a bidirectional encoder (short enough for a phone's picker)
        cell = "Bi" + ("RNN" if c.cell == "rnn" else cell)
    parts = [cell, texts.t("describe_attention" if c.attention else "describe_no_attention", lang)]
    if c.reverse_source:
        parts.append(texts.t("describe_reversed", lang))
    parts.append(f"{c.layers}×{c.units}")
    return " · ".join(parts)


def examples(task: str, n: int = 6, data_dir: Path = DATA_DIR) -> tuple[list[str], list[str]]:
    """(test-split examples, hand-picked examples) for a task; test ones are short and spread out. An imported
    task's hand-picked examples are its ``examples.txt``."""
    hand = HAND_PICKED.get(task) or corpus.hand_picked(task, data_dir)
    try:
        pairs = load_pairs(task, "test", data_dir)
    except FileNotFoundError:
        return [], hand
    short = [s for s, _ in pairs if len(s.split()) <= 9]
    step = max(1, len(short) // n)
    return short[::step][:n], hand


def task_label(task: str, lang: str = "en", data_dir: Path = DATA_DIR) -> str:
    """The picker's label of a task: the page's own text for a built-in one, else its languages and name."""
    if f"task_{task}" in texts.EN:
        return texts.t(f"task_{task}", lang)
    info = corpus.task_info(task, data_dir)
    if info.get("source_lang") and info.get("target_lang"):
        src, tgt = (corpus.language_name(info[k], lang) for k in ("source_lang", "target_lang"))
        return f"{src} → {tgt} ({task})"
    return task


def task_note(task: str, lang: str = "en", data_dir: Path = DATA_DIR) -> str:
    """The line under the task picker: the page's own note for a built-in task, where an imported one came from."""
    if f"task_note_{task}" in texts.EN:
        return texts.t(f"task_note_{task}", lang)
    info = corpus.task_info(task, data_dir)
    if info.get("source_file"):
        return texts.t("task_note_imported", lang, file=info["source_file"], n=f"{info['pairs']['train']:,}")
    return ""


def run_translation(
    reg: Registry, text: str, checkpoint: str, beam_size: int = 1, max_len: int | None = None
) -> Translation:
    """Translate with a registered checkpoint; bad input raises ``InputError`` with a short message. A request
    made before (same model object, text, beam and length limit) is answered from ``reg.translations``."""
    model = reg.get(checkpoint)
    text = text if isinstance(text, str) else ""

    def compute() -> Translation:
        return model.translate(text, beam_size=beam_size, max_len=max_len)

    # The types are in the key: True == 1, but a beam of True is refused where 1 is not.
    key = (model, text, type(beam_size), beam_size, type(max_len), max_len)
    return reg.translations.get(key, compute, lambda t: translation_bytes(t) + 2 * len(text))
