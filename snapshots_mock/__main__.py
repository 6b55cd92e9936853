"""``python -m snapshots_mock``: the same as the ``snapshots-mock`` command."""

import sys

from snapshots_mock.cli import main

sys.exit(main())
