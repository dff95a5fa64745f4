"""The HTML report in a real browser: Debian's headless Chromium, driven over the DevTools protocol.

One browser per module. Skipped only when /usr/bin/chromium is absent (``.ci/run`` installs it).
"""

from __future__ import annotations

import warnings

import pytest
from _chromium import SKIP_REASON, Chromium, available, file_url
from _handmade import evidence

from factcheck.models import Discrepancy, Document, Report

pytestmark = pytest.mark.skipif(not available(), reason=SKIP_REASON)

PAYLOAD = (
    '<script>document.title="pwned";window.__pwned="script"</script>'
    '<img src=x onerror="window.__pwned=\'img\';document.title=\'pwned\'">'
    '<a href="javascript:window.__pwned=\'link\'">read more</a>'
    '<svg onload="window.__pwned=\'svg\'"></svg>'
)
PROBES = {
    "title": "document.title",
    "pwned": "typeof window.__pwned === 'undefined' ? null : String(window.__pwned)",
    "scripts": "document.querySelectorAll('script').length",
    "images": "document.querySelectorAll('img, svg, iframe, object, embed').length",
    "js_links": "Array.from(document.querySelectorAll('a')).filter(a => /^\\s*javascript:/i.test("
    "a.getAttribute('href') || '')).length",
    "handlers": "Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes)"
    ".some(a => a.name.startsWith('on'))).length",
    "text": "document.body.textContent",  # includes collapsed <details>, where the articles are
    "findings": "document.querySelectorAll('section.finding').length",
    "matrix_rows": "document.querySelectorAll('table.matrix tbody tr').length",
}


@pytest.fixture(scope="module")
def browser():
    with Chromium() as b:
        yield b


def _open(browser, tmp_path, report: Report, name: str):
    page = tmp_path / name
    page.write_text(report.to_html(title="<b>factcheck</b> report"), encoding="utf-8")
    return browser.open(file_url(page), evaluate=PROBES)


def _assert_inert(run):
    assert run.values["pwned"] is None, f"article markup ran: {run.values['pwned']}"
    assert run.values["title"] == "<b>factcheck</b> report"
    assert run.values["scripts"] == 0 and run.values["images"] == 0
    assert run.values["js_links"] == 0 and run.values["handlers"] == 0
    assert run.errors == [], run.errors
    assert run.other_requests == [], run.other_requests


def test_html_chromium_reference_story_loads_clean(browser, tmp_path, story_report):
    run = _open(browser, tmp_path, story_report, "reference.html")
    assert run.errors == [], run.errors
    assert run.other_requests == [], f"the page fetched: {run.other_requests}"
    assert run.values["findings"] == len(story_report.discrepancies)
    assert run.values["scripts"] == 0
    assert "Coverage: who reports what" in run.values["text"]


def test_html_chromium_hostile_markup_shows_as_text_handmade(browser, tmp_path):
    """Payload in every field the page shows: article text, evidence, summary, diff, title, outlet, url."""
    texts = {"a": f"Kim met Putin in Omsk. {PAYLOAD}", "b": f"Kim met Putin in Tomsk. {PAYLOAD}"}
    d = Discrepancy(
        id="d1", kind="location", severity="high", confidence=0.8, summary=f"Omsk vs Tomsk {PAYLOAD}",
        explanation=PAYLOAD, diff=f"[-{PAYLOAD}-] {{+{PAYLOAD}+}}",
        evidence=(evidence("a", f"Kim met Putin in Omsk. {PAYLOAD}", "Omsk", texts=texts),
                  evidence("b", f"Kim met Putin in Tomsk. {PAYLOAD}", PAYLOAD, texts=texts)),
    )
    report = Report(
        documents=tuple(Document(id=k, text=v, outlet=PAYLOAD, title=PAYLOAD, url="javascript:window.__pwned=1")
                        for k, v in texts.items()),
        discrepancies=(d,), warnings=(PAYLOAD,),
    )
    run = _open(browser, tmp_path, report, "hostile.html")
    _assert_inert(run)
    assert '<script>document.title="pwned"' in run.values["text"]
    assert "<img src=x onerror=" in run.values["text"]
    assert "javascript:window.__pwned='link'" in run.values["text"]


def test_html_chromium_hostile_article_through_the_pipeline(browser, tmp_path, story_report, story_docs):
    """A real check of an article carrying the payload (the model is already loaded by story_report)."""
    import factcheck

    hostile = Document(
        id="hostile", outlet="<i>Evil</i>",
        text="Kim Jong Un arrived in Russia on Tuesday for talks with Vladimir Putin.\n\n"
             f"{PAYLOAD}\n\nThe leaders met at the Vostochny Cosmodrome on Wednesday. {PAYLOAD}\n",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = factcheck.check([story_docs[0], hostile])
    run = _open(browser, tmp_path, report, "pipeline.html")
    _assert_inert(run)
    assert '<script>document.title="pwned"' in run.values["text"]


def test_html_chromium_harness_sees_scripts_errors_and_requests(browser, tmp_path):
    """Control: the same probes catch a page that does run script and fetch, so the tests above mean something."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><title>t</title><script>window.__pwned='yes';console.error('boom')</script>"
        "<img src='http://127.0.0.1:9/x.png'>",
        encoding="utf-8",
    )
    run = browser.open(file_url(page), evaluate=PROBES)
    assert run.values["pwned"] == "yes"
    assert any("boom" in e for e in run.errors)
    assert "http://127.0.0.1:9/x.png" in run.other_requests


# ------------------------------------------------------------------------------------------------- layout (issue 12)

LAYOUT = {
    "page_width": "document.documentElement.scrollWidth",
    "viewport": "document.documentElement.clientWidth",
    # a scroll container that must scroll is allowed only when the table cannot fit; twelve outlets fit
    "scrolling": "Array.from(document.querySelectorAll('.fc .scroll')).filter(e => e.scrollWidth > e.clientWidth + 1)"
    ".map(e => e.firstElementChild.className)",
    # a rotated header is one line: its physical width is one line high, whatever the name's length
    "header_lines": "Array.from(document.querySelectorAll('th.doc span')).map(e => e.getBoundingClientRect().width)",
    "font_px": "parseFloat(getComputedStyle(document.querySelector('th.doc span')).fontSize)",
    "excerpt_chars": "Array.from(document.querySelectorAll('.side .excerpt')).map(e => e.textContent.length)",
    "sentence_px": "Array.from(document.querySelectorAll('.side .sentence')).map(e => e.getBoundingClientRect().height)",
    "details_open": "document.querySelectorAll('.side details[open]').length",
    "details": "document.querySelectorAll('.side details.whole').length",
}


@pytest.mark.parametrize("width", [1000, 1400])
@pytest.mark.parametrize("fragment", [False, True], ids=["page", "notebook-cell"])
def test_html_chromium_wide_report_fits_without_overflow(browser, tmp_path, width, fragment):
    """Twelve outlets with long names, long titles and links, a 1,100-character sentence: nothing overflows the
    page at 1000 and 1400 px, nor a 1000 px notebook cell; outlet names are never broken inside a word."""
    from _handmade import LONG_SENTENCE, wide_report

    report = wide_report()
    page = tmp_path / "wide.html"
    if fragment:  # what Jupyter shows: the scoped fragment inside an output cell 1000 px wide
        page.write_text("<!DOCTYPE html><html><body style='margin:0'><div style='width:1000px'>"
                        f"{report._repr_html_()}</div></body></html>", encoding="utf-8")
    else:
        page.write_text(report.to_html(), encoding="utf-8")
    shot = tmp_path / f"wide-{'cell' if fragment else 'page'}-{width}.png"
    run = browser.open(file_url(page), evaluate={**PROBES, **LAYOUT}, width=width, screenshot=shot)
    v = run.values
    assert v["scripts"] == 0 and run.errors == []
    assert v["page_width"] <= v["viewport"] == width
    assert v["scrolling"] == []
    assert len(v["header_lines"]) == 12 and max(v["header_lines"]) < 1.6 * v["font_px"]
    assert v["details"] == 3 and v["details_open"] == 0  # the whole sentence is one click away
    assert max(v["excerpt_chars"]) < 260 < len(LONG_SENTENCE)
    assert max(v["sentence_px"]) < 260
    assert LONG_SENTENCE.strip() in " ".join(v["text"].split())  # still in the page, behind the control
    assert shot.stat().st_size > 10_000


def test_html_chromium_many_outlets_scroll_inside_the_table_not_the_page(browser, tmp_path):
    """Forty outlets cannot fit 1000 px: the matrix scrolls in its own box and the page keeps its width."""
    from _handmade import wide_report

    r = wide_report()
    docs = tuple(d.model_copy(update={"id": f"{i:03d}x", "outlet": f"Outlet number {i}"})
                 for i, d in enumerate(r.documents * 4))
    groups = tuple(g.model_copy(update={"doc_ids": tuple(d.id for d in docs)}) for g in r.groups)
    wide = r.model_copy(update={"documents": docs, "groups": groups, "discrepancies": ()})
    page = tmp_path / "forty.html"
    page.write_text(wide.to_html(), encoding="utf-8")
    run = browser.open(file_url(page), evaluate=LAYOUT, width=1000)
    assert run.values["page_width"] <= 1000
    assert run.values["scrolling"] == ["matrix"]
