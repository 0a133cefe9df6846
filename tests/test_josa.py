"""Korean particles after filled-in values take the form the value's last sound asks for."""

from __future__ import annotations

import pytest

from explorer import josa, texts


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("연도 2023(이)가", "연도 2023이"),  # 삼: ㅁ
        ("연도 1975(이)가", "연도 1975가"),  # 오
        ("**19일 화요일**(이)가 된다", "**19일 화요일**이 된다"),  # markdown between value and particle
        ("**3월 4일 금요일**(이)가", "**3월 4일 금요일**이"),
        ("유닛 5을(를)", "유닛 5를"),
        ("유닛 3을(를)", "유닛 3을"),
        ("유닛 10을(를)", "유닛 10을"),  # 십
        ("가중치 0.93(으)로", "가중치 0.93으로"),  # 삼: 으로
        ("p = 0.61(으)로", "p = 0.61로"),  # 일: ㄹ takes 로
        ("p = 0.5(으)로", "p = 0.5로"),
        ("“물”(으)로", "“물”로"),
        ("“서울”(이)가", "“서울”이"),
        ("“사과”을(를)", "“사과”를"),
        ("“The money belongs to him.”과(와)", "“The money belongs to him.”과"),  # him → 힘
        ("“Das”은(는)", "“Das”는"),
        ("“book”을(를)", "“book”을"),  # 북
        ("“boat”을(를)", "“boat”를"),  # 보트
        ("“PDF”을(를)", "“PDF”를"),  # 피디에프
        ("“HTML”(으)로", "“HTML”로"),  # 엘
        ("`dates-lstm`은(는)", "`dates-lstm`은"),
        ("“→”(이)가", "“→”(이)가"),  # nothing readable: left as written
        ("“R”을(를)", "“R”을"),  # a lone capital by its name: 알
        ("“I”(이)가", "“I”가"),  # 아이
        ("Hello\n(이)가", "Hello\n(이)가"),  # the notation is written on its value, never after a line break
    ],
)
def test_each_particle_takes_the_form_of_the_value_before_it(written, read):
    assert josa.fix(written) == read


def test_korean_texts_fill_their_particles_and_english_ones_are_untouched(monkeypatch):
    monkeypatch.setitem(texts.KO, "probe", "연도 {year}(이)가 나온다")
    monkeypatch.setitem(texts.EN, "probe", "the year {year}(이)가")
    assert texts.t("probe", "ko", year=2023) == "연도 2023이 나온다"
    assert texts.t("probe", "ko", year=1975) == "연도 1975가 나온다"
    assert texts.t("probe", "en", year=2023) == "the year 2023(이)가"  # English texts are left alone
    assert texts.t("search_sent", "ko", units="3").startswith("3번 유닛을")
    assert josa.fix("no (이)가 here") == "no (이)가 here"  # the notation is written on its value, never after a space
    assert texts.t("search_sent", "en", units="3").startswith("Units 3")
