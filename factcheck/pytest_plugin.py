"""pytest plugin (entry point ``pytest11: factcheck``): fixtures for checking articles inside a test suite.

Fixtures:
    ``factcheck_check``: :func:`factcheck.check` with a per-session cache, so tests that check the same
        articles pay for it once.
    ``factcheck_baseline``: this test's baseline file (:class:`BaselineFile`), under the ``factcheck_baseline_dir``
        ini option (default ``factcheck-baselines``) next to the rootdir.
    ``factcheck_consistent``: :func:`factcheck.testing.assert_consistent` bound to this test's baseline; with
        ``--factcheck-update-baselines`` it records the current findings instead of failing.

A failed ``assert finding(...) in report.discrepancies`` is explained by listing the nearest discrepancies and
what differs in each. Importing this module is cheap: nothing heavy loads until a fixture is used.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest

from factcheck.baseline import Baseline, BaselineError
from factcheck.models import Discrepancy, Report
from factcheck.testing import Finding, InconsistencyError, assert_consistent

__all__ = ["BaselineFile"]

_UPDATED = pytest.StashKey[list]()
_CACHE = pytest.StashKey[dict]()
# Test names become file names: keep letters, digits, dot, dash and underscore (linear, no backtracking).
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("factcheck", "factcheck: consistency checks of news articles")
    group.addoption(
        "--factcheck-update-baselines", action="store_true", default=False,
        help="record the current discrepancies as each test's accepted baseline instead of failing on them",
    )
    group.addoption(
        "--factcheck-fail-on", choices=("low", "medium", "high"), default=None,
        help="lowest severity that fails factcheck_consistent (default: the ini option, else medium)",
    )
    parser.addini("factcheck_baseline_dir", "folder for factcheck baselines, relative to the rootdir",
                  default="factcheck-baselines")
    parser.addini("factcheck_fail_on", "lowest severity that fails factcheck_consistent", default="medium")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_UPDATED] = []
    config.stash[_CACHE] = {}


class BaselineFile:
    """The baseline of one test: where it lives, and whether this run records it."""

    def __init__(self, path: Path, *, updating: bool, updated: list) -> None:
        self.path = path
        self.updating = updating
        self._updated = updated

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    def load(self) -> Baseline | None:
        """The recorded baseline, or None when the test has none yet."""
        return Baseline.load(self.path) if self.exists else None

    def record(self, report: Report) -> Baseline:
        """Write the report's discrepancies as this test's accepted ones (keeping notes of entries still found)."""
        old = self.load() if self.exists else Baseline()
        new = (old or Baseline()).updated(report)
        new.save(self.path)
        self._updated.append(self.path)
        return new

    def __repr__(self) -> str:
        return f"BaselineFile({str(self.path)!r}, updating={self.updating})"


@pytest.fixture
def factcheck_baseline(request: pytest.FixtureRequest) -> BaselineFile:
    config = request.config
    folder = Path(config.rootpath) / config.getini("factcheck_baseline_dir")
    module = Path(request.node.path).stem if getattr(request.node, "path", None) else "tests"
    name = _UNSAFE.sub("_", request.node.name)
    if len(name) > 120:  # long parametrize ids: keep the file name short but unique
        name = name[:100] + "-" + hashlib.sha256(name.encode()).hexdigest()[:12]
    return BaselineFile(folder / module / f"{name}.json",
                        updating=bool(config.getoption("factcheck_update_baselines")),
                        updated=config.stash[_UPDATED])


@pytest.fixture(scope="session")
def factcheck_check(pytestconfig: pytest.Config):
    """``factcheck.check`` with a session cache keyed by the documents' content and the config."""
    cache = pytestconfig.stash[_CACHE]

    def run(documents: Any, *, config: Any = None) -> Report:
        from factcheck.ingest import to_documents
        from factcheck.pipeline import check

        docs = to_documents(documents)
        key = hashlib.sha256(
            repr(([d.model_dump_json() for d in docs], repr(config))).encode("utf-8")
        ).hexdigest()
        if key not in cache:
            cache[key] = check(docs, config=config)
        return cache[key]

    return run


@pytest.fixture
def factcheck_consistent(request: pytest.FixtureRequest, factcheck_baseline: BaselineFile, factcheck_check):
    """``assert_consistent`` bound to this test's baseline (recorded instead with --factcheck-update-baselines)."""
    default = request.config.getoption("factcheck_fail_on") or request.config.getini("factcheck_fail_on")

    def consistent(documents_or_report: Any, *, fail_on: str | None = None, allow: Any = None,
                   config: Any = None) -> Report:
        __tracebackhide__ = True
        report = (documents_or_report if isinstance(documents_or_report, Report)
                  else factcheck_check(documents_or_report, config=config))
        if factcheck_baseline.updating:
            factcheck_baseline.record(report)
            return report
        try:
            baseline = factcheck_baseline.load()
        except BaselineError as exc:
            pytest.fail(str(exc), pytrace=False)
        try:
            return assert_consistent(report, fail_on=fail_on or default, allow=allow, baseline=baseline)
        except InconsistencyError as exc:
            # the failure must say how to accept what it found, above all when no baseline was ever recorded
            where = factcheck_baseline.path
            hint = (f"No baseline is recorded for this test ({where}); to accept these findings, run pytest "
                    "--factcheck-update-baselines" if baseline is None else
                    f"To accept these findings into the baseline {where}, run pytest --factcheck-update-baselines")
            raise InconsistencyError(f"{exc}\n{hint} and commit the file.", findings=exc.findings,
                                     report=exc.report) from None

    return consistent


def pytest_assertrepr_compare(config: pytest.Config, op: str, left: object, right: object) -> list[str] | None:
    """Explain ``finding(...) in discrepancies`` and ``finding(...) == discrepancy`` when they fail."""
    if isinstance(left, Finding) and op in ("in", "not in") and isinstance(right, (tuple, list)):
        found = [d for d in right if isinstance(d, Discrepancy)]
        if op == "in":
            return left.explain(found)
        hits = [d for d in found if left.matches(d)]
        return [f"{left!r} unexpectedly fits:"] + [f"  {d.id} [{d.severity.value}] {d.kind.value}: {d.summary}"
                                                    for d in hits]
    if op in ("==", "!=") and isinstance(left, Finding) and isinstance(right, Discrepancy):
        left, right = right, left
    if op == "==" and isinstance(left, Discrepancy) and isinstance(right, Finding):
        return [f"{left.id} does not fit {right!r}:"] + [f"  - {why}" for why in right.mismatches(left)]
    return None


def pytest_report_header(config: pytest.Config) -> str | None:
    if config.getoption("factcheck_update_baselines"):
        return f"factcheck: recording baselines under {config.getini('factcheck_baseline_dir')}"
    return None


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    updated = config.stash.get(_UPDATED, [])
    if updated:
        terminalreporter.write_sep("-", f"factcheck: {len(updated)} baseline(s) written")
        for p in updated:
            terminalreporter.write_line(f"  {p}")

