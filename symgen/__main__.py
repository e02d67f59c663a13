"""``python -m symgen`` runs the command line."""

import sys

from symgen.cli import main

sys.exit(main())
