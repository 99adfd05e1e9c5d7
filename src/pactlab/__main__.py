"""``python -m pactlab`` runs the command line."""

import sys

from pactlab.cli import main

sys.exit(main())
