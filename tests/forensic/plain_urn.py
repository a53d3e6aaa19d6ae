"""voteboard with its urn NOT sealed: every choice stored in clear, padded to the size of a
sealed ballot. The forensic tests run the same scenario through it to show that their attacks
do link ballots when the choices are not sealed (so that the suite can fail).

    python tests/forensic/plain_urn.py simulate --journal J --mode secret ...

Everything else is voteboard as it is: the same urn table, the same participation events with
the digest of each stored ballot, the same key file in the runtime folder (never used).
"""

from __future__ import annotations

import sys

from voteboard.core.model import Choice
from voteboard.journal import seal


def seal_in_clear(key: bytes, vote: str, token: bytes, choice: Choice) -> bytes:
    return choice.value.encode().ljust(seal.SEALED_SIZE, b" ")


def open_in_clear(key: bytes, vote: str, token: bytes, sealed: bytes) -> Choice:
    try:
        return Choice(sealed.rstrip(b" ").decode())
    except ValueError:
        raise seal.SealError("a ballot that holds no choice") from None


seal.seal_ballot = seal_in_clear
seal.open_ballot = open_in_clear

if __name__ == "__main__":
    from voteboard.cli import main

    sys.exit(main(sys.argv[1:]))
