"""`python -m voteboard`."""

import sys

from voteboard.cli import main

sys.exit(main())
