"""``python -m ssoadmin_mock``: the command line (see `ssoadmin_mock.cli`)."""

import sys

from .cli import main

sys.exit(main())
