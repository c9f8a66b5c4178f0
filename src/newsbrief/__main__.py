"""``python -m newsbrief``."""

import sys

from .cli import main

sys.exit(main())
