"""Every way factcheck can refuse input, as one exception hierarchy.

Findings (discrepancies) are data in the report; misuse and bad input are exceptions. Each error carries a short
code (``E001`` ...) and a message that says what was wrong *and what to do*, in the manner of spaCy's errors.
The CLI turns any ``FactcheckError`` into exit code 2 and one line on stderr.
"""

from __future__ import annotations

__all__ = [
    "FactcheckError",
    "InputError",
    "UnreadableInputError",
    "DecodeError",
    "SchemaError",
    "DuplicateIdError",
    "TooFewDocumentsError",
    "InputTooLargeError",
    "ModelError",
    "ModelMissingError",
    "ModelChecksumError",
    "ConfigError",
]


class FactcheckError(Exception):
    """Base class: bad input, a missing model or a wrong setting. Never a finding."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(FactcheckError):
    code = "E100"


class UnreadableInputError(InputError):
    """A path that does not exist, cannot be opened, or is not text (binary, empty)."""

    code = "E101"


class DecodeError(InputError):
    """Bytes that no supported text encoding decodes."""

    code = "E102"


class SchemaError(InputError):
    """JSON or Python objects that do not fit the document schema."""

    code = "E103"


class DuplicateIdError(InputError):
    code = "E104"


class TooFewDocumentsError(InputError):
    code = "E105"


class InputTooLargeError(InputError):
    """An article or a story over a documented size limit (``ingest.MAX_CHARS``, ``frontend.MAX_SENTENCES``)."""

    code = "E106"


class ModelError(FactcheckError):
    code = "E200"


class ModelMissingError(ModelError):
    code = "E201"


class ModelChecksumError(ModelError):
    code = "E202"


class ConfigError(FactcheckError):
    code = "E300"
