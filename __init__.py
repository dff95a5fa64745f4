"""Not the factcheck package: the top folder of the factcheck repository (the package is ``factcheck/`` below).

Python runs this file only when a clone of the repository is itself named ``factcheck`` and a script runs from
the folder above it: Python then takes the clone for the package. Without this file the clone became an empty
namespace package and the script failed later with the puzzling ``AttributeError: module 'factcheck' has no
attribute 'load'``; this file says what happened instead. Imported under any other name it does nothing.
"""

import os as _os

_HERE = _os.path.dirname(_os.path.abspath(__file__))

if __name__ == "factcheck" and _os.path.isfile(_os.path.join(_HERE, "factcheck", "__init__.py")):
    raise ImportError(
        f"`import factcheck` found the factcheck repository {_HERE}, not the package inside it, because the clone "
        "is named 'factcheck' and Python is running from the folder above it. Run from inside the clone or from "
        "any other folder (with factcheck installed: bash scripts/setup.sh), or rename the clone (e.g. "
        "factcheck-src).",
        name="factcheck",
        path=__file__,
    )
