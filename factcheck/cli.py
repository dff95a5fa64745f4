"""The ``factcheck`` command: a thin shell over :func:`factcheck.load` and :func:`factcheck.check`.

Exit codes (:class:`ExitCode`): 0 the check ran; 1 ``--fail-on`` was given and a discrepancy at or above that
severity was found (with ``--baseline``: a *new* one, at any severity unless ``--fail-on`` says otherwise);
2 bad input or usage (one line on stderr, no traceback), including a check that compared nothing (see
:func:`nothing_compared`; ``--allow-empty`` accepts it); 3 an internal error (one line).

Commands: ``check`` (the report), ``evaluate`` (score against a gold annotation), ``schema`` (the report's JSON
schema), ``events`` (event mentions and which name the same event), ``stream`` (group a stream of articles into
stories and check each one; :mod:`factcheck.stream`). A progress bar appears on stderr when a check runs longer
than a couple of seconds and stderr is a terminal; it is never written to a pipe or a file.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import warnings
from enum import IntEnum
from pathlib import Path

__all__ = ["main", "ExitCode", "nothing_compared"]


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage + exits 2; keep it to one line
        self.exit(ExitCode.USAGE, f"factcheck: error: {message} (see `factcheck --help`)\n")


def _unit_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is outside 0-1")
    return value


def _kinds(values: list[str] | None) -> set[str] | None:
    from factcheck.errors import InputError
    from factcheck.models import Kind

    if not values:
        return None
    wanted = {k.strip().lower() for v in values for k in v.split(",") if k.strip()}
    unknown = wanted - {k.value for k in Kind}
    if unknown:
        raise InputError(f"unknown --kind {', '.join(sorted(unknown))}; choose from "
                         f"{', '.join(k.value for k in Kind)}.")
    return wanted


def _parser() -> argparse.ArgumentParser:
    from factcheck import __version__

    p = _Parser(prog="factcheck", description="Report where news articles about one event disagree on facts.")
    p.add_argument("--version", action="version", version=f"factcheck {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("check", help="check articles (files or directories) against each other")
    c.add_argument("paths", nargs="+", help=".txt/.json/.jsonl/.html files, or directories of them")
    c.add_argument("--format", choices=("text", "terminal", "json", "markdown", "html"), default=None,
                   help="report format (default: the terminal view with tables and colour when stdout is a "
                        "terminal, plain text otherwise)")
    c.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    c.add_argument("--fail-on", choices=("low", "medium", "high"),
                   help="exit 1 if a discrepancy at or above this severity is found (with --baseline: a new one)")
    c.add_argument("--baseline", metavar="FILE",
                   help="JSON file of accepted discrepancies; only discrepancies not in it fail the run")
    c.add_argument("--update-baseline", action="store_true",
                   help="write this run's discrepancies to the --baseline file (keeping notes) and exit 0")
    c.add_argument("--no-progress", action="store_true", help="never show the progress bar")
    c.add_argument("--allow-empty", action="store_true",
                   help="exit 0 even when nothing could be compared (no fact told by two articles); "
                        "by default such a run exits 2")
    c.add_argument("--min-confidence", type=_unit_float, metavar="P",
                   help="drop findings whose calibrated confidence is below P (0-1; default: the config's 0.1)")
    c.add_argument("--kind", action="append", metavar="KIND",
                   help="report only findings of these kinds (repeat, or comma-separated: location,time)")
    c.add_argument("--detector", choices=("pairs", "facts"), default=None,
                   help="how figures, times and places are compared: 'pairs' of linked claims (default) or the "
                        "rows of the fact table (docs/facts.md)")
    c.add_argument("--nli-model", metavar="DIR",
                   help="also score linked claims with a local NLI cross-encoder folder (off by default)")
    e = sub.add_parser("evaluate", help="check articles and score the report against a gold.json annotation")
    e.add_argument("paths", nargs="+",
                   help="the articles the gold file annotates; without --gold, one folder of annotated clusters "
                        "(or one cluster) in the development-set format (docs/evaluation.md)")
    e.add_argument("--gold", help="gold annotation in the reference story's gold.json format")
    e.add_argument("--details", action="store_true", help="with a folder of clusters: list missed items, alarms "
                   "and unmatched findings per cluster")
    e.add_argument("--json", action="store_true", help="print the score as JSON")
    e.add_argument("--no-progress", action="store_true", help="never show the progress bar")
    e.add_argument("--detector", choices=("pairs", "facts"), default=None,
                   help="how figures, times and places are compared (as for check)")
    s = sub.add_parser("schema", help="print the JSON schema of the report (the contract other tools read)")
    s.add_argument("--markdown", action="store_true", help="print the schema as a Markdown reference instead")
    s.add_argument("-o", "--output", help="write it to this file instead of stdout")
    v = sub.add_parser("events", help="list the event mentions of articles and which ones name the same event")
    v.add_argument("paths", nargs="+", help="article files or folders; a folder's mentions.jsonl (gold mentions, "
                                            "lines with type \"event\") is clustered instead of detected mentions")
    v.add_argument("--format", choices=("text", "jsonl"), default="text", help="output format (default: text)")
    v.add_argument("--mentions", metavar="FILE", help="a mentions.jsonl to cluster (overrides a folder's own)")
    _stream_parser(sub)
    return p


def _stream_parser(sub) -> None:
    st = sub.add_parser("stream", help="group a stream of articles into stories and check each story")
    st.add_argument("inputs", nargs="+", metavar="INPUT",
                    help="folders, .jsonl/.json/.txt/.html files, or - for one JSON article per line on stdin")
    st.add_argument("--out", required=True, metavar="DIR",
                    help="output folder: reports/, stories.jsonl and the state the next run resumes from")
    st.add_argument("--engine", choices=("local", "ray"), default="local",
                    help="run the checks in this process (default) or on a Ray cluster (pip install factcheck[ray])")
    st.add_argument("--address", help="Ray cluster address (default: a private cluster on this machine)")
    st.add_argument("--no-progress", action="store_true", help="never show the progress bar")
    st.add_argument("--timings", action="store_true", help="also print the seconds spent per stage (local engine)")


def _stream(args: argparse.Namespace) -> int:
    from factcheck.stream import run_stream

    from factcheck.errors import InputError

    if args.address and args.engine != "ray":
        raise InputError("--address needs --engine ray.")
    bar = _StoryBar(enabled=not args.no_progress)
    with bar:
        result = run_stream(args.inputs, args.out, engine=args.engine, address=args.address, progress=bar.update)
    print(f"factcheck: stream: {result.describe()}", file=sys.stderr)
    if args.timings:
        print("factcheck: stream: seconds per stage: " + ", ".join(f"{k} {v:.1f}" for k, v in result.timings.items()),
              file=sys.stderr)
    return ExitCode.OK


def _is_terminal(stream) -> bool:
    """A stream a progress bar may draw on: a terminal that is not a dumb one (never a pipe, a file or a CI log)."""
    isatty = getattr(stream, "isatty", None)
    return callable(isatty) and isatty() and os.environ.get("TERM") != "dumb"


class _StoryBar:
    """Stories checked out of stories to check, on stderr, only when stderr is a terminal."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled and _is_terminal(sys.stderr)
        self._bar = None
        self._task = None

    def __enter__(self) -> _StoryBar:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("factcheck: checking stories"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=Console(file=sys.stderr), transient=True)
            self._bar.__enter__()
        return self

    def update(self, done: int, total: int) -> None:
        if self._bar is None:
            return
        if self._task is None:
            self._task = self._bar.add_task("stories", total=total)
        self._bar.update(self._task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


class _Progress:
    """A progress bar on stderr, driven by the stage timings :func:`factcheck.check` fills as it goes.

    It waits ``delay`` seconds before drawing anything (short runs stay quiet) and draws only when the stream is
    a terminal, so logs and pipes never receive control characters.
    """

    STAGES = ("load", "clean", "segment", "extract", "embed", "align", "compare", "report")

    def __init__(self, timings: dict[str, float], *, stream=None, enabled: bool = True, delay: float = 2.0):
        self.timings = timings
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and _is_terminal(self.stream)
        self.delay = delay
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="factcheck-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        if self._done.wait(self.delay):
            return
        try:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
        except ImportError:  # pragma: no cover - rich ships with spaCy's dependencies
            return
        console = Console(file=self.stream, stderr=True)
        columns = (TextColumn("factcheck: {task.description:<10}"), BarColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("starting", total=len(self.STAGES))
            while not self._done.wait(0.1):
                done = sum(1 for stage in self.STAGES if stage in self.timings)
                upcoming = self.STAGES[done] if done < len(self.STAGES) else "finishing"
                bar.update(task, completed=done, description=upcoming)


def _quiet_check(paths, *, progress: bool, detector: str | None = None):
    """Check the articles at ``paths`` with the progress bar, input notes silenced (scoring prints its own)."""
    import factcheck

    timings: dict[str, float] = {}
    with warnings.catch_warnings(), _Progress(timings, enabled=progress):
        warnings.simplefilter("ignore", factcheck.FactcheckWarning)
        config = {"detector": detector} if detector else None
        return factcheck.check(factcheck.load(paths), config=config, timings=timings)


def _evaluate(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    import factcheck
    from factcheck.evaluate import format_score, load_gold, score

    if args.gold is None:
        return _evaluate_clusters(args)
    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError) as exc:
        raise factcheck.InputError(f"cannot read the gold file {args.gold!r} ({exc}).") from None
    report = _quiet_check(args.paths, progress=not args.no_progress, detector=args.detector)
    s = score(report, gold)
    print(json.dumps(dataclasses.asdict(s), indent=2) if args.json else format_score(s, report))
    return ExitCode.OK


def _evaluate_clusters(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    import factcheck
    from factcheck.evaluate import cluster_gold, cluster_paths, find_clusters, format_clusters, micro, score_cluster

    clusters = []
    for path in args.paths:
        found = find_clusters(path) if Path(path).is_dir() else []
        if not found:
            raise factcheck.InputError(f"no annotated cluster (a folder with a gold.json) at {path!r}; give --gold "
                                       "to score one story's articles.")
        clusters += found
    scores = []
    for folder in clusters:
        report = _quiet_check(cluster_paths(folder), progress=not args.no_progress, detector=args.detector)
        s = score_cluster(report, cluster_gold(folder), name=folder.name)
        scores.append(s)
        if args.details and not args.json:
            print(f"== {folder.name}: missed {', '.join(s.missed) or '-'}; alarms {', '.join(s.alarms) or '-'}")
            for d in sorted(report.discrepancies, key=lambda d: -d.confidence):
                tag = "unmatched" if d.id in s.unmatched else "matched"
                print(f"   {tag:<9} {d.id} {d.kind.value} {d.confidence:.2f}: {d.summary[:150]}")
    if args.json:
        print(json.dumps({"clusters": [dataclasses.asdict(s) for s in scores], "micro": micro(scores)}, indent=2))
    else:
        print(format_clusters(scores))
    return ExitCode.OK


def _write(text: str, output: str | None) -> None:
    import factcheck

    text = text if text.endswith("\n") else text + "\n"
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise factcheck.InputError(f"cannot write {output!r} ({exc.strerror}).") from None
    else:
        sys.stdout.write(text)


def _check_output(output: str | None) -> None:
    """Refuse an output path that cannot be written before a run that may take minutes, not after it."""
    import factcheck

    if not output:
        return
    path = Path(output)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise factcheck.InputError(f"cannot write {output!r}: it is a folder; give a file name (-o {output}/report).")
    if not folder.is_dir():
        raise factcheck.InputError(
            f"cannot write {output!r}: the folder {str(folder)!r} does not exist; create it first."
        )
    if not os.access(folder, os.W_OK):
        raise factcheck.InputError(f"cannot write {output!r}: the folder {str(folder)!r} is not writable.")


def nothing_compared(report) -> str | None:
    """Why a report compared nothing, or ``None`` when it compared something.

    A check *compared nothing* when it has no discrepancy and no claim group holds claims from two different
    articles: then no fact was set against another outlet's, and "0 discrepancies" would mean nothing. That is
    the case when fewer than two articles gave claims (articles that do not look like English give none, see
    the report's warnings) or when the articles share no fact (they tell different events).

    Example:
        >>> from factcheck.models import Document, Report
        >>> nothing_compared(Report(documents=(Document(id="a", text=""), Document(id="b", text=""))))
        'no claims were found in any of the 2 articles'
    """
    if report.discrepancies or any(len(set(g.doc_ids)) > 1 for g in report.groups):
        return None
    n = len(report.documents)
    with_claims = {c.doc_id for c in report.claims}
    not_english = sum(1 for w in report.warnings if "does not look like English" in w)
    why = f" ({not_english} do not look like English)" if not_english else ""
    if not with_claims:
        return f"no claims were found in any of the {n} articles{why}"
    if len(with_claims) == 1:
        return f"only 1 of the {n} articles gave claims{why}"
    return (f"no fact is told by two of the {n} articles ({len(with_claims)} gave claims, none of them shared "
            "with another article): are they about the same event?")


def _schema(args: argparse.Namespace) -> int:
    from factcheck import schema

    _write(schema.to_markdown() if args.markdown else schema.to_json(), args.output)
    return ExitCode.OK


def _render(report, fmt: str | None, output: str | None) -> str:
    if fmt is None:
        fmt = "terminal" if output is None and sys.stdout.isatty() else "text"
    if fmt == "json":
        return report.to_json()
    if fmt == "markdown":
        return report.to_markdown()
    if fmt == "html":
        return report.to_html()
    if fmt == "terminal":
        from factcheck import render

        tty = output is None and sys.stdout.isatty()
        width = os.get_terminal_size(sys.stdout.fileno()).columns if tty else 80
        # colour only for a person at a terminal; NO_COLOR (no-color.org) turns it off there too
        return render.terminal(report, width=max(60, width), color=tty and not os.environ.get("NO_COLOR"))
    return report.to_text()


def _events(args: argparse.Namespace) -> int:
    import json

    from factcheck.event_coref import events, read_inputs

    docs, mentions = read_inputs(args.paths, mentions=args.mentions)
    for m in events(docs, mentions=mentions):
        if args.format == "jsonl":
            print(json.dumps({"doc_id": m.doc_id, "start": m.start, "end": m.end, "text": m.text,
                              "cluster": m.event}, ensure_ascii=False))
        else:
            print(f"{m.event}\t{m.doc_id}\t{m.start}-{m.end}\t{m.text}")
    return ExitCode.OK


def _run(args: argparse.Namespace) -> int:
    if args.command == "events":
        return _events(args)
    if args.command == "evaluate":
        return _evaluate(args)
    if args.command == "schema":
        return _schema(args)
    if args.command == "stream":
        return _stream(args)
    import factcheck
    from factcheck.models import Severity

    if args.update_baseline and not args.baseline:
        raise factcheck.InputError("--update-baseline needs --baseline FILE: the file to write.")
    accepted = None
    if args.baseline and not args.update_baseline:
        from factcheck.baseline import Baseline

        accepted = Baseline.load(args.baseline)  # before the check: a missing file fails in a second
    _check_output(args.output)  # likewise: a typo in -o must not cost a whole run
    kinds = _kinds(args.kind)
    timings: dict[str, float] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", factcheck.FactcheckWarning)
        with _Progress(timings, enabled=not args.no_progress):
            docs = factcheck.load(args.paths)
            config = {"nli_model_dir": args.nli_model} if args.nli_model else {}
            if args.min_confidence is not None:
                config["min_confidence"] = args.min_confidence
            if args.detector:
                config["detector"] = args.detector
            report = factcheck.check(docs, timings=timings, config=config or None)
    if kinds is not None:
        report = report.model_copy(update={"discrepancies": tuple(d for d in report.discrepancies
                                                                  if d.kind.value in kinds)})
    for w in caught:
        if issubclass(w.category, factcheck.FactcheckWarning):
            print(f"factcheck: note: {w.message}", file=sys.stderr)
    _write(_render(report, args.format, args.output), args.output)
    empty = None if args.allow_empty else nothing_compared(report)
    if empty is not None:  # the report is written (it says what was read); the run still fails
        raise factcheck.InputError(f"nothing was compared: {empty}. Pass --allow-empty to accept such a run.")
    if args.update_baseline:
        from factcheck import baseline

        b = baseline.update(report, args.baseline)
        print(f"factcheck: baseline {args.baseline!r} now accepts {len(b.entries)} discrepancies", file=sys.stderr)
        return ExitCode.OK
    if accepted is not None:
        cmp = accepted.compare(report)
        print(f"factcheck: baseline: {cmp.describe()}", file=sys.stderr)
        level = Severity(args.fail_on or "low")
        return ExitCode.FINDINGS if any(d.severity.rank >= level.rank for d in cmp.new) else ExitCode.OK
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
