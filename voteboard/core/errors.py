"""One sentence for a validation error, wherever a model refuses what it was given: the field
that is wrong and why, as the program's messages say it."""

from __future__ import annotations

from pydantic import ValidationError


def where_and_why(error: ValidationError) -> tuple[str, str, str]:
    """The first problem: the field's dotted path ("" for the whole), its kind, its words."""
    first = error.errors()[0]
    return ".".join(str(p) for p in first["loc"]), str(first["type"]), str(first["msg"])


def validation_sentence(error: ValidationError, whole: str = "") -> str:
    """`field: what is wrong` (`whole` names the thing when no one field is to blame)."""
    where, _, why = where_and_why(error)
    where = where or whole
    return f"{where}: {why}" if where else why
