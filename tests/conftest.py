"""Shared test setup. Qt draws offscreen unless the run chose a platform (Xvfb: xcb); keys go
to folders of the run.

The offscreen platform is given two named screens, as a hall has (the board's screen is chosen
by its name): HALL-LEFT 1920x1080, primary, and HALL-RIGHT 1280x720 beside it.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

SCREENS = Path(__file__).with_name("screens.json")
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={SCREENS}")

# The keys of open secret votes and the hall's signing key go to folders of this run, never
# to the user's own (the programs the tests start inherit them).
_KEYS = Path(tempfile.mkdtemp(prefix="voteboard-test-keys-"))
os.environ.setdefault("VOTEBOARD_RUNTIME_DIR", str(_KEYS / "runtime"))
os.environ.setdefault("VOTEBOARD_CONFIG_DIR", str(_KEYS / "config"))
atexit.register(shutil.rmtree, _KEYS, ignore_errors=True)
