"""Renderers (HTML, terminal, coverage), notebook exports and the published schema, on hand-built reports."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from _handmade import TEXTS, evidence, location, quote, report

from factcheck import render, schema
from factcheck.models import Discrepancy, Document, Evidence, Mention, Report

ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = (
    '<script>document.title="pwned";window.__pwned=1</script> '
    '<img src=x onerror="window.__pwned=2"> <a href="javascript:window.__pwned=3">click</a> '
    "\"quotes\" & 'apostrophes' [bold]not markup[/bold]"
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict]]:
    p = _Tags()
    p.feed(page)
    return p.tags


def hostile_report() -> Report:
    texts = {"a": f"Kim met Putin in Omsk. {PAYLOAD}", "b": f"Kim met Putin in Tomsk. {PAYLOAD}"}
    d = Discrepancy(
        id="d1", kind="location", severity="high", confidence=0.8, summary=f"Omsk vs Tomsk {PAYLOAD}",
        explanation=PAYLOAD, group_id="g1",
        evidence=(
            evidence("a", f"Kim met Putin in Omsk. {PAYLOAD}", "Omsk", texts=texts),
            evidence("b", f"Kim met Putin in Tomsk. {PAYLOAD}", PAYLOAD, texts=texts),
        ),
        diff=f"[-{PAYLOAD}-] {{+<b>x</b>+}}",
    )
    return Report(
        documents=tuple(
            Document(id=k, text=v, outlet=f"<i>{k}</i>", title=PAYLOAD, url="javascript:window.__pwned=4")
            for k, v in texts.items()
        ),
        discrepancies=(d,),
        warnings=(PAYLOAD,),
    )


# ------------------------------------------------------------------------------------------------- html


def test_render_html_is_self_contained_and_scriptless():
    page = render.html(report())
    tags = _tags(page)
    names = {t for t, _ in tags}
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    for _, attrs in tags:
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not value or value.startswith("#"), f"external reference {key}={value!r}"
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.startswith("<!DOCTYPE html>")


def test_render_html_escapes_every_piece_of_article_text():
    page = render.html(hostile_report())
    tags = _tags(page)
    assert not [t for t, _ in tags if t in ("script", "img", "i", "b")]
    assert not [a for t, a in tags if t == "a" and (a.get("href") or "").lower().startswith("javascript")]
    assert not [a for _, a in tags if any(k.startswith("on") for k in a)]
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=" in page
    assert "javascript:window.__pwned=4" in page  # the url is shown, as text


def test_render_html_sides_highlight_and_diff():
    page = render.html(report())
    # each outlet's sentence side by side, the conflicting words marked
    assert page.count('class="side"') == 5
    assert "<mark>Vladivostok</mark>" in page and "<mark>Vostochny Cosmodrome</mark>" in page
    # the quote's word-by-word difference
    assert "<del>will</del>" in page and "<ins>shall</ins>" in page
    assert "Alpha News (a)" in page and "Kim Jong-un" in page


def test_render_html_coverage_matrix_states():
    page = render.html(report())
    matrix = page[page.index('<table class="matrix">'):]
    matrix = matrix[: matrix.index("</table>")]
    # g1: a and c agree on the Cosmodrome, b dissents; g2: a one-to-one split, c absent
    cells = re.findall(r'class="cell cell-(\w+)"', matrix)
    assert cells == ["agree", "disagree", "agree", "disagree", "disagree", "absent"]


def test_render_html_no_discrepancies():
    r = Report(documents=(Document(id="a", text="x"), Document(id="b", text="y")))
    page = render.html(r)
    assert "No discrepancies found." in page and "No claim is told by two or more articles." in page


def test_render_focus_span_accepts_document_relative_and_value_only():
    text = "Kim met Putin in Vladivostok on Wednesday."
    doc_rel = Evidence(doc_id="b", start=100, end=100 + len(text), text=text, value="Vladivostok",
                       focus=Mention(start=117, end=128, text="Vladivostok"))
    ev_rel = doc_rel.model_copy(update={"focus": Mention(start=17, end=28, text="Vladivostok")})
    value_only = doc_rel.model_copy(update={"focus": None, "value": "vladivostok"})
    nothing = doc_rel.model_copy(update={"focus": None, "value": "Omsk"})
    r = report()
    for ev in (doc_rel, ev_rel, value_only):
        a, b = render.focus_span(r, ev)
        assert text[a:b].casefold() == "vladivostok"
    assert render.focus_span(r, nothing) is None


@pytest.mark.parametrize(
    "diff, parts",
    [
        ("we [-will-] {+shall+} go", [("", "we "), ("-", "will"), ("", " "), ("+", "shall"), ("", " go")]),
        ("[-a-b-]", [("-", "a-b")]),
        ("unclosed [-oops", [("", "unclosed [-oops")]),
        ("", []),
    ],
)
def test_render_diff_parts(diff, parts):
    assert render.diff_parts(diff) == parts


def test_render_diff_parts_is_linear_on_hostile_input():
    import time

    t = time.perf_counter()
    render.diff_parts("[-{+" * 50_000)
    assert time.perf_counter() - t < 2.0


# ------------------------------------------------------------------------------------------------- terminal


def test_render_terminal_fits_80_columns_without_colour():
    out = render.terminal(report(), width=80, color=False)
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "HIGH" in out and "Vladivostok" in out and "word diff: We [-will-] {+shall+} win" in out
    assert "Coverage" in out and "✗" in out and "✓" in out


def test_render_terminal_colour_only_when_asked():
    assert "\x1b[" in render.terminal(report(), color=True)


def test_render_terminal_article_brackets_are_not_markup():
    out = render.terminal(hostile_report(), width=80)
    assert "[bold]not markup[/bold]" in out.replace("\n", "") or "[bold]not" in out


def test_render_coverage_counts_consensus():
    cov = render.coverage(report())
    assert cov.doc_ids == ("a", "b", "c")
    assert [r.cells for r in cov.rows] == [("agree", "disagree", "agree"), ("disagree", "disagree", "absent")]
    assert cov.rows[0].discrepancy_ids == ("d1",)


def test_render_markdown_and_text_still_work():
    r = report()
    assert "## d1: location (high)" in r.to_markdown()
    assert "[HIGH] location" in r.to_text()


# ------------------------------------------------------------------------------------------------- jupyter


def test_report_repr_html_is_the_page_without_articles():
    r = report()
    assert "<mark>Vladivostok</mark>" in r._repr_html_()
    assert "Articles as given" not in r._repr_html_()
    assert "Articles as given" in r.to_html()


def test_report_to_frame_tables():
    pytest.importorskip("pandas")
    r = report()
    d = r.to_frame()
    assert list(d["id"]) == ["d1", "d2"] and list(d["kind"]) == ["location", "quote"]
    ev = r.to_frame("evidence")
    assert len(ev) == 5 and set(ev["outlet"]) == {"Alpha News", "Beta Times", "Gamma Wire"}
    cov = r.to_frame("coverage")
    assert list(cov.columns) == ["claim", "a", "b", "c"]
    assert cov.loc["g1", "b"] == "disagree" and cov.loc["g2", "c"] == "absent"
    assert len(r.to_frame("claims")) == 6 and len(r.to_frame("documents")) == 3
    assert list(r.to_frame("uncorroborated")["claim_id"]) == ["c-1"]
    with pytest.raises(ValueError, match="unknown table"):
        r.to_frame("nope")


def test_report_to_frame_without_pandas_says_what_to_install(monkeypatch):
    import builtins

    real = builtins.__import__

    def fake(name, *a, **k):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("no pandas here")
        return real(name, *a, **k)

    monkeypatch.delitem(__import__("sys").modules, "pandas", raising=False)
    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(ImportError, match=r"factcheck\[pandas\]"):
        report().to_frame()


def test_report_plot_coverage():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    ax = report().plot_coverage()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Alpha News", "Beta Times", "Gamma Wire"]
    assert len(ax.get_yticklabels()) == 2
    import matplotlib.pyplot as plt

    plt.close(ax.figure)


# ------------------------------------------------------------------------------------------------- schema


def test_schema_docs_match_the_models():
    """docs/schema.json and docs/schema.md are the published contract: regenerate them when models change."""
    fix = "regenerate: factcheck schema -o docs/schema.json && factcheck schema --markdown -o docs/schema.md"
    assert (ROOT / "docs" / "schema.json").read_text(encoding="utf-8") == schema.to_json(), fix
    assert (ROOT / "docs" / "schema.md").read_text(encoding="utf-8") == schema.to_markdown(), fix


def test_schema_validates_a_report_dump():
    s = schema.json_schema()
    assert s["x-factcheck-schema-version"] == "3"
    dumped = report().to_dict()
    assert set(dumped) <= set(s["properties"]) and set(s["required"]) <= set(dumped)
    assert {"Discrepancy", "Evidence", "Document"} <= set(s["$defs"])
    assert json.loads(schema.to_json()) == s


# ------------------------------------------------------------------------------------------------- docs


def test_docs_concepts_explain_every_kind():
    from factcheck.models import Kind

    concepts = (ROOT / "docs" / "concepts.md").read_text(encoding="utf-8")
    for kind in Kind:
        assert f"| `{kind.value}` |" in concepts, f"docs/concepts.md lacks the {kind.value} kind"


def test_docs_reference_report_is_self_contained():
    page = (ROOT / "docs" / "reference-report.html").read_text(encoding="utf-8")
    tags = _tags(page)
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe")]
    assert (ROOT / "docs" / "reference-report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("module", ["factcheck.render", "factcheck.testing", "factcheck.baseline",
                                    "factcheck.schema", "factcheck.frame", "factcheck.pytest_plugin"])
def test_dunder_all_imports(module):
    import importlib

    mod = importlib.import_module(module)
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.__all__ names {name!r}, which does not exist"


def test_import_of_reporting_modules_stays_light():
    import subprocess
    import sys

    code = ("import sys, factcheck.testing, factcheck.baseline, factcheck.render, factcheck.pytest_plugin;"
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'spacy', 'pandas', 'matplotlib')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_report_repr_html_is_a_scoped_fragment():
    frag = report()._repr_html_()
    assert frag.startswith('<div class="fc">') and "<html" not in frag and "<body" not in frag
    css = frag[frag.index("<style>") + 7 : frag.index("</style>")]
    # every rule is scoped to the report, so a notebook's own page is not restyled
    for rule in re.findall(r"(?:^|})\s*([^{}@]+)\{", css):
        for selector in rule.split(","):
            assert selector.strip().startswith((".fc", "body.fc-page")), selector


# ------------------------------------------------------------------------------------------------- issue 12: text


def _long_report() -> Report:
    texts = {"a_1": "Kim met Putin at the Vostochny Cosmodrome. " + "The talks went on and on. " * 12,
             "b_2": "Kim met Putin in Vladivostok. " + "Officials said little about them afterwards. " * 8}
    d = Discrepancy(id="d1", kind="location", severity="high", confidence=0.9, summary="Where they met",
                    evidence=(evidence("a_1", texts["a_1"].strip(), "Vostochny Cosmodrome", texts=texts),
                              evidence("b_2", texts["b_2"].strip(), "Vladivostok", texts=texts)))
    return Report(documents=tuple(Document(id=k, text=v, outlet="The_Daily Post") for k, v in texts.items()),
                  discrepancies=(d,))


def test_render_text_one_bullet_per_evidence_with_indented_continuations():
    out = render.text(_long_report(), width=80)
    block = out.split("[HIGH] location", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    bullets = [ln for ln in block if ln.lstrip().startswith("- ")]
    assert len(bullets) == 2  # one per evidence item, however many lines each wraps to
    assert len(block) > 4  # both sentences did wrap
    for ln in block:
        assert ln.startswith("    - ") or ln.startswith("      ") and ln[6] != " ", ln
        assert len(ln) <= 80


@pytest.mark.parametrize(
    "discrepancies, counted",
    [((), "0 discrepancies; "), ((location(),), "1 discrepancy (1 high); "),
     ((location(), quote()), "2 discrepancies (1 high, 1 medium); ")],
)
def test_render_text_summary_line_has_no_dangling_separator(discrepancies, counted):
    r = report(*discrepancies) if discrepancies else Report(documents=report().documents)
    second = render.text(r).splitlines()[1]
    assert second.startswith(counted) and " ;" not in second


def test_render_markdown_code_spans_are_not_escaped():
    md = render.markdown(_long_report())
    assert "- `a_1 (The_Daily Post)` (**Vostochny Cosmodrome**)" in md
    assert "a\\_1 (" not in md.split("## d1", 1)[1]  # a backslash inside a code span is shown literally
    assert render._md_code("a`b") == "``a`b``" and render._md_code("`x") == "`` `x ``"


# ------------------------------------------------------------------------------------------------- issue 12: html


@pytest.mark.parametrize("where", ["start", "middle", "end", "none"])
def test_render_html_long_sentence_shows_a_window_and_keeps_the_whole(where):
    filler = "word " * 200
    value = "Vladivostok"
    sentence = {"start": f"{value} {filler}", "middle": f"{filler}{value} {filler}", "end": f"{filler}{value}",
                "none": filler}[where].strip()
    texts = {"a": sentence, "b": "x"}
    e = evidence("a", sentence, value if where != "none" else None, texts=texts)
    shown = render._html_sentence(Report(documents=(Document(id="a", text=sentence),)), e)
    excerpt, whole = shown.split("<details", 1)
    visible = re.sub(r"<[^>]+>", "", excerpt)
    assert len(visible) <= 2 * 100 + len(value) + 2 + 40  # the value and about 100 characters each side
    if where != "none":
        assert f"<mark>{value}</mark>" in excerpt
    assert ("…" in visible) and not visible.strip("…").startswith(" ")
    assert "<summary>whole sentence (" in whole
    assert re.sub(r"<[^>]+>", "", whole.split("</summary>", 1)[1]) == sentence  # the whole of it, once
    assert "<script" not in shown


def test_render_html_short_sentence_is_shown_whole():
    r = report()
    e = r.discrepancies[0].evidence[0]
    assert render._html_sentence(r, e) == "Kim met Putin at the <mark>Vostochny Cosmodrome</mark> on Wednesday."


def test_render_html_marks_only_guessed_dates_as_guessed():
    import datetime as dt

    from factcheck.models import Document, Report

    day = dt.date(2013, 3, 14)
    docs = (Document(id="a", text="x", published=day, published_from="metadata", inferred=("published",)),
            Document(id="b", text="y", published=day, published_from="story", inferred=("published",)))
    html = Report(documents=docs).to_html()
    assert html.count("(guessed)") == 1 and "(inferred)" not in html


def test_render_one_removed_piece_is_singular():
    from factcheck.models import Removed

    r = Report(documents=(Document(id="a", text="x y"), Document(id="b", text="z")),
               removed=(Removed(doc_id="a", start=0, end=1, text="x", reason="boilerplate"),))
    for out in (render.text(r), render.html(r)):
        assert "1 removed piece" in out and "1 removed pieces" not in out
