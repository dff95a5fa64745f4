"""Hypothesis fuzzing of every stage and the whole pipeline (issue 7).

Generated inputs: fixture text from fixtures/kim_putin_2023 mutated (insertions of random Unicode, whitespace,
punctuation, markup and news furniture; deletions; duplications), random Unicode, random bytes and random JSON
objects. Properties:

- clean: every character of the original is kept (and maps back to itself) or lies in a piece listed as removed;
- segment: sentences are exact slices of the cleaned text, in order, no longer than ``MAX_SENTENCE_CHARS``, and
  together hold every non-blank character;
- ingest: any bytes decode to text or raise a FactcheckError; UTF-8 and UTF-16 round-trip; any JSON object is a
  Document or a SchemaError;
- pipeline (with the hashing embedder; the real model runs in test_threads/test_offline): no crash; every span
  (claims and their slots, evidence, variants, removed pieces, uncorroborated entries) is the exact text of its
  document at its offsets; the same input gives the same report, in this process and in another process with a
  different ``PYTHONHASHSEED``; document order changes only the order of the documents.

The default suite runs 2,300 generated cases (derandomized, so CI is repeatable); ``-m slow`` runs ten times as
many with fresh randomness.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import factcheck
from factcheck.clean import clean
from factcheck.embed import HashingEmbedder
from factcheck.errors import FactcheckError, SchemaError
from factcheck.ingest import _decode, to_documents
from factcheck.models import Report
from factcheck.segment import MAX_SENTENCE_CHARS, segment

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "fixtures" / "kim_putin_2023"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(STORY.glob("*.txt"))]
PARAGRAPHS = [p.strip() for t in TEXTS for p in t.split("\n\n") if p.strip()]
EMBEDDER = HashingEmbedder()


def _slow_enabled(config) -> bool:
    return "slow" in (config.getoption("-m") or "")


@pytest.fixture(autouse=True)
def _slow_only_when_asked(request):
    """pyproject declares ``slow``; these runs happen only when selected with ``-m slow``."""
    if request.node.get_closest_marker("slow") and not _slow_enabled(request.config):
        pytest.skip("long fuzzing run: select it with -m slow")


def _settings(n: int, *, slow: bool = False):
    return settings(
        max_examples=n * 10 if slow else n,
        deadline=None,
        derandomize=not slow,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                               HealthCheck.function_scoped_fixture],
    )


# ------------------------------------------------------------------------------------ strategies

SNIPPETS = [
    '"', "“", "”", "'", "’", "«", "»", "(", ")", "[", "]", "[reported](#)", "[x](http://a.b/c)", "**", "**AFP PHOTO / KCNA**",
    "\n", "\n\n", "\n\n\n", "\r\n", "\r", "\t", "\u00a0", "\u200b", "\ufeff", "\u2028", "\u0301", " ", "   ",
    "Share this article", "By John Smith", "Related stories", "Photo: Reuters", "Advertisement",
    "https://example.com/2023/09/13/story.html", "date 2023-09-13 ", "September 13, 2023", "MOSCOW, Sept 13 (Reuters) -",
    "—", "–", "-", "…", "...", ".", "!", "?", ";", ":", ",", "3.5 million", "about 10 km", "$1,000", "50%",
    "on Tuesday", "at 12:30 p.m.", "last week", "twice", "not", "may have", "according to officials", "he said",
    "Kim Jong-un", "Vladimir Putin", "Vladivostok", "0", "1st", "٣", "한국", "北京", "Ωμέγα", "😀", "\x00", "\x7f",
]
mutation = st.tuples(
    st.sampled_from(["insert", "delete", "duplicate", "replace"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=12), st.text(alphabet=" \t\n.,;:!?\"'()-—", max_size=12)),
)


def _mutate(text: str, mutations) -> str:
    for kind, a, b, payload in mutations:
        i = int(a * len(text))
        j = min(len(text), i + int(b * 40))
        if kind == "insert":
            text = text[:i] + payload + text[i:]
        elif kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + payload + text[j:]
    return text


mutated_article = st.builds(
    lambda paras, muts: _mutate("\n\n".join(paras), muts),
    st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=4),
    st.lists(mutation, max_size=6),
)
random_article = st.one_of(
    st.text(min_size=1, max_size=300),
    st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=40).map("".join),
    st.lists(st.sampled_from(SNIPPETS + ["Kim", "met", "Putin", "in", "Moscow", "the", "train"]), max_size=60).map(" ".join),
)
any_article = st.one_of(mutated_article, random_article)


def _nonblank(texts: list[str]) -> bool:
    return all(t.strip() for t in texts)


article_set = st.lists(st.one_of(mutated_article, mutated_article, random_article), min_size=2, max_size=3).filter(
    _nonblank)


# ------------------------------------------------------------------------------------ invariants


def _check_clean(text: str):
    c = clean("d", text)
    assert len(c.text) == len(c.offsets)
    kept = set()
    for i, (ch, pos) in enumerate(zip(c.text, c.offsets)):
        assert 0 <= pos <= len(text)
        if pos < len(text) and text[pos] == ch:
            kept.add(pos)
        else:
            assert ch.isspace(), (i, ch, pos)  # only paragraph separators are not copies of the original
    assert list(c.offsets) == sorted(c.offsets)
    removed = set()
    for r in c.removed:
        assert text[r.start : r.end] == r.text and r.text
        removed.update(range(r.start, r.end))
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and i not in kept and i not in removed]
    assert not lost, [text[i] for i in lost][:10]
    return c


def _check_segment(c) -> None:
    sentences = segment(c)
    last = 0
    covered = set()
    for s in sentences:
        assert c.text[s.start : s.end] == s.text and s.text and s.start >= last
        assert len(s.text) <= MAX_SENTENCE_CHARS
        last = s.end
        covered.update(range(s.start, s.end))
        os_, oe = c.to_original(s.start, s.end)
        assert 0 <= os_ <= oe <= len(c.original)
    lost = [i for i, ch in enumerate(c.text) if not ch.isspace() and i not in covered]
    assert not lost, [c.text[i] for i in lost][:10]


def _spans(report: Report):
    """Every (doc_id, start, end, text) the report claims is quoted from a document."""
    for c in report.claims:
        yield c.doc_id, c.start, c.end, c.text
        mentions = [*c.entities, *c.places, *c.quantities, *c.times, *c.quotes, *c.attribution.chain]
        mentions += [m for m in (c.attribution.cue, c.modality_cue, c.negation_cue) if m is not None]
        mentions += [q.speaker_span for q in c.quotes if q.speaker_span is not None]
        for m in mentions:
            yield c.doc_id, m.start, m.end, m.text
        doc_len = len(report.document(c.doc_id).text)
        assert 0 <= c.sentence_start <= c.start <= c.end <= c.sentence_end <= doc_len
    for d in report.discrepancies:
        assert d.evidence
        for e in d.evidence:
            yield e.doc_id, e.start, e.end, e.text
            if e.focus is not None:
                yield e.doc_id, e.focus.start, e.focus.end, e.focus.text
    for v in report.variants:
        for f in v.forms:
            for e in f.mentions:
                yield e.doc_id, e.start, e.end, e.text
    for u in report.uncorroborated:
        yield u.doc_id, u.start, u.end, u.text
    for r in report.removed:
        yield r.doc_id, r.start, r.end, r.text


def _check_report(report: Report) -> None:
    texts = {d.id: d.text for d in report.documents}
    for doc_id, start, end, text in _spans(report):
        assert 0 <= start <= end <= len(texts[doc_id])
        assert texts[doc_id][start:end] == text, (doc_id, start, end, text)
    claim_ids = {c.id for c in report.claims}
    assert len(claim_ids) == len(report.claims)
    for g in report.groups:
        assert set(g.claim_ids) <= claim_ids
    json.loads(report.to_json())


def _run(texts: list[str]) -> Report:
    docs = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", factcheck.FactcheckWarning)
        return factcheck.check(docs, embedder=EMBEDDER)


def _canonical(report: Report) -> dict:
    """The report with every list sorted: what must not change when only the input order changes."""
    data = report.to_dict()
    return {k: sorted(json.dumps(x, sort_keys=True) for x in v) if isinstance(v, list) else v for k, v in data.items()}


# ------------------------------------------------------------------------------------ properties


def _clean_prop(text):
    _check_clean(text)


def _segment_prop(text):
    _check_segment(clean("d", text))


def _decode_prop(data):
    try:
        text = _decode(data, "'fuzz'")
    except FactcheckError:
        return
    assert isinstance(text, str)
    text.encode("utf-8", errors="surrogatepass")


def _roundtrip_prop(text, encoding):
    """Unicode text comes back exactly; text holding control characters (binary-like) may be refused or read
    otherwise (UTF-16 "\\x00" after its mark is the UTF-32 mark), but never crashes."""
    binary_like = any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text) or text.startswith(("%PDF", "GIF8"))
    try:
        out = _decode(text.encode(encoding), "'fuzz'")
    except FactcheckError:
        assert binary_like, text
        return
    assert binary_like or out == (text.removeprefix("\ufeff") if encoding == "utf-8" else text)


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
document_object = st.dictionaries(
    st.sampled_from(["id", "text", "outlet", "url", "published", "title", "source", "inferred", "extra", "Text"]),
    st.one_of(json_value, any_article, st.sampled_from(["2023-09-13", "2023-13-45", "", "   ", "yesterday"])),
    max_size=6,
)


def _mapping_prop(obj):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", factcheck.FactcheckWarning)
        try:
            docs = to_documents([obj])
        except SchemaError:
            return
    (doc,) = docs
    assert doc.text == obj["text"] and doc.id


def _pipeline_prop(texts):
    _check_report(_run(texts))


def _determinism_prop(texts, seed):
    import random

    first = _run(texts)
    assert _run(texts).to_json() == first.to_json()  # identical input, identical report
    shuffled = list(enumerate(texts))
    random.Random(seed).shuffle(shuffled)
    docs = [{"id": f"d{i}", "text": t} for i, t in shuffled]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", factcheck.FactcheckWarning)
        other = factcheck.check(docs, embedder=EMBEDDER)
    assert [d.id for d in other.documents] == [d["id"] for d in docs]  # documents keep the order given
    assert _canonical(other) == _canonical(first)  # and nothing else changes but order


PROPERTIES = {
    # name: (property, strategies, default cases)
    "clean_keeps_or_lists_every_character": (_clean_prop, {"text": any_article}, 500),
    "segment_covers_the_cleaned_text": (_segment_prop, {"text": any_article}, 500),
    "decode_any_bytes_text_or_clear_error": (
        _decode_prop, {"data": st.one_of(st.binary(max_size=300), any_article.map(lambda t: t.encode("cp1252", "ignore")),
                                         any_article.map(lambda t: t.encode("utf-8")[:-1]))}, 400),
    "decode_round_trips_utf8_and_utf16": (
        _roundtrip_prop, {"text": any_article, "encoding": st.sampled_from(["utf-8", "utf-16"])}, 200),
    "document_objects_load_or_schema_error": (_mapping_prop, {"obj": document_object}, 300),
    "pipeline_spans_always_valid": (_pipeline_prop, {"texts": article_set}, 300),
    "pipeline_deterministic_and_order_free": (
        _determinism_prop, {"texts": article_set, "seed": st.integers(0, 1000)}, 100),
}
DEFAULT_CASES = sum(n for _, _, n in PROPERTIES.values())


def _make(prop, strategies, n, slow):
    @_settings(n, slow=slow)
    @given(**strategies)
    def test(**kwargs):
        prop(**kwargs)

    return pytest.mark.slow(test) if slow else test


for _name, (_prop, _strategies, _n) in PROPERTIES.items():
    globals()[f"test_fuzz_{_name}"] = _make(_prop, _strategies, _n, slow=False)
    globals()[f"test_fuzz_{_name}_slow"] = _make(_prop, _strategies, _n, slow=True)


def test_fuzz_default_suite_runs_at_least_2000_cases():
    assert DEFAULT_CASES >= 2000, DEFAULT_CASES


# ------------------------------------------------------------------------------------ across processes

_SCRIPT = """
import json, sys, warnings
warnings.simplefilter("ignore")
import factcheck
from factcheck.embed import HashingEmbedder
texts = json.loads(sys.stdin.read())
docs = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)]
sys.stdout.write(factcheck.check(docs, embedder=HashingEmbedder()).to_json())
"""


def test_fuzz_same_report_across_processes_with_different_hash_seeds():
    texts = TEXTS + [_mutate(TEXTS[0], [("insert", 0.3, 0, " “Not true,” he said. "), ("replace", 0.6, 0.2, "12")])]
    outs = []
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", _SCRIPT], input=json.dumps(texts), capture_output=True,
                              text=True, env=env, timeout=300, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outs.append(proc.stdout)
    assert outs[0] == outs[1]
    _check_report(Report.model_validate_json(outs[0]))
