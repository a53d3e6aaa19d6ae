"""Shared test setup. Qt draws offscreen unless the run chose a platform (Xvfb: xcb).

The offscreen platform is given two named screens, as a hall has (the board's screen is chosen
by its name): HALL-LEFT 1920x1080, primary, and HALL-RIGHT 1280x720 beside it.
"""

import os
from pathlib import Path

SCREENS = Path(__file__).with_name("screens.json")
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={SCREENS}")
