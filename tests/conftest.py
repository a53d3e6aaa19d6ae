"""Shared test setup. Qt draws offscreen unless the run chose a platform (Xvfb: xcb)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
