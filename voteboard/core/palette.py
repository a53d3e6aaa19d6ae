"""The board's colours as hex strings, in one place for every board: the Qt theme
(`ui/theme.py`) makes its colours from these, and the web page's style sheet is written from
them (`net/web.py`), so that the hall's board and the page cannot drift apart.

Green, red and amber are the lights' colours and serve nothing else on the board.
"""

from __future__ import annotations

from collections.abc import Mapping

from voteboard.core.model import Light

BACKGROUND = "#0b0f14"
BAND = "#151c26"
TEXT = "#f2f4f7"
DIM = "#8d97a8"
RULE = "#2b3544"
ACCENT = "#6cb4ff"
"""Banners and the outcome: blue and white, never a light's colour."""

LIGHT_FILL: Mapping[Light, str] = {
    Light.YES: "#1fb54a",
    Light.NO: "#e5352b",
    Light.ABSTAIN: "#ffb000",
    Light.VOTED: "#e9eef5",
    Light.NONE: "#1a222d",
    Light.INELIGIBLE: "#1a222d",
}
LIGHT_EDGE: Mapping[Light, str] = {
    Light.NONE: "#3c4859",
    Light.INELIGIBLE: "#5b6574",
}
LETTER_INK = "#0b0f14"
INELIGIBLE_NAME = "#5b6574"


def edge(light: Light) -> str:
    """A light's outline: its own colour, except the unlit rings."""
    return LIGHT_EDGE.get(light, LIGHT_FILL[light])
