"""Numbers as plans write them (compare.numbers): what is rewritten, and the cheap test before it."""

import pytest

from compare.numbers import arabic_dates, arabic_numbers, may_rewrite

REWRITTEN = [
    ("孕产妇死亡率为零。", "孕产妇死亡率为0。"),
    ("控制在十万分之八以下", "控制在8/10万以下"),
    ("控制在10万分之十以下", "控制在10/10万以下"),  # the denominator in digits
    ("孕产妇实现零死亡", "孕产妇死亡率为0"),
    ("5.95‰5岁以下儿童死亡率", "5.95‰，5岁以下儿童死亡率"),  # a comma lost before a name
    ("千分之五点五", "5.5‰"),
    ("达到百分之八十", "达到80%"),
    ("达到八十一点五岁", "达到81.5岁"),
    ("到二〇二五年", "到2025年"),
    ("床位12,500张", "床位12500张"),
    ("８０．５％", "80.5%"),
    ("达到“81岁”", "达到81岁"),
    ("80岁①，80岁[1]，80岁*", "80岁，80岁，80岁"),
    ("逾九成", "逾90%"),
    ("将达到两人", "将达到2人"),
    # A numeral with a decimal point is a value wherever it stands; a whole one after 、了的 before a unit.
    ("分别为二点七二‰、三点九六‰", "分别为2.72‰、3.96‰"),
    ("较2015年的七十五点六岁提高了二点零二岁", "较2015年的75.6岁提高了2.02岁"),
    ("人均预期寿命为七十七点一岁", "人均预期寿命为77.1岁"),
    ("分别提高了三岁、四岁", "分别提高了3岁、4岁"),
]


@pytest.mark.parametrize(("written", "read"), REWRITTEN, ids=[w for w, _ in REWRITTEN])
def test_values_in_words_and_marks_are_rewritten(written, read):
    assert may_rewrite(written)
    assert arabic_numbers(written) == read


@pytest.mark.parametrize("text", ["“十四五”时期，部分地区成立了三级医院。", "为一个人口群体", "十四五期间", "一是加强",
                                  "分别为3.5,120", "一点一滴", "三点建议", "的一个中心"])
def test_words_that_are_not_values_are_left_alone(text):
    assert arabic_numbers(text) == text


@pytest.mark.parametrize(("written", "read"), [
    ("二〇二二年三月二十九日", "2022年3月29日"),  # a formal document's closing date
    ("某市二〇二三年国民经济和社会发展统计公报", "某市2023年国民经济和社会发展统计公报"),
    ("二〇一二年至二〇二一年", "2012年至2021年"),
    ("“十四五”时期", "“十四五”时期"),
    ("第二〇号", "第二〇号"),
])
def test_dates_in_chinese_numerals_are_written_in_digits(written, read):
    assert arabic_dates(written) == read
