"""``python -m benchmarks``: every performance figure, in one table (see `run.py`)."""

from .run import main

raise SystemExit(main())
