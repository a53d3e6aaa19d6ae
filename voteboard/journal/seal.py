"""The keys of the hall: sealed ballots, the urn's key, the recovery key, the signing key.

- A secret ballot is sealed with AES-256-GCM under a key made for its vote: a random 96-bit
  nonce, the choice as one byte, the vote and the ballot's random token bound in as
  associated data. Every sealed ballot is 29 bytes, whatever the choice.
- The vote's key is never written into the journal. While the vote is open it is kept in the
  user's runtime folder (a file readable by its owner only, outside the data folder), so that
  a control process killed mid-vote resumes it; at the close it is destroyed with the sealed
  ballots. A copy of it is sealed to the secretariat's recovery key (X25519), whose private
  half is kept off the machine: with it, a vote interrupted by a power cut can still be
  counted; without it, such a vote must be cancelled and retaken.
- The hall's signing key (Ed25519) signs checkpoints of the hash chain's head. It is kept in
  the user's configuration folder, outside the journal, readable by its owner only.

Nothing here knows SQLite: the journal stores what these functions make.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from platformdirs import user_config_path

from voteboard.core.model import Choice
from voteboard.limits import MAX_KEY_BYTES, InputError, read_bounded

SEALED_SIZE = 12 + 1 + 16
"""Nonce, one byte of choice, tag: the same for every choice."""
_CHOICE_BYTE = {Choice.YES: b"\x01", Choice.NO: b"\x02", Choice.ABSTAIN: b"\x03"}
_BYTE_CHOICE = {value: key for key, value in _CHOICE_BYTE.items()}
HEAD_PREFIX = "voteboard-head:1"
SIGNING_KEY_FILE = "hall-signing-key.pem"


class SealError(Exception):
    """A sealed ballot or key that does not open: altered, or sealed with another key."""


# ---- where keys live ------------------------------------------------------------------------


def runtime_dir() -> Path:
    """Where the keys of open votes live: `VOTEBOARD_RUNTIME_DIR`, else the session's runtime
    folder (`$XDG_RUNTIME_DIR/voteboard`, in memory on a systemd machine), else a folder of
    this user's in the system's temporary folder."""
    chosen = os.environ.get("VOTEBOARD_RUNTIME_DIR")
    if chosen:
        return Path(chosen)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / "voteboard"
    return Path(tempfile.gettempdir()) / f"voteboard-runtime-{os.getuid()}"


def config_dir() -> Path:
    """Where the hall's signing key lives: `VOTEBOARD_CONFIG_DIR`, else the user's
    configuration folder (`~/.config/voteboard` on Linux): never beside the journal."""
    chosen = os.environ.get("VOTEBOARD_CONFIG_DIR")
    return Path(chosen) if chosen else user_config_path("voteboard", appauthor=False)


def private_folder(path: Path) -> Path:
    """A folder of this user's, readable by its owner only; refuses one that someone else
    owns or others can read (a key put there would not be private)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    stat = path.stat()
    if stat.st_uid != os.getuid() or stat.st_mode & 0o077:
        raise OSError(f"{path}: this folder must belong to this user and be private (mode 700)")
    return path


def write_secret(path: Path, data: bytes) -> None:
    """A new file readable by its owner only, on the disk before this returns; never replaces
    a file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def shred(path: Path) -> None:
    """Overwrites a small file with zeros, then removes it."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return
    try:
        os.write(fd, b"\x00" * max(os.fstat(fd).st_size, 1))
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)


# ---- sealed ballots -------------------------------------------------------------------------


VOTE_KEY_SIZE = 32
"""A vote's key: AES-256, in bytes."""


def new_vote_key() -> bytes:
    """A new random key (AES-256) for one vote's sealed ballots."""
    return AESGCM.generate_key(bit_length=VOTE_KEY_SIZE * 8)


def seal_ballot(key: bytes, vote: str, token: bytes, choice: Choice) -> bytes:
    """A secret ballot sealed under its vote's key: a random nonce, then the choice encrypted with
    the vote and the ballot's token bound in (29 bytes, whatever the choice)."""
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(key).encrypt(nonce, _CHOICE_BYTE[choice], _context(vote, token))


def open_ballot(key: bytes, vote: str, token: bytes, sealed: bytes) -> Choice:
    """The choice in a sealed ballot, opened with its vote's key at the count; SealError for a
    ballot of the wrong size, of another vote or token, or altered."""
    if len(sealed) != SEALED_SIZE:
        raise SealError("a sealed ballot of the wrong size")
    try:
        plain = AESGCM(key).decrypt(sealed[:12], sealed[12:], _context(vote, token))
    except InvalidTag:
        raise SealError("a sealed ballot that does not open with the vote's key") from None
    try:
        return _BYTE_CHOICE[plain]
    except KeyError:
        raise SealError("a sealed ballot that holds no choice") from None


def ballot_digest(token: bytes, sealed: bytes) -> str:
    """What the chain holds of a sealed ballot: its SHA-256, never the ballot."""
    return hashlib.sha256(b"voteboard ballot\n" + token + sealed).hexdigest()


def urn_digest(digests: list[str]) -> str:
    """The digest of a whole urn, in no order: what a close records it counted."""
    return hashlib.sha256("\n".join(sorted(digests)).encode()).hexdigest()


def _context(vote: str, token: bytes) -> bytes:
    return b"voteboard sealed ballot\n" + vote.encode() + b"\n" + token


# ---- the secretariat's recovery key (X25519) ------------------------------------------------


def new_recovery_key() -> tuple[bytes, str]:
    """A recovery key pair: the private half as PEM (for the secretariat, off the machine) and
    the public half as base64 (for the journal)."""
    private = X25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem, _b64(private.public_key().public_bytes_raw())


def read_recovery_key(path: Path) -> X25519PrivateKey:
    """The recovery key from its file, reading at most MAX_KEY_BYTES (a device such as
    /dev/zero ends there too). Raises OSError for a file that cannot be read, SealError for
    one that is not a recovery key."""
    try:
        pem = read_bounded(path, MAX_KEY_BYTES)
    except InputError as exc:
        raise SealError(f"{exc}: not a voteboard recovery key (a PEM key of 119 bytes)") from None
    return load_recovery_key(pem)


def load_recovery_key(pem: bytes) -> X25519PrivateKey:
    """The recovery key from its PEM text; SealError for anything but an X25519 private key."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        raise SealError("not a voteboard recovery key (a PEM X25519 private key)") from None
    if not isinstance(key, X25519PrivateKey):
        raise SealError("not a voteboard recovery key (a PEM X25519 private key)")
    return key


def recovery_public(private: X25519PrivateKey) -> str:
    """The public half of a recovery key, as the journal holds it (base64)."""
    return _b64(private.public_key().public_bytes_raw())


def seal_to_recovery(public: str, vote_key: bytes, vote: str) -> bytes:
    """The vote's key sealed to the recovery key: an ephemeral X25519 exchange, HKDF-SHA256,
    AES-256-GCM; only the recovery key's private half opens it."""
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(base64.b64decode(public)))
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_wrap_key(shared, epk, vote)).encrypt(nonce, vote_key, vote.encode())
    return epk + nonce + sealed


def open_from_recovery(private: X25519PrivateKey, sealed: bytes, vote: str) -> bytes:
    """A vote's key, opened from its copy sealed to the recovery key (`seal_to_recovery`); SealError
    when that copy was sealed to another key."""
    epk, nonce, body = sealed[:32], sealed[32:44], sealed[44:]
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(epk))
        return AESGCM(_wrap_key(shared, epk, vote)).decrypt(nonce, body, vote.encode())
    except (InvalidTag, ValueError):
        raise SealError(f"the key of vote {vote} was not sealed to this recovery key") from None


def _wrap_key(shared: bytes, epk: bytes, vote: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=epk,
        info=b"voteboard recovery\n" + vote.encode(),
    ).derive(shared)


# ---- the hall's signing key (Ed25519) -------------------------------------------------------


@dataclass(frozen=True)
class HallKey:
    """The public half of a hall's signing key, as the journal and the records carry it."""

    pem: str

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the key's DER form: `openssl pkey -pubin -outform DER | sha256sum`."""
        return hashlib.sha256(self._public().public_bytes(*_SPKI)).hexdigest()

    def verify(self, text: str, signature: str) -> bool:
        try:
            self._public().verify(base64.b64decode(signature, validate=True), text.encode())
        except (InvalidSignature, ValueError):
            return False
        return True

    def _public(self) -> Ed25519PublicKey:
        key = serialization.load_pem_public_key(self.pem.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise SealError("the hall key is not an Ed25519 key")
        return key


_SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


class Signer:
    """The hall's signing key, loaded (or made, at first use) from the configuration folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._key: Ed25519PrivateKey | None = None

    @property
    def path(self) -> Path:
        return (self._folder or config_dir()) / SIGNING_KEY_FILE

    def _private(self) -> Ed25519PrivateKey:
        if self._key is None:
            path = self.path
            if not path.exists():
                private_folder(path.parent)
                pem = Ed25519PrivateKey.generate().private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
                # Made meanwhile by another process: use that one.
                with suppress(FileExistsError):
                    write_secret(path, pem)
            try:
                key = serialization.load_pem_private_key(
                    read_bounded(path, MAX_KEY_BYTES), password=None
                )
            except (InputError, ValueError, TypeError):
                raise SealError(f"{path}: not an Ed25519 signing key") from None
            if not isinstance(key, Ed25519PrivateKey):
                raise SealError(f"{path}: not an Ed25519 signing key")
            self._key = key
        return self._key

    def existing(self) -> HallKey | None:
        """The public half of this machine's hall key, if it has one (never makes one)."""
        return self.public() if self._key is not None or self.path.exists() else None

    def public(self) -> HallKey:
        pem = (
            self._private()
            .public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        return HallKey(pem.decode())

    def sign(self, text: str) -> str:
        return _b64(self._private().sign(text.encode()))


def head_text(journal_id: str, seq: int, digest: str) -> str:
    """What a checkpoint signs: the journal, and the sequence and hash of its head."""
    return f"{HEAD_PREFIX}:{journal_id}:{seq}:{digest}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def vote_key_path(journal_id: str, vote: str) -> Path:
    """The file that holds an open secret vote's key, in the runtime folder."""
    return runtime_dir() / f"{journal_id}-{vote}.key"
