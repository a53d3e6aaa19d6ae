"""The board's layout over many screens and rosters (Hypothesis), with a measure of text that
grows with its length like a condensed font's, and once with Qt's real font metrics."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voteboard.core.model import Light
from voteboard.ui.layout import MIN_FONT_PX, BoardLayout, Rect, layout_board


def measure(text: str, pixels: float) -> float:
    return len(text) * pixels * 0.52


def shorten(text: str, pixels: float, room: float) -> str:
    keep = max(int(room / (pixels * 0.52)) - 1, 0)
    return text[:keep] + "…"


def overlap(a: Rect, b: Rect, tolerance: float = 1e-6) -> bool:
    """Whether two rectangles share an area (edges that touch, to rounding, do not count)."""
    return (
        a.x < b.right - tolerance
        and b.x < a.right - tolerance
        and a.y < b.bottom - tolerance
        and b.y < a.bottom - tolerance
    )


def check(layout: BoardLayout, names: list[tuple[str, str]]) -> None:
    assert len(layout.cells) == len(names)
    for cell in layout.cells:
        for rect in (cell.light, cell.name):
            assert rect.x >= 0
            assert rect.y >= 0
            assert rect.right <= layout.width + 1e-6
            assert rect.bottom <= layout.height + 1e-6
            assert not overlap(rect, layout.header)
            assert not overlap(rect, layout.footer)
        assert not overlap(cell.light, cell.name)
    for a, b in itertools.combinations(layout.cells, 2):
        assert not overlap(a.area, b.area), (a.code, b.code)
    labels = dict(names)
    for cell in layout.cells:
        fits = measure(labels[cell.code], layout.font_px) <= cell.name.w
        assert cell.shortened is not fits
        if cell.shortened:
            assert layout.font_px <= MIN_FONT_PX + 1


SIZES = st.sampled_from([(1280, 720), (1920, 1080), (3840, 2160), (1080, 1920), (1366, 768)])
NAMES = st.lists(
    st.text(alphabet="abcdefghijklmnop qrstuvwxyz", min_size=1, max_size=60),
    min_size=15,
    max_size=250,
)


@settings(max_examples=60, deadline=None)
@given(size=SIZES, labels=NAMES)
def test_no_overlap_all_inside_and_shortened_only_when_needed(
    size: tuple[int, int], labels: list[str]
) -> None:
    names = [(f"M{i}", label) for i, label in enumerate(labels)]
    layout = layout_board(*size, names, measure, shorten)
    check(layout, names)


def test_a_projector_shows_all_193_names_in_full(qapp: object) -> None:
    from voteboard.core.board import board_of_record
    from voteboard.journal.archive import shipped_votes
    from voteboard.resources import un_roster
    from voteboard.ui.painter import board_layout

    board = board_of_record(shipped_votes()[3], un_roster())
    for width, height in ((1280, 720), (1920, 1080), (3840, 2160)):
        layout = board_layout(board, width, height)
        assert not any(cell.shortened for cell in layout.cells)
        assert layout.font_px >= 11 * min(width / 1280, height / 720) * 0.95


@pytest.mark.usefixtures("qapp")  # fonts are measured
def test_a_comparisons_mark_is_never_cut_when_a_name_is_shortened() -> None:
    """On a comparison's board the mark (where the member came from) is what is read: a name
    too long for its cell gives way, the mark stays whole."""
    from voteboard.core.board import board_of_record
    from voteboard.core.compare import MARK, compare
    from voteboard.journal.archive import shipped_votes
    from voteboard.resources import un_roster
    from voteboard.ui.painter import board_layout

    roster = un_roster()
    first, second = (board_of_record(v, roster) for v in shipped_votes()[:2])
    long_name = second.members[0].model_copy(
        update={"name": "A member whose name is far too long for any cell of a board"}
    )
    second = second.model_copy(update={"members": (long_name, *second.members[1:])})
    first = first.model_copy(
        update={
            "members": tuple(
                m.model_copy(update={"light": Light.NO}) if m.code == long_name.code else m
                for m in first.members
            )
        }
    )
    board = compare(first, second, roster).board()
    cells = {c.code: c for c in board_layout(board, 1280, 720).cells}
    shortened = cells[long_name.code]
    assert shortened.shortened
    assert shortened.text.endswith(f"{MARK}N")
