"""``python -m factcheck`` runs the command-line interface."""

import sys

from factcheck.cli import main

sys.exit(main())
