"""The fact table: one row per question about one event, every outlet's answer (round 3's detector).

Layout:
- ``keys.py``: the question a value answers, ``(event, role, subject)``, read from a claim's slots;
- ``answers.py``: when two answers to one question can both be true (figures, times, places);
- ``table.py``: claims -> rows (:class:`factcheck.models.Fact`), answers grouped, status set.

Discrepancies are read off the disputed rows by factcheck/compare/.
"""

from factcheck.facts.answers import Story
from factcheck.facts.table import build

__all__ = ["Story", "build"]
