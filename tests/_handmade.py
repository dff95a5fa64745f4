"""Hand-built reports for renderer, testing and baseline tests: no model, no dependence on detection quality."""

from __future__ import annotations

from factcheck.models import (
    Claim,
    Discrepancy,
    Document,
    Evidence,
    Group,
    Report,
    Uncorroborated,
    Variant,
    VariantForm,
)
from factcheck.models import Mention

TEXTS = {
    "a": "Kim met Putin at the Vostochny Cosmodrome on Wednesday. \"We will win,\" Kim said. Kim Jong Un left.",
    "b": "Kim met Putin in Vladivostok on Wednesday. \"We shall win,\" Kim said. Kim Jong-un left.",
    "c": "Kim met Putin at the Vostochny Cosmodrome on Wednesday. Talks lasted five hours.",
}


def span(doc_id: str, needle: str, texts: dict[str, str] = TEXTS) -> tuple[int, int]:
    i = texts[doc_id].index(needle)
    return i, i + len(needle)


def evidence(doc_id: str, sentence: str, value: str | None = None, *, texts: dict[str, str] = TEXTS,
             claim_id: str | None = None) -> Evidence:
    s, e = span(doc_id, sentence, texts)
    focus = None
    if value is not None and value in sentence:
        fs = s + sentence.index(value)
        focus = Mention(start=fs, end=fs + len(value), text=value)
    return Evidence(doc_id=doc_id, start=s, end=e, text=sentence, value=value, claim_id=claim_id, focus=focus)


def claim(cid: str, doc_id: str, sentence: str, texts: dict[str, str] = TEXTS) -> Claim:
    s, e = span(doc_id, sentence, texts)
    return Claim(id=cid, doc_id=doc_id, start=s, end=e, text=sentence, sentence_start=s, sentence_end=e,
                 sentence_index=0)


def location(did: str = "d1", group: str = "g1") -> Discrepancy:
    return Discrepancy(
        id=did, kind="location", severity="high", confidence=0.9, group_id=group,
        summary="Where they met: Vostochny Cosmodrome (a, c) vs Vladivostok (b)",
        evidence=(
            evidence("a", "Kim met Putin at the Vostochny Cosmodrome on Wednesday.", "Vostochny Cosmodrome"),
            evidence("b", "Kim met Putin in Vladivostok on Wednesday.", "Vladivostok"),
            evidence("c", "Kim met Putin at the Vostochny Cosmodrome on Wednesday.", "Vostochny Cosmodrome",
                     texts=TEXTS),
        ),
    )


def quote(did: str = "d2", group: str = "g2") -> Discrepancy:
    return Discrepancy(
        id=did, kind="quote", severity="medium", confidence=0.7, group_id=group,
        summary="Kim's words differ: 'We will win' vs 'We shall win'",
        evidence=(evidence("a", "We will win", "We will win"), evidence("b", "We shall win", "We shall win")),
        diff="We [-will-] {+shall+} win",
    )


def report(*discrepancies: Discrepancy, texts: dict[str, str] = TEXTS, outlets: dict[str, str] | None = None,
           **extra) -> Report:
    """A three-article report; ``report()`` alone has a location (high) and a quote (medium) discrepancy."""
    if not discrepancies:
        discrepancies = (location(), quote())
    outlets = outlets if outlets is not None else {"a": "Alpha News", "b": "Beta Times", "c": "Gamma Wire"}
    docs = tuple(Document(id=k, text=v, outlet=outlets.get(k)) for k, v in texts.items())
    claims = extra.pop("claims", None)
    groups = extra.pop("groups", None)
    if claims is None and texts is TEXTS:
        claims = (
            claim("a-0", "a", "Kim met Putin at the Vostochny Cosmodrome on Wednesday."),
            claim("b-0", "b", "Kim met Putin in Vladivostok on Wednesday."),
            claim("c-0", "c", "Kim met Putin at the Vostochny Cosmodrome on Wednesday."),
            claim("a-1", "a", "\"We will win,\" Kim said."),
            claim("b-1", "b", "\"We shall win,\" Kim said."),
            claim("c-1", "c", "Talks lasted five hours."),
        )
        groups = (
            Group(id="g1", claim_ids=("a-0", "b-0", "c-0"), doc_ids=("a", "b", "c")),
            Group(id="g2", claim_ids=("a-1", "b-1"), doc_ids=("a", "b")),
        )
        extra.setdefault("variants", (
            Variant(entity_id="kim", canonical="Kim Jong Un", label="PERSON",
                    forms=(VariantForm(text="Kim Jong Un", doc_ids=("a",)),
                           VariantForm(text="Kim Jong-un", doc_ids=("b",)))),
        ))
        extra.setdefault("uncorroborated", (
            Uncorroborated(reason="single_source", claim_id="c-1", doc_id="c", start=span("c", "Talks")[0],
                           end=len(TEXTS["c"]), text="Talks lasted five hours."),
        ))
    return Report(documents=docs, claims=claims or (), groups=groups or (), discrepancies=discrepancies, **extra)


LONG_SENTENCE = (
    "The delegation, which according to several officials who asked not to be named had travelled for days, " * 6
    + "arrived in Vladivostok on Tuesday "
    + "after a journey that took them through many stations and towns along the border " * 6 + "."
)
WIDE_OUTLETS = (
    "themoscowtimes.com", "Reuters International Edition", "Agence France-Presse", "NorthKoreaNewsAgencyOnline",
    "The Washington Post", "Nikkei Asia", "Radio Free Asia", "Deutsche Welle", "Al Jazeera English",
    "South China Morning Post", "Yonhap", "TASS",
)


def wide_report() -> Report:
    """What overflowed the HTML page (issue 12): twelve outlets with long names, long titles and links, and a
    1,100-character "sentence" as evidence."""
    from factcheck.models import Mention

    docs, claims = [], []
    for i, outlet in enumerate(WIDE_OUTLETS):
        text = f"Kim met Putin in {'Vladivostok' if i % 3 else 'Omsk'} on Wednesday. {LONG_SENTENCE}"
        did = f"{i:03d}_57984d62d44e202a"
        docs.append(Document(
            id=did, text=text, outlet=outlet, title="A very long headline about the summit " * 4,
            url="https://www.example-news-site.com/world/asia/2023/09/13/" + "kim-putin-summit-vostochny-" * 6,
        ))
        for k, (a, b) in enumerate(((0, text.index(".") + 1), (text.index("The delegation"), len(text)))):
            claims.append(Claim(id=f"c{k}-{i}", doc_id=did, start=a, end=b, text=text[a:b], sentence_start=a,
                                sentence_end=b, sentence_index=k))
    found = []
    for d in docs[:3]:
        a = d.text.index("The delegation")
        v = d.text.index("Vladivostok", a)
        found.append(Evidence(doc_id=d.id, start=a, end=len(d.text), text=d.text[a:], value="Vladivostok",
                              focus=Mention(start=v, end=v + len("Vladivostok"), text="Vladivostok")))
    d1 = Discrepancy(id="d1", kind="location", severity="high", confidence=0.9, summary="Where they arrived",
                     group_id="g2", evidence=tuple(found))
    ids = tuple(d.id for d in docs)
    groups = tuple(Group(id=f"g{k + 1}", claim_ids=tuple(f"c{k}-{i}" for i in range(len(docs))), doc_ids=ids)
                   for k in range(2))
    return Report(documents=tuple(docs), claims=tuple(claims), groups=groups, discrepancies=(d1,))
