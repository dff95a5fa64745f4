"""Sentence splitting on news text: abbreviations, quotes across sentences, datelines."""

from __future__ import annotations

import pytest

from factcheck.clean import clean
from factcheck.segment import segment


def _sents(text):
    return [s.text for s in segment(clean("x", text))]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The U.S. and the U.N. met Gen. Smith in Sept. 2023. Talks ended.",
         ["The U.S. and the U.N. met Gen. Smith in Sept. 2023.", "Talks ended."]),
        ('"We will not yield. We will fight," Mr. Lee said. He left.',
         ['"We will not yield. We will fight," Mr. Lee said.', "He left."]),
        ("“It is over. We go home,” she said.", ["“It is over. We go home,” she said."]),
        ("VOSTOCHNY SPACEPORT /Amur Region/, September 13. /TASS/. The rocket was launched at dawn.",
         ["VOSTOCHNY SPACEPORT /Amur Region/, September 13. /TASS/. The rocket was launched at dawn."]),
    ],
)
def test_segment_news_cases(text, expected):
    assert _sents(text) == expected


def test_segment_offsets_are_into_cleaned_text():
    c = clean("x", "First one. Second one.\n\nThird.")
    for s in segment(c):
        assert c.text[s.start : s.end] == s.text
