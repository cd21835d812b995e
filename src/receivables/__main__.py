"""``python -m receivables``: see :mod:`receivables.cli`."""

from __future__ import annotations

import sys

from receivables.cli import main

if __name__ == "__main__":
    sys.exit(main())
