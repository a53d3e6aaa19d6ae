"""The protocol's JSON Schema, published for other systems, is the one the code speaks."""

from __future__ import annotations

import json
from pathlib import Path

from voteboard.net.protocol import schema

PUBLISHED = Path(__file__).parents[2] / "docs" / "protocol.schema.json"


def test_the_published_schema_is_current() -> None:
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert published == schema(), (
        "docs/protocol.schema.json is out of date: "
        "python -m voteboard.net.protocol > docs/protocol.schema.json"
    )


def test_the_schema_names_every_message_of_both_directions() -> None:
    defs = schema()["$defs"]
    assert isinstance(defs, dict)
    kinds = {
        direction: {
            body["properties"]["type"]["const"]
            for body in defs[direction]["$defs"].values()
            if "type" in body.get("properties", {})
        }
        for direction in ("client", "server")
    }
    assert kinds == {
        "client": {"hello", "cast", "kept"},
        "server": {"welcome", "board", "seat", "ack", "refused", "replaced", "origin", "rows"},
    }
