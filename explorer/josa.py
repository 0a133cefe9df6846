"""Korean particles after filled-in values: "연도 2023이", "19일 화요일이", "유닛 5를", "0.93으로".

A Korean text that fills in a value (a year, a translation, a unit number) cannot know in advance which form of
a particle follows it: 이/가, 을/를, 은/는, 과/와, 으로/로 depend on whether the value's last syllable, as read
aloud, ends in a consonant (받침). The texts write both forms in the usual dictionary notation — "(이)가",
"을(를)", "은(는)", "과(와)", "(으)로" — and :func:`fix` picks one from the character before it:

* a Hangul syllable: its final consonant, (code − 0xAC00) mod 28 ≠ 0 (ㄹ, index 8, takes 로 like a vowel);
* a digit, as read in Sino-Korean: 영 일 이 삼 사 오 육 칠 팔 구, and 십 백 천 만 for trailing zeros;
* a Latin word, as Korean writes English words: ending in l (ㄹ), m, n (also ng), ck, a k or p after a vowel, or a
  t after a single vowel (book → 북, cup → 컵, cat → 캣) has a final consonant; others (bus → 버스, computer →
  컴퓨터, boat → 보트) do not; an acronym is read by its letters' names (PDF → 피디에프, HTML → 에이치티엠엘).

Closing quotes, brackets, markdown marks and a sentence's full stop between the value and the particle are
skipped: "“I like him.”과(와)" reads the m of him.
"""

from __future__ import annotations

import re

# (with a final consonant, without one) for each notation the texts use
FORMS = {
    "(이)가": ("이", "가"),
    "을(를)": ("을", "를"),
    "은(는)": ("은", "는"),
    "과(와)": ("과", "와"),
    "(으)로": ("으로", "로"),
}
PATTERN = re.compile("|".join(re.escape(k) for k in FORMS))
SKIPPED = set("”’\"')]}*`.!?…,")  # between a value and its particle: quotes, brackets, markdown, punctuation
DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ", "9": ""}
RIEUL = 8  # ㄹ's index among Hangul final consonants


def final_consonant(text: str) -> str | None:
    """The final consonant of ``text``'s last sound as Korean reads it: "" for none, "ㄹ" for ㄹ, "ㅇ" etc. for
    another (any non-empty string but "ㄹ" means "a consonant other than ㄹ"); None when nothing readable ends it."""
    i = len(text)
    while i and text[i - 1] in SKIPPED:
        i -= 1
    if not i:
        return None
    ch = text[i - 1]
    if "가" <= ch <= "힣":
        final = (ord(ch) - 0xAC00) % 28
        return "" if final == 0 else "ㄹ" if final == RIEUL else "ㅂ"
    if ch.isdigit() and ch.isascii():
        digits = re.search(r"\d+\Z", text[:i]).group()
        if ch != "0" or set(digits) == {"0"}:  # a last digit read as itself (영 for a lone zero)
            return DIGIT_FINAL[ch]
        return "ㄴ" if digits.rstrip("0") and len(digits) - len(digits.rstrip("0")) in (3, 4) else "ㄱ"  # 천 만 / 십 백
    word = re.search(r"[A-Za-z]+\Z", text[:i])
    if word:
        return _english_final(word.group())
    return None


LETTER_FINAL = {"L": "ㄹ", "R": "ㄹ", "M": "ㅁ", "N": "ㅁ"}  # 엘 알 엠 엔: the letter names that end in a consonant


def _english_final(word: str) -> str:
    """How Korean writes an English word's end (see the module's docstring); an acronym ("PDF", "HTML") is read
    letter by letter."""
    if word.isupper():  # "PDF", and a lone capital: "R" → 알
        return LETTER_FINAL.get(word[-1], "")
    w, vowels = word.lower(), "aeiou"
    if w.endswith("l"):
        return "ㄹ"
    if w.endswith(("m", "n", "ck")):
        return "ㅁ"
    if len(w) > 1 and w[-2] in vowels and (w[-1] in "kp" or (w[-1] == "t" and (len(w) < 3 or w[-3] not in vowels))):
        return "ㄱ"  # book → 북, cup → 컵, cat → 캣 (but boat → 보트)
    return ""


def fix(text: str) -> str:
    """``text`` with every "(이)가", "을(를)", "은(는)", "과(와)", "(으)로" replaced by the form its preceding value
    takes; where the value cannot be read (a symbol), the notation stays as it is."""

    def pick(m: re.Match) -> str:
        final = final_consonant(text[: m.start()])
        if final is None:
            return m.group()
        with_final, without = FORMS[m.group()]
        if m.group() == "(으)로":
            return without if final in ("", "ㄹ") else with_final
        return with_final if final else without

    return PATTERN.sub(pick, text)
