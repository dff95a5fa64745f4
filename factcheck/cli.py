"""The ``factcheck`` command: a thin shell over :func:`factcheck.load` and :func:`factcheck.check`.

Exit codes (:class:`ExitCode`): 0 the check ran; 1 ``--fail-on`` was given and a discrepancy at or above that
severity was found; 2 bad input or usage (one line on stderr, no traceback); 3 an internal error (one line).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from enum import IntEnum
from pathlib import Path

__all__ = ["main", "ExitCode"]


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage + exits 2; keep it to one line
        self.exit(ExitCode.USAGE, f"factcheck: error: {message} (see `factcheck --help`)\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="factcheck", description="Report where news articles about one event disagree on facts.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("check", help="check articles (files or directories) against each other")
    c.add_argument("paths", nargs="+", help=".txt/.json/.jsonl/.html files, or directories of them")
    c.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="report format")
    c.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    c.add_argument("--fail-on", choices=("low", "medium", "high"),
                   help="exit 1 if a discrepancy at or above this severity is found")
    e = sub.add_parser("evaluate", help="check articles and score the report against a gold.json annotation")
    e.add_argument("paths", nargs="+", help="the articles the gold file annotates")
    e.add_argument("--gold", required=True, help="gold annotation in the reference story's gold.json format")
    e.add_argument("--json", action="store_true", help="print the score as JSON")
    return p


def _evaluate(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    import factcheck
    from factcheck.evaluate import format_score, load_gold, score

    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError) as exc:
        raise factcheck.InputError(f"cannot read the gold file {args.gold!r} ({exc}).") from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", factcheck.FactcheckWarning)
        report = factcheck.check(factcheck.load(args.paths))
    s = score(report, gold)
    print(json.dumps(dataclasses.asdict(s), indent=2) if args.json else format_score(s, report))
    return ExitCode.OK


def _run(args: argparse.Namespace) -> int:
    if args.command == "evaluate":
        return _evaluate(args)
    import factcheck
    from factcheck.models import Severity

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", factcheck.FactcheckWarning)
        docs = factcheck.load(args.paths)
        report = factcheck.check(docs)
    for w in caught:
        if issubclass(w.category, factcheck.FactcheckWarning):
            print(f"factcheck: note: {w.message}", file=sys.stderr)
    if args.format == "json":
        out = report.to_json()
    elif args.format == "markdown":
        out = report.to_markdown()
    else:
        out = report.to_text()
    if args.output:
        try:
            Path(args.output).write_text(out if out.endswith("\n") else out + "\n", encoding="utf-8")
        except OSError as exc:
            raise factcheck.InputError(f"cannot write {args.output!r} ({exc.strerror}).") from None
    else:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    if args.fail_on:
        if report.filter(severity=Severity(args.fail_on)):
            return ExitCode.FINDINGS
    return ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from factcheck.errors import FactcheckError

    try:
        return int(_run(args))
    except FactcheckError as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        print("factcheck: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a bare traceback: one line, and how to report it
        print(f"factcheck: internal error: {type(exc).__name__}: {exc} (please report this with the input)",
              file=sys.stderr)
        return ExitCode.INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
