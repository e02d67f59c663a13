"""``python -m symgen`` runs the command line."""

import sys

from symgen.cli.main import main

sys.exit(main())
