"""The fact table (``Report.facts``) in every view: Markdown, HTML, plain text, terminal and DataFrame."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from factcheck import render
from factcheck.models import Document, Evidence, Fact, FactValue, Report

TEXTS = {
    "a": "Robert Buckley, 32, fell 600 m near the <b>summit</b> on Saturday.",
    "b": "Buckley, 32, died after a fall on Saturday.",
    "c": "The 31-year-old Robert Buckley died on Saturday.",
}
OUTLETS = {"a": "Alpha News", "b": "Beta Times", "c": "Gamma & Co"}


def _value(doc_id: str, written: str, normalized: str, answer: int = 0) -> FactValue:
    text = TEXTS[doc_id]
    return FactValue(doc_id=doc_id, value=written, normalized=normalized, answer=answer,
                     evidence=Evidence(doc_id=doc_id, start=0, end=len(text), text=text, value=written))


def facts_report(*, extra: tuple[Fact, ...] = ()) -> Report:
    """One disputed row (a, b: 32 vs c: 31) and one agreed row (all three: Saturday)."""
    age = Fact(
        id="f1", kind="number", event="main", role="age", subject="robert-buckley",
        question="age of Robert Buckley",
        values=(_value("a", "32", "32 year"), _value("b", "32", "32 year"), _value("c", "31-year-old", "31 year", 1)),
        answers=("32", "31-year-old"), status="disputed", outlets=("a", "b", "c"),
    )
    when = Fact(
        id="f2", kind="time", event="main", role="time", subject="fall", question="when: fall",
        values=(_value("a", "Saturday", "2013-09-14"), _value("b", "Saturday", "2013-09-14"),
                _value("c", "Saturday", "2013-09-14")),
        answers=("Saturday",), status="agreed", outlets=("a", "b", "c"),
    )
    return Report(
        documents=tuple(Document(id=k, text=v, outlet=OUTLETS[k]) for k, v in TEXTS.items()),
        facts=(age, when, *extra),
    )


def _hostile_fact() -> Fact:
    """A disputed row whose question and values carry markup (as an article could)."""
    text = TEXTS["a"]
    ev = Evidence(doc_id="a", start=0, end=len(text), text=text)
    return Fact(
        id="f3", kind="location", event="main", role="place:at", subject="fall",
        question="where: <script>fall</script>",
        values=(FactValue(doc_id="a", value="<b>summit</b>", normalized="summit", answer=0, evidence=ev),
                FactValue(doc_id="b", value="Hut & <i>base</i>", normalized="base", answer=1,
                          evidence=ev.model_copy(update={"doc_id": "b"}))),
        answers=("<b>summit</b>", "Hut & <i>base</i>"), status="disputed", outlets=("a", "b"),
    )


# ------------------------------------------------------------------------------------------------- markdown


def test_markdown_facts_section_lists_disputed_answers_and_agreed_table():
    md = facts_report().to_markdown()
    assert "## Facts" in md
    facts = md[md.index("## Facts"):]
    disputed = facts[facts.index("### Disputed"):facts.index("### Agreed")]
    assert "- **age of Robert Buckley** (number)" in disputed
    assert "  - 32: Alpha News, Beta Times (2 outlets)" in disputed
    assert "  - 31-year-old: Gamma & Co (1 outlet)" in disputed
    agreed = facts[facts.index("### Agreed"):]
    assert "| question | answer | outlets |" in agreed
    assert "| when: fall | Saturday | 3: Alpha News, Beta Times, Gamma & Co |" in agreed
    assert "age of Robert Buckley" not in agreed
    assert "Not shown: 0 single-source rows" in agreed


def test_markdown_facts_caps_the_agreed_table_and_counts_the_rest():
    base = facts_report()
    when = base.facts[1]
    many = tuple(when.model_copy(update={"id": f"g{i}", "question": f"question {i}"}) for i in range(40))
    single = when.model_copy(update={"id": "s1", "status": "single_source", "outlets": ("a",),
                                     "values": when.values[:1]})
    md = facts_report(extra=(*many, single)).to_markdown()
    rows = [ln for ln in md.splitlines() if ln.startswith("| ") and "Saturday" in ln]
    assert len(rows) == 30
    assert "... and 11 more agreed rows" in md  # 41 agreed rows, 30 shown
    assert "Not shown: 1 single-source row (one outlet answers) and 0 ambiguous rows" in md


def test_markdown_without_facts_has_no_facts_section():
    r = Report(documents=(Document(id="a", text="x"), Document(id="b", text="y")))
    assert "## Facts" not in r.to_markdown()


# ------------------------------------------------------------------------------------------------- html


class _Table(HTMLParser):
    """Rows of the fact table: (row class, [(cell class, cell text)])."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.rows: list[tuple[str, list[tuple[str, str]]]] = []
        self.head: list[str] = []
        self._cell: list | None = None
        self._th = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("class") == "facts":
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append((a.get("class") or "", []))
        elif self.inside and tag == "td":
            self._cell = [a.get("class") or "", ""]
        elif self.inside and tag == "th":
            self._th = True
            self.head.append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag == "td" and self._cell is not None:
            self.rows[-1][1].append((self._cell[0], self._cell[1]))
            self._cell = None
        elif tag == "th":
            self._th = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data
        elif self._th and self.inside:
            self.head[-1] += data


def _fact_table(page: str) -> _Table:
    t = _Table()
    t.feed(page)
    return t


def test_html_fact_table_rows_columns_and_minority_cells():
    page = facts_report().to_html()
    assert '<h2 id="facts">Facts: what each outlet says</h2>' in page
    t = _fact_table(page)
    assert t.head == ["question", "Alpha News", "Beta Times", "Gamma & Co"]
    (dcls, disputed), (acls, agreed) = t.rows[1:]  # after the header row
    assert dcls == "fact-disputed" and acls == ""
    assert "disputed" in disputed[0][1] and "age of Robert Buckley" in disputed[0][1]
    assert "32 (2) vs 31-year-old (1)" in disputed[0][1]
    # the outlets' values, the minority one highlighted
    assert [c for c, _ in disputed[1:]] == ["fv", "fv", "fv fv-minority"]
    assert [v for _, v in disputed[1:]] == ["32", "32", "31-year-old"]
    assert "when: fall" in agreed[0][1]
    assert [v for _, v in agreed[1:]] == ["Saturday"] * 3 and "fv-minority" not in str(agreed)
    # the page scrolls the wide table sideways instead of widening itself
    assert '<div class="scroll"><table class="facts">' in page


def test_html_fact_table_marks_every_side_of_a_tie_and_an_outlet_not_answering():
    page = facts_report(extra=(_hostile_fact(),)).to_html()
    rows = _fact_table(page).rows[1:]
    tie = next(cells for _, cells in rows if "where: <script>fall</script>" in cells[0][1])
    assert [c for c, _ in tie[1:]] == ["fv fv-minority", "fv fv-minority", "fv fv-none"]
    assert tie[3][1] == "·"


def test_html_fact_table_escapes_questions_and_values():
    page = facts_report(extra=(_hostile_fact(),)).to_html()
    facts = page[page.index('<table class="facts">'):]
    facts = facts[: facts.index("</table>")]
    assert "<script" not in facts and "<b>summit" not in facts and "<i>base" not in facts
    assert "where: &lt;script&gt;fall&lt;/script&gt;" in facts
    assert "&lt;b&gt;summit&lt;/b&gt;" in facts and "Hut &amp; &lt;i&gt;base&lt;/i&gt;" in facts
    assert "Gamma &amp; Co" in facts


def test_html_fact_table_mixed_cell_highlights_only_the_differing_value():
    r = facts_report()
    age = r.facts[0]
    # c gives both answers: the cell is not all-minority, only its "31-year-old" is highlighted
    mixed = age.model_copy(update={"values": (*age.values, _value("c", "32", "32 year"))})
    page = r.model_copy(update={"facts": (mixed, r.facts[1])}).to_html()
    row = page[page.index('<tr class="fact-disputed">'):]
    row = row[: row.index("</tr>")]
    cells = re.findall(r'<td class="(fv[^"]*)"[^>]*>(.*?)</td>', row)
    assert cells[2] == ("fv", '<span class="minority">31-year-old</span><span>32</span>')


def test_html_without_facts_has_no_facts_section():
    r = Report(documents=(Document(id="a", text="x"), Document(id="b", text="y")))
    assert 'id="facts"' not in r.to_html()


# ------------------------------------------------------------------------------------------------- text / terminal


def test_text_facts_block_lists_disputed_rows_and_counts_agreed():
    out = facts_report().to_text()
    block = out[out.index("Facts: "):]
    assert block.startswith("Facts: 1 disputed, 1 agreed by two or more outlets, 0 single-source, 0 ambiguous")
    assert "  - age of Robert Buckley: 32 (Alpha News, Beta Times) vs 31-year-old (Gamma & Co)" in block
    assert "when: fall" not in block  # agreed rows are counted, not listed


def test_terminal_facts_block_uses_the_column_letters():
    out = render.terminal(facts_report(), width=100, color=False)
    block = out[out.index("Facts\n"):]
    assert "1 disputed, 1 agreed by two or more outlets" in block
    assert "age of Robert Buckley: 32 (A, B) vs 31-year-old (C)" in block
    assert "when: fall" not in block


def test_terminal_facts_block_is_plain_text_not_markup():
    out = render.terminal(facts_report(extra=(_hostile_fact(),)), width=120, color=False)
    assert "where: <script>fall</script>: <b>summit</b> (A) vs Hut & <i>base</i> (B)" in out


# ------------------------------------------------------------------------------------------------- frame


def test_to_frame_facts_one_row_per_value():
    pytest.importorskip("pandas")
    frame = facts_report().to_frame("facts")
    assert list(frame.columns)[:12] == ["fact_id", "question", "kind", "event", "role", "subject", "status",
                                        "doc_id", "outlet", "value", "normalized", "answer"]
    assert len(frame) == 6
    age = frame[frame.fact_id == "f1"]
    assert list(age.doc_id) == ["a", "b", "c"] and list(age.outlet) == ["Alpha News", "Beta Times", "Gamma & Co"]
    assert list(age.value) == ["32", "32", "31-year-old"] and list(age.answer) == [0, 0, 1]
    assert list(age.answer_text) == ["32", "32", "31-year-old"]
    assert set(age.status) == {"disputed"} and set(age.kind) == {"number"} and set(age.event) == {"main"}
    assert set(frame[frame.fact_id == "f2"].normalized) == {"2013-09-14"}


# ------------------------------------------------------------------------------------------------- end to end


def test_reference_story_markdown_has_a_facts_section(story_report):
    assert story_report.facts, "the reference story has a fact table"
    md = story_report.to_markdown()
    assert "## Facts" in md and "### Disputed" in md and "### Agreed by two or more outlets" in md
    facts = md[md.index("## Facts"):]
    agreed = [f for f in story_report.facts if f.status == "agreed" and len(f.outlets) >= 2]
    for f in agreed[:3]:
        assert render._md_escape(f.question) in facts
    assert "Not shown:" in facts
    page = story_report.to_html()
    assert '<table class="facts">' in page
