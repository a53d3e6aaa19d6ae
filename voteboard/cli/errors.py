"""What every command may refuse with."""

from __future__ import annotations

import argparse
from collections.abc import Callable


class UserError(Exception):
    """A mistake in what the user asked for: printed as a message, exit status 2, no traceback."""


Handler = Callable[[argparse.Namespace], int]
