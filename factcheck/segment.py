"""Stage 2: cleaned text -> sentences with offsets.

nupunkt (an unsupervised Punkt splitter with a large abbreviation list: U.S., Gen., Sept. ...) splits each
paragraph; two repairs follow, because news text breaks Punkt in known ways:

- a quotation that spans several sentences stays one sentence, so a quote and its "he said" are never parted;
- a wire dateline ("WASHINGTON, March 3 (Reuters) -", "CITY /Region/, September 13. /TASS/.") is joined to the
  sentence it introduces instead of standing alone as a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.clean import CleanText

__all__ = ["Sentence", "segment"]

_OPEN = "“«"
_CLOSE = "”»"
# Short all-caps place names, optional region, date, agency in slashes or parentheses.
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:\s*/[^/\n]{1,40}/)?,?\s+[A-Z][a-z]{2,8}\.? \d{1,2}\.?\s*(?:/[A-Z][A-Za-z-]{1,15}/\.?)?\s*$"
    r"|^/[A-Z][A-Za-z-]{1,15}/\.?\s*$"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a cleaned document; ``start``/``end`` are offsets into the *cleaned* text."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int


def _quote_open(text: str) -> bool:
    """True when the text leaves a double quotation open."""
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
    straight = text.count('"') % 2 == 1
    return depth > 0 or straight


def _split_paragraph(text: str) -> list[tuple[int, int]]:
    import nupunkt

    spans = []
    for s, e in nupunkt.sent_spans(text):
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            spans.append((s, e))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged:
            ps, pe = merged[-1]
            prev = text[ps:pe]
            if _quote_open(prev) or _DATELINE.match(prev):
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged


def segment(clean: CleanText) -> list[Sentence]:
    """Split a cleaned document into sentences.

    Example:
        >>> from factcheck.clean import clean
        >>> [s.text for s in segment(clean("a", 'The U.S. agreed. "Fine. Good," he said.'))]
        ['The U.S. agreed.', '"Fine. Good," he said.']
    """
    out: list[Sentence] = []
    text = clean.text
    for p_index, m in enumerate(re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text)):
        base = m.start()
        for s, e in _split_paragraph(m.group(0)):
            out.append(Sentence(clean.doc_id, len(out), base + s, base + e, text[base + s : base + e], p_index))
    return out
