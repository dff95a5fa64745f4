"""The report's JSON schema: the contract that other tools read, exported from the frozen models.

``docs/schema.json`` and ``docs/schema.md`` are generated from here (``factcheck schema`` prints the same), and a
test fails when they drift from the models, so the published contract is always the one the code writes.
"""

from __future__ import annotations

import json
from typing import Any

from factcheck.models import SCHEMA_VERSION, Report

__all__ = ["json_schema", "to_json", "to_markdown"]

# What each top-level list holds, for the Markdown reference (the models carry no per-field prose).
_FIELD_NOTES = {
    "Report": {
        "schema_version": "Version of this contract; fields may be added within a version, never renamed.",
        "documents": "The articles as given; `text` is the original input, never modified.",
        "claims": "One fact each, with typed slots; offsets point into the document's `text`.",
        "groups": "Claims that state the same fact, across outlets or inside one article.",
        "discrepancies": "Where outlets disagree: kind, severity, confidence and evidence from every side.",
        "variants": "Spellings of one name across outlets; never discrepancies.",
        "uncorroborated": "Claims only one outlet makes, and details one outlet adds that the others leave out.",
        "removed": "Text the cleaner took out (captions, link debris), with the reason.",
        "warnings": "Notes about the input that did not stop the check.",
        "events": "Events and their mentions across outlets, the story's main ones marked (on unless "
                  "Config(events=False); docs/events.md).",
        "facts": "The fact table: one row per question, every outlet's answer, answers grouped (docs/facts.md).",
        "off_event": "Documents whose own event is not the story's, with the reason: kept here with their "
                     "claims, left out of the comparison (docs/events.md).",
    },
    "Evidence": {
        "doc_id": "The document this piece of evidence comes from.",
        "start": "Character offset into that document's `text`.",
        "end": "End offset (exclusive); `documents[doc_id].text[start:end] == text` always holds.",
        "text": "The outlet's words, verbatim.",
        "value": "The conflicting value as read from this outlet (\"Lyon\", \"evening\").",
        "focus": "The words that carry the value, inside `[start, end)`, for highlighting.",
    },
    "Discrepancy": {
        "kind": "location, number, time, quote, attribution, modality, negation, entity, garbled or internal.",
        "severity": "high, medium or low: how much a reader would be misled.",
        "confidence": "0 to 1: calibrated probability that a finding like this is a real disagreement (fitted on "
                      "annotated clusters; see docs/calibration.md). Findings are listed most confident first.",
        "detector": "Set when a model rather than a slot comparator made the finding (`nli`); its confidence is "
                    "then the model's own probability.",
        "group_id": "The claim group the evidence comes from, when there is one.",
        "internal": "True when every piece of evidence comes from one document.",
        "diff": "Word-level diff for quotes: `[-removed-]` and `{+added+}` words.",
    },
}


def json_schema() -> dict[str, Any]:
    """The JSON schema (draft 2020-12) of a serialised :class:`~factcheck.Report`.

    Example:
        >>> json_schema()["properties"]["schema_version"]["default"]
        '1'
    """
    schema = Report.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"factcheck-report-v{SCHEMA_VERSION}",
        "x-factcheck-schema-version": SCHEMA_VERSION,
        **schema,
    }


def to_json() -> str:
    """The schema as stable, indented JSON text (what ``docs/schema.json`` holds)."""
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in prop:
        return " or ".join(_type(p) for p in prop["anyOf"])
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    t = prop.get("type", "any")
    if t == "array":
        items = prop.get("items") or prop.get("prefixItems")
        if isinstance(items, list):
            return "array of [" + ", ".join(_type(i) for i in items) + "]"
        return f"array of {_type(items)}" if items else "array"
    fmt = prop.get("format")
    return f"{t} ({fmt})" if fmt else str(t)


def to_markdown() -> str:
    """A Markdown reference of every object in the report (what ``docs/schema.md`` holds)."""
    schema = json_schema()
    defs = dict(schema.get("$defs", {}))
    lines = [
        "# Report schema",
        "",
        "<!-- generated by `factcheck schema --markdown`; tests/test_render.py fails when it drifts -->",
        "",
        f"Schema version **{SCHEMA_VERSION}**. The machine-readable form is [schema.json](schema.json) "
        "(JSON Schema draft 2020-12); `factcheck schema` prints it. Fields may be added within a version; "
        "none is renamed or removed.",
        "",
        "Every span (`start`, `end`) is a character offset into the original text of its document, so "
        "`documents[doc_id].text[start:end] == text` holds for every piece of evidence, claim and removed piece.",
        "",
    ]
    objects = [("Report", schema)] + sorted(defs.items())
    for name, obj in objects:
        if obj.get("type") != "object":
            lines += [f"## {name}", "", f"One of: {_type(obj)}.", ""]
            continue
        lines += [f"## {name}", ""]
        if obj.get("description"):
            lines += [" ".join(obj["description"].split()), ""]
        lines += ["| field | type | required | notes |", "|---|---|---|---|"]
        required = set(obj.get("required", []))
        notes = _FIELD_NOTES.get(name, {})
        for field, prop in obj.get("properties", {}).items():
            note = notes.get(field, "")
            if "default" in prop and prop["default"] not in (None, [], ()):
                default = json.dumps(prop["default"])
                note = (note + " " if note else "") + f"Default `{default}`."
            lines.append(f"| `{field}` | {_type(prop)} | {'yes' if field in required else ''} | {note} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
