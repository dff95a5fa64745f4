"""Cleaning: boilerplate out, words of link stubs kept, broken sentences re-joined, offsets exact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.clean import clean

SEED_BOILERPLATE = [
    ("000", "Kim Jong Un waving as he departs by train from Pyongyang for a visit to Russia. **AFP PHOTO / KCNA VIA KNS**"),
    ("000", "Embed:"),
    ("000", "Related article: [N. Korea's Kim to Meet with Putin in Russia, Kremlin Confirms](#)"),
    ("000", "AFP contributed reporting"),
    ("001", "date 2023-09-12"),
    ("002", "the train that Kim Jong Un would take to RussiaPhoto: RTTV / UPI / Profimedia"),
    ("003", "Share it..."),
    ("003", "Leave a Reply"),
    ("004", "Sign up now to stay updated on all business topics."),
]


def _doc(story_dir, prefix):
    path = next(story_dir.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix,piece", SEED_BOILERPLATE)
def test_clean_removes_fixture_boilerplate_and_lists_it(story_dir, prefix, piece):
    c = clean(prefix, _doc(story_dir, prefix))
    assert piece not in c.text
    assert any(piece in r.text for r in c.removed), f"{piece!r} removed but not listed"


def test_clean_keeps_link_stub_words(story_dir):
    c = clean("000", _doc(story_dir, "000"))
    assert "Russian media reported Tuesday." in c.text
    assert "[reported](#)" not in c.text


def test_clean_rejoins_sentence_broken_by_blank_line(story_dir):
    c = clean("000", _doc(story_dir, "000"))
    assert "Vostochny Cosmodrome in Russia's Amur region on Wednesday" in c.text


def test_clean_metadata_found(story_dir):
    m = clean("000", _doc(story_dir, "000")).meta
    assert m.title == "N. Korea's Kim Arrives in Russia for Putin Talks"
    assert str(m.published) == "2023-09-12"
    assert m.outlet == "themoscowtimes.com"
    assert clean("004", _doc(story_dir, "004")).meta.byline == "Elizabeth Smith"


def test_clean_offsets_map_back_to_original(story_dir):
    for path in sorted(story_dir.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        c = clean(path.stem, original)
        for i, ch in enumerate(c.text):
            assert ch.isspace() or original[c.offsets[i]] == ch
        for r in c.removed:
            assert original[r.start : r.end] == r.text


def test_clean_nothing_lost(story_dir):
    """Every non-space character of the input is either kept or listed as removed."""
    for path in sorted(story_dir.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        c = clean(path.stem, original)
        covered = set(c.offsets)
        for r in c.removed:
            covered.update(range(r.start, r.end))
        lost = [i for i, ch in enumerate(original) if not ch.isspace() and i not in covered]
        assert lost == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_clean_property_offsets_valid_and_nothing_lost(text):
    c = clean("x", text)
    assert len(c.offsets) == len(c.text)
    covered = set(c.offsets)
    for r in c.removed:
        assert text[r.start : r.end] == r.text
        covered.update(range(r.start, r.end))
    for i, ch in enumerate(c.text):
        assert ch.isspace() or text[c.offsets[i]] == ch
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
