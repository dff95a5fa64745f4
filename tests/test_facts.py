"""The fact table (factcheck/facts/): keys, compatible answers, rows, and the row detector (compare/rows.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import factcheck
from factcheck.compare import ROW_RULES, Context, compare
from factcheck.compare.rows import disputes
from factcheck.config import Config
from factcheck.embed import HashingEmbedder
from factcheck.facts import Story, build
from factcheck.facts import answers as ans
from factcheck.facts import keys
from factcheck.models import Claim, EntityMention, Kind, Place, Quantity, TimeRef

DAY = dt.date(2013, 9, 14)


def _claim(doc: str, text: str, n: int = 1, *, quantities=(), times=(), places=(), entities=(), subject=None,
           predicate=None) -> Claim:
    return Claim(id=f"{doc}:c{n}", doc_id=doc, start=0, end=len(text), text=text, sentence_start=0,
                 sentence_end=len(text), sentence_index=n, quantities=tuple(quantities), times=tuple(times),
                 places=tuple(places), entities=tuple(entities), subject=subject, predicate=predicate)


def _q(text: str, sentence: str, value: float, **kw) -> Quantity:
    i = sentence.index(text)
    kw.setdefault("dimension", "count")
    return Quantity(start=i, end=i + len(text), text=text, value=value, **kw)


def _person(name: str, sentence: str, eid: str) -> EntityMention:
    i = sentence.index(name)
    return EntityMention(start=i, end=i + len(name), text=name, label="PERSON", entity_id=eid, canonical=name)


def _t(text: str, sentence: str, day: dt.date, **kw) -> TimeRef:
    i = sentence.index(text)
    return TimeRef(start=i, end=i + len(text), text=text, start_date=day, end_date=day, **kw)


def _place(text: str, sentence: str, **kw) -> Place:
    i = sentence.index(text)
    kw.setdefault("role", "at")
    return Place(start=i, end=i + len(text), text=text, canonical=text, entity_id=text.lower(), **kw)


# ------------------------------------------------------------------------------------------------------ keys


def test_facts_keys_age_needs_a_named_owner():
    s = "Robert Buckley, 32, fell."
    named = _claim("a", s, quantities=[_q("32", s, 32, owner="robert-buckley")],
                   entities=[_person("Robert Buckley", s, "robert-buckley")])
    key = keys.number_key(named, named.quantities[0], "main")
    assert key is not None and key.role == "age" and key.owner == "robert-buckley"
    s2 = "The 36-year-old climber fell."
    anon = _claim("b", s2, quantities=[_q("36-year-old", s2, 36, dimension="age", of="climber", owner="climber")])
    assert keys.number_key(anon, anon.quantities[0], "main") is None  # "the climber" could be anyone


@pytest.mark.parametrize("sentence,figure,role,optional", [
    ("Police seized six rifles.", "six rifles", "count:rifle", True),
    ("Police arrested 12 people.", "12 people", "count:person", False),
    ("So far the navy has seized 14 rifles.", "14 rifles", "total:count:rifle", True),
])
def test_facts_keys_count_roles(sentence, figure, role, optional):
    counted = role.rsplit(":", 1)[1]
    c = _claim("a", sentence, quantities=[_q(figure, sentence, 6, counted=counted, anchor="seize")])
    key = keys.number_key(c, c.quantities[0], "main")
    assert key.role == role and key.head_optional is optional


def test_facts_keys_ago_is_not_a_duration():
    s = "They moved back 12 weeks ago."
    c = _claim("a", s, quantities=[_q("12 weeks", s, 12, dimension="time", unit="week", anchor="move")])
    assert keys.number_key(c, c.quantities[0], "main").role == "ago:time"


def test_facts_keys_report_dates_are_not_event_dates():
    s = "The police said Tuesday that the man fell."
    c = _claim("a", s, times=[_t("Tuesday", s, DAY, anchor="fall")])
    assert keys.time_key(c, c.times[0], "main") is None


def test_facts_keys_background_event_by_its_own_date():
    s1, s2 = "The climber fell on Saturday.", "A climber fell there in 2009."
    near = _claim("a", s1, times=[_t("Saturday", s1, DAY, anchor="fall")])
    far = _claim("b", s2, times=[_t("2009", s2, dt.date(2009, 1, 1), granularity="year",
                                    anchor="fall").model_copy(update={"end_date": dt.date(2009, 12, 31)})])
    main = keys.main_date([near, far])
    assert main == DAY
    assert keys.event_of(near, main) == "main"
    assert keys.event_of(far, main) == "background:2009"


# --------------------------------------------------------------------------------------------------- answers


@pytest.mark.parametrize("a,b,expected", [
    ("Newton Street", "Millom", None),  # a street against a town: precision, not a conflict
    ("Millom", "Cardiff", False),
    ("Aoraki Mount Cook", "Mount Cook National Park", True),  # one distinctive name word shared
    ("France", "Lyon", None),  # a country is too coarse to contradict a city
])
def test_facts_answers_places(a, b, expected):
    pa, pb = _place(a, a), _place(b, b)
    assert ans.places_agree(pa, pb, Story()) is expected


@pytest.mark.parametrize("ta,tb,expected", [
    ("03:30", "03:33", True),  # rounding of one clock time
    ("10:00", "10:30", False),
    ("08:39", "08:40", True),
    ("07:41", "07:42", False),  # two unrounded clock times are two answers (a game clock)
])
def test_facts_answers_clock_times(ta, tb, expected):
    a = TimeRef(start=0, end=5, text=ta, start_date=DAY, end_date=DAY, granularity="minute", time_of_day=ta)
    b = TimeRef(start=0, end=5, text=tb, start_date=DAY, end_date=DAY, granularity="minute", time_of_day=tb)
    assert ans.times_agree(a, b, Story()) is expected


def test_facts_answers_a_weekend_does_not_contradict_its_friday():
    weekend = TimeRef(start=0, end=11, text="the weekend", start_date=DAY, end_date=DAY + dt.timedelta(days=1))
    friday = TimeRef(start=0, end=6, text="Friday", start_date=DAY - dt.timedelta(days=1),
                     end_date=DAY - dt.timedelta(days=1))
    assert ans.times_agree(weekend, friday, Story()) is not False


# ------------------------------------------------------------------------------------------------------ rows


def _rifles(doc: str, n: int, verb: str, *, total: bool = False, k: int = 1) -> Claim:
    text = f"{'So far the navy has' if total else 'Police'} {verb} {n} rifles."
    word = f"{n} rifles"
    return _claim(doc, text, k, quantities=[_q(word, text, n, counted="rifle", anchor=verb)], predicate=verb)


def test_facts_table_one_question_whatever_the_verb():
    claims = [_rifles("a", 6, "seized"), _rifles("b", 6, "found"), _rifles("c", 14, "confiscated"),
              _rifles("a", 14, "confiscated", total=True, k=2)]
    docs = {c.doc_id: c.text for c in claims}
    docs["a"] = claims[0].text  # evidence offsets are into each document's own text
    facts = build([c for c in claims if c.id != "a:c2"], docs, Story())
    (row,) = [f for f in facts if f.role == "count:rifle"]
    assert row.status == "disputed"
    assert row.outlets_of(0) == ("a", "b") and row.outlets_of(1) == ("c",)
    assert row.question.startswith("number of rifle")


def test_facts_table_running_totals_are_their_own_question():
    claims = [_rifles("a", 6, "seized"), _rifles("b", 14, "seized", total=True)]
    facts = build(claims, {c.doc_id: c.text for c in claims}, Story())
    assert {f.role: f.status for f in facts} == {"count:rifle": "single_source", "total:count:rifle": "single_source"}


def test_facts_table_two_peoples_ages_are_two_rows():
    s1, s2, s3 = "Duncan Rait, 36, died.", "Robert Buckley, 32, died.", "Robert Buckley, 31, died."
    claims = [
        _claim("a", s1, quantities=[_q("36", s1, 36, owner="rait")], entities=[_person("Duncan Rait", s1, "rait")]),
        _claim("b", s2, quantities=[_q("32", s2, 32, owner="buckley")],
               entities=[_person("Robert Buckley", s2, "buckley")]),
        _claim("c", s3, quantities=[_q("31", s3, 31, owner="buckley")],
               entities=[_person("Robert Buckley", s3, "buckley")]),
    ]
    facts = build(claims, {c.doc_id: c.text for c in claims}, Story())
    by_q = {f.question: f for f in facts}
    assert by_q["age of Robert Buckley"].status == "disputed"
    assert by_q["age of Duncan Rait"].status == "single_source"


def test_facts_table_a_row_mixing_questions_is_ambiguous_not_disputed():
    # two documents each give both figures: the row holds two questions the key cannot tell apart
    claims = [_rifles("a", 6, "seized"), _rifles("a", 14, "seized", k=2), _rifles("b", 6, "seized"),
              _rifles("b", 14, "seized", k=2)]
    facts = build(claims, {"a": claims[0].text, "b": claims[2].text}, Story())
    assert [f.status for f in facts] == ["ambiguous"]


def test_facts_rows_one_finding_per_disputed_row_naming_the_question():
    claims = [_rifles("a", 6, "seized"), _rifles("b", 6, "found"), _rifles("c", 14, "confiscated")]
    docs = {c.doc_id: c.text for c in claims}
    facts = build(claims, docs, Story())
    ctx = Context(config=Config(), claims={c.id: c for c in claims}, documents=docs, facts=facts)
    (finding,) = disputes(facts, ctx, ROW_RULES)
    assert finding.kind is Kind.number
    assert finding.summary == "number of rifle: 6 rifles (a, b) vs 14 rifles (c)"
    assert {e.doc_id for e in finding.evidence} == {"a", "b", "c"}
    for e in finding.evidence:
        assert docs[e.doc_id][e.start:e.end] == e.text and e.focus.text in e.text


def test_facts_rows_detector_switch_replaces_pairwise_figures():
    claims = [_rifles("a", 6, "seized"), _rifles("b", 14, "seized")]
    docs = {c.doc_id: c.text for c in claims}
    facts = build(claims, docs, Story())
    links = [("a:c1", "b:c1", 0.95)]
    for detector in ("pairs", "facts"):
        ctx = Context(config=Config(detector=detector), claims={c.id: c for c in claims}, documents=docs,
                      facts=facts)
        found, _ = compare([], links, ctx, emb_of=HashingEmbedder().encode)
        numbers = [d for d in found if d.kind is Kind.number]
        assert len(numbers) == 1
        assert numbers[0].summary.startswith("number of rifle") is (detector == "facts")


# ------------------------------------------------------------------------------------------- end to end


def test_facts_owner_read_from_the_parse():
    text_a = "Robert Buckley, 32, fell 150 metres on Saturday."
    text_b = "On Saturday, 31-year-old Englishman Robert Buckley fell 600 metres."
    report = factcheck.check([{"id": "a", "text": text_a, "published": "2013-09-15"},
                              {"id": "b", "text": text_b, "published": "2013-09-15"}],
                             embedder=HashingEmbedder())
    ages = [f for f in report.facts if f.role == "age"]
    assert len(ages) == 1 and ages[0].status == "disputed" and "Robert Buckley" in ages[0].question
    falls = [f for f in report.facts if f.role == "length"]
    assert falls and falls[0].status == "disputed"


def test_facts_reference_story_table(story_report):
    facts = story_report.facts
    assert facts and all(f.values for f in facts)
    assert {f.status for f in facts} <= {"agreed", "disputed", "single_source", "ambiguous"}
    for f in facts:
        for v in f.values:
            doc = story_report.document(v.doc_id)
            assert doc.text[v.evidence.start:v.evidence.end] == v.evidence.text
            assert v.evidence.focus.text == v.value
    assert [f.id for f in facts] == [f"f{k}" for k in range(1, len(facts) + 1)]


def test_facts_report_of_schema_1_still_reads():
    r = factcheck.Report(documents=(factcheck.Document(id="a", text="x"),))
    data = json.loads(r.to_json())
    del data["facts"], data["off_event"]
    data["schema_version"] = "1"
    back = factcheck.Report.from_json(json.dumps(data))
    assert back.facts == () and back.off_event == ()


def test_facts_answers_a_subdivision_is_precision_not_a_conflict():
    # pycountry's ISO 3166-2 names: a county against a town in it
    assert ans.places_agree(_place("Cumbria", "Cumbria"), _place("Millom", "Millom"), Story()) is None
    assert ans.places_agree(_place("Russian Far East", "Russian Far East"), _place("Hasan", "Hasan"), Story()) is None


def test_facts_answers_relative_day_off_by_one_is_not_a_conflict():
    yesterday = TimeRef(start=0, end=9, text="yesterday", start_date=DAY, end_date=DAY, relative=True)
    thursday = TimeRef(start=0, end=8, text="Thursday", start_date=DAY - dt.timedelta(days=1),
                       end_date=DAY - dt.timedelta(days=1))
    friday = TimeRef(start=0, end=6, text="Friday", start_date=DAY, end_date=DAY, relative=True)
    assert ans.times_agree(yesterday, thursday, Story()) is None  # a publication date known only to the day
    assert ans.times_agree(friday, thursday, Story()) is False  # the words themselves differ


def test_facts_keys_a_date_far_from_the_story_is_background_whatever_its_sentence():
    s = "The 1940s actress died yesterday."
    c = _claim("a", s, times=[_t("yesterday", s, DAY, relative=True, anchor="die"),
                              _t("1940s", s, dt.date(1940, 1, 1), granularity="year", anchor="die")])
    assert keys.time_event(c.times[0], DAY, "main") == "main"
    assert keys.time_event(c.times[1], DAY, "main") == "background"


def test_facts_table_background_dates_years_apart_are_two_events():
    s1, s2, s3 = "He was arrested in 1969.", "He was arrested in 1970.", "He was arrested in 1997."
    main = "He died on Saturday."
    year = lambda y: dt.date(y, 1, 1)  # noqa: E731
    mk = lambda doc, s, y: _claim(doc, s, times=[_t(str(y), s, year(y), granularity="year",  # noqa: E731
                                                    anchor="arrest").model_copy(update={"end_date": dt.date(y, 12, 31)})])
    claims = [_claim("a", main, 2, times=[_t("Saturday", main, DAY, anchor="die")]),
              _claim("b", main, 2, times=[_t("Saturday", main, DAY, anchor="die")]),
              mk("a", s1, 1969), mk("b", s2, 1970)]
    facts = build(claims, {"a": s1, "b": s2}, Story())
    (row,) = [f for f in facts if f.event == "background"]
    assert row.status == "disputed"  # 1969 against 1970: one arrest misdated
    far = [claims[0], claims[1], mk("a", s1, 1969), mk("b", s3, 1997)]
    (row,) = [f for f in build(far, {"a": s1, "b": s3}, Story()) if f.event == "background"]
    assert row.status == "agreed"  # 1969 and 1997: two arrests


def test_facts_table_synonym_verbs_learned_from_aligned_claims():
    s1, s2 = "The navy foiled the attack on Friday.", "The navy thwarted the attack on Thursday."
    a = _claim("a", s1, times=[_t("Friday", s1, DAY, anchor="foil")], predicate="foil")
    b = _claim("b", s2, times=[_t("Thursday", s2, DAY - dt.timedelta(days=1), anchor="thwart")], predicate="thwart")
    docs = {"a": s1, "b": s2}
    apart = build([a, b], docs, Story())
    assert {f.status for f in apart} == {"single_source"}  # two verbs, two questions
    (row,) = build([a, b], docs, Story(), same_fact=[("a:c1", "b:c1")])
    assert row.status == "disputed" and row.answers == ("Friday", "Thursday")


def test_facts_answers_weekday_names_compare_without_a_publication_date():
    tue = TimeRef(start=0, end=7, text="Tuesday")
    fri = TimeRef(start=0, end=6, text="Friday")
    tue2 = TimeRef(start=0, end=14, text="early Tuesday")
    assert ans.times_agree(tue, fri, Story()) is False
    assert ans.times_agree(tue, tue2, Story()) is True
    s = "She checked in on Friday."
    c = _claim("a", s, times=[TimeRef(start=s.index("Friday"), end=s.index("Friday") + 6, text="Friday",
                                      anchor="check")])
    assert keys.time_key(c, c.times[0], "main") is not None


def test_facts_keys_a_bare_duration_is_no_question():
    s = "The crews fought the fire for ten minutes."
    c = _claim("a", s, quantities=[_q("ten minutes", s, 10, dimension="time", unit="minute", base_value=600,
                                      anchor="fight")])
    assert keys.number_key(c, c.quantities[0], "main") is None


def test_facts_answers_a_place_named_after_its_police_is_still_a_region():
    # entity canonicalisation can give a county the display form of its police force
    county = Place(start=0, end=7, text="Cumbria", canonical="Cumbria Police", entity_id="cumbria-police", role="at")
    assert ans.places_agree(county, _place("Millom", "Millom"), Story()) is None


def test_facts_rows_evidence_is_the_disputed_value_not_a_compatible_neighbour():
    # a: 1969 and (an unrelated, far) 1997 in one row; b: 1970. a's evidence must be its 1969 sentence.
    s_a1, s_a2, s_b = "He was arrested in 1969.", "He was arrested in 1997.", "He was arrested in 1970."
    main = "He died on Saturday."
    year = lambda doc, s, y, n: _claim(doc, s, n, times=[_t(str(y), s, dt.date(y, 1, 1), granularity="year",  # noqa: E731
                                                         anchor="arrest").model_copy(update={"end_date": dt.date(y, 12, 31)})])
    claims = [_claim("a", main, 9, times=[_t("Saturday", main, DAY, anchor="die")]),
              _claim("b", main, 9, times=[_t("Saturday", main, DAY, anchor="die")]),
              year("a", s_a2, 1997, 1), year("a", s_a1, 1969, 2), year("b", s_b, 1970, 1)]
    docs = {"a": s_a2, "b": s_b}
    facts = build(claims, docs, Story())
    (row,) = [f for f in facts if f.event == "background"]
    first_a = next(v for v in row.values if v.doc_id == "a")
    assert first_a.value == "1969"
