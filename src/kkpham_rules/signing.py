"""Ed25519 keys, and signing audit records so a verifier knows who issued them.

A record's digest proves it unchanged; a signature over the digest says which
key issued it. The pieces:

* a key pair is made with :func:`new_key` and written with :func:`write_key_pair`
  (``kkpham keys new --out NAME``): ``NAME`` holds the private key as PKCS#8 PEM
  (file mode 0600), ``NAME.pub`` the public key as one line,
  ``ed25519 <base64 of the 32-byte key> <key id>``;
* a key id is the key's fingerprint, ``ed25519:sha256:<hex>`` of the 32 raw
  public key bytes, so it cannot be claimed for another key;
* :func:`sign_record` adds a :class:`~kkpham_rules.audit.Signature` over
  :func:`signed_message` of the record's digest;
* :func:`load_public_keys` reads the trusted keys (files of ``.pub`` lines), and
  :func:`check_signature` says what a record's signature shows, which
  :func:`kkpham_rules.audit.verify` reports.

``cryptography`` is imported only inside the functions that sign or check a
signature: reading an unsigned record never loads it.

>>> key = new_key()
>>> line = key.public_key.line
>>> parse_public_keys(line)[0] == key.public_key
True
>>> key.public_key.verifies(key.sign(b"text"), b"text")
True
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from attrs import field, frozen
from attrs.validators import instance_of

from ._documents import DocumentProblem, read_bounded, worded
from .audit import AuditRecord, Cause, Signature, SignatureStatus, digest_matches
from .errors import InputError, KeyFileError, Problem, RecordError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

__all__ = [
    "ALGORITHM",
    "PublicKey",
    "SignatureCheck",
    "SigningKey",
    "check_signature",
    "key_id_of",
    "load_private_key",
    "load_public_keys",
    "new_key",
    "parse_public_keys",
    "sign_record",
    "signed_message",
    "weak_key_reason",
    "write_key_pair",
]

ALGORITHM: Final = "ed25519"
"""The one signature algorithm records use."""

_CONTEXT: Final = b"kkpham-audit-record-signature/1\n"
"""Put before the digest in what is signed, so a signature means only "this record"."""

_KEY_BYTES = 32
_SIGNATURE_BYTES = 64
_MAX_KEY_FILE_BYTES = 1024 * 1024
_PUBLIC_LINE = "ed25519 <base64 key> <key id>"


def signed_message(digest: str) -> bytes:
    """Return the bytes a record's signature signs: a fixed context, then its digest.

    >>> signed_message("sha256:00")
    b'kkpham-audit-record-signature/1\\nsha256:00'
    """
    return _CONTEXT + digest.encode("ascii")


def key_id_of(raw: bytes) -> str:
    """Return the key id of a raw 32-byte Ed25519 public key: its SHA-256 fingerprint."""
    return f"{ALGORITHM}:sha256:{hashlib.sha256(raw).hexdigest()}"


@lru_cache(maxsize=256)
def weak_key_reason(raw: bytes) -> str | None:
    """Return why ``raw`` is not an Ed25519 public key a signature can be trusted to come from.

    ``cryptography`` (OpenSSL) verifies against any point of the curve, the 8
    points of small order among them: with the identity as public key, one
    fixed "signature" verifies for every message, so anyone can sign as that
    key. libsodium's point check (through PyNaCl) accepts only what an honest
    signer makes: a canonically written point of the prime-order group, not of
    small order. ``None`` when ``raw`` is such a key.

    >>> weak_key_reason(bytes([1]) + bytes(31))  # the identity: anyone can sign as it
    'not a canonically written point of the prime-order group (small order, or not one)'
    """
    if len(raw) != _KEY_BYTES:
        return f"an Ed25519 key is {_KEY_BYTES} bytes, not {len(raw)}"
    from nacl.bindings import crypto_core_ed25519_is_valid_point

    if not crypto_core_ed25519_is_valid_point(raw):
        return "not a canonically written point of the prime-order group (small order, or not one)"
    return None


def _has_key_length(_: object, attribute: object, value: bytes) -> None:
    if len(value) != _KEY_BYTES:
        raise ValueError(f"an Ed25519 key is {_KEY_BYTES} bytes, not {len(value)}")


def _is_strong_key(_: object, attribute: object, value: bytes) -> None:
    reason = weak_key_reason(value)
    if reason is not None:
        raise ValueError(f"not a usable Ed25519 public key: {reason}")


@frozen
class PublicKey:
    """An Ed25519 public key: whose signatures it checks is named by :attr:`key_id`.

    Raises ``ValueError`` for 32 bytes no honest signer has as a key (a point
    of small order, which anyone can sign for, or a point written another way):
    such a key is never trusted, nor a signature made with it.
    """

    raw: bytes = field(validator=[instance_of(bytes), _has_key_length, _is_strong_key])

    @property
    def key_id(self) -> str:
        """Return the key's fingerprint, ``ed25519:sha256:<hex>``."""
        return key_id_of(self.raw)

    @property
    def line(self) -> str:
        """Return the key as a ``.pub`` line: ``ed25519 <base64 key> <key id>``."""
        return f"{ALGORITHM} {base64.b64encode(self.raw).decode('ascii')} {self.key_id}"

    def verifies(self, signature: bytes, message: bytes) -> bool:
        """Return whether ``signature`` is this key's signature of ``message``."""
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


@frozen
class SigningKey:
    """An Ed25519 private key (its 32-byte seed, kept out of ``repr``)."""

    seed: bytes = field(validator=[instance_of(bytes), _has_key_length], repr=False)

    def _key(self) -> Ed25519PrivateKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def public_key(self) -> PublicKey:
        """Return the public half, which verifiers trust."""
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return PublicKey(self._key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))

    def sign(self, message: bytes) -> bytes:
        """Return the 64-byte Ed25519 signature of ``message``."""
        return self._key().sign(message)

    def pem(self) -> bytes:
        """Return the key as unencrypted PKCS#8 PEM, as ``keys new`` writes it."""
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )

        return self._key().private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())


def new_key() -> SigningKey:
    """Return a new random signing key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    private = Ed25519PrivateKey.generate()
    return SigningKey(private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))


def write_key_pair(key: SigningKey, path: str | Path) -> tuple[Path, Path]:
    """Write ``key`` to ``path`` (PEM, mode 0600) and its public line to ``path.pub``.

    Never overwrites: raises :class:`~kkpham_rules.errors.InputError` if either
    file exists (nothing is written then), ``path`` names a folder, or one cannot
    be written.
    """
    private = Path(path)
    if private.name in ("", ".", "..") or private.is_dir():
        problem = worded(Problem("key_path_is_folder", "", "", "a file name", str(path)))
        raise InputError(f"{path}: a key is written to a file, not a folder", [problem])
    public = private.with_name(private.name + ".pub")
    taken = [
        worded(Problem("file_exists", "", "", None, str(name)))
        for name in (private, public)
        if name.exists() or name.is_symlink()
    ]
    if taken:
        raise InputError(f"{private}: a key is never overwritten", taken)
    _create(private, key.pem(), 0o600)
    try:
        _create(public, (key.public_key.line + "\n").encode("ascii"), 0o644)
    except InputError:
        private.unlink()  # no half of a pair is left behind
        raise
    return private, public


def _create(path: Path, data: bytes, mode: int) -> None:
    """Write a new file with ``mode`` from the start (never readable by others, even briefly)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError as error:  # made since write_key_pair looked
        problem = worded(Problem("file_exists", "", "", None, str(path)))
        raise InputError(f"{path}: a key is never overwritten", [problem]) from error
    except OSError as error:
        problem = worded(Problem("unwritable_file", "", "", "a writable file", str(path)))
        raise InputError(f"cannot write {path}", [problem]) from error
    with os.fdopen(descriptor, "wb") as stream:
        os.fchmod(stream.fileno(), mode)  # the umask may have taken bits the mode asks for
        stream.write(data)


def load_private_key(source: str | Path | bytes) -> SigningKey:
    """Return the signing key in a PEM file (a path) or PEM bytes.

    Raises :class:`~kkpham_rules.errors.KeyFileError` for a file that cannot be
    read or is not an unencrypted Ed25519 private key.
    """
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        load_pem_private_key,
    )

    name = "<bytes>" if isinstance(source, bytes) else str(source)
    data = source if isinstance(source, bytes) else _read_key_file(Path(source))
    wanted = "an Ed25519 private key (PKCS#8 PEM)"
    try:
        private = load_pem_private_key(data, password=None)
    except TypeError as error:  # encrypted: a password would be needed
        problem = worded(Problem("encrypted_private_key", "", "", wanted, None, name))
        raise KeyFileError(f"{name} is not a usable signing key", [problem]) from error
    except (ValueError, UnsupportedAlgorithm) as error:
        problem = worded(Problem("not_a_private_key", "", "", wanted, None, name))
        raise KeyFileError(f"{name} is not a usable signing key", [problem]) from error
    if not isinstance(private, Ed25519PrivateKey):
        problem = worded(Problem("not_a_private_key", "", "", wanted, _kind(private), name))
        raise KeyFileError(f"{name} is not a usable signing key", [problem])
    return SigningKey(private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))


def _kind(private: object) -> str:
    """Return the name of a private key's algorithm, to say what was given instead."""
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, rsa, x448, x25519

    kinds = {
        rsa.RSAPrivateKey: "RSA",
        ec.EllipticCurvePrivateKey: "ECDSA",
        dsa.DSAPrivateKey: "DSA",
        ed448.Ed448PrivateKey: "Ed448",
        x25519.X25519PrivateKey: "X25519",
        x448.X448PrivateKey: "X448",
    }
    return next((name for kind, name in kinds.items() if isinstance(private, kind)), "other")


def _read_key_file(path: Path) -> bytes:
    try:
        return read_bounded(path, _MAX_KEY_FILE_BYTES)
    except DocumentProblem as error:
        raise KeyFileError(f"cannot read {path}", [error.problem]) from error


def parse_public_keys(text: str, name: str = "<text>") -> list[PublicKey]:
    """Return the public keys in ``.pub`` lines (blank lines and ``#`` comments skipped).

    Each line is ``ed25519 <base64 key> [<key id>]``; a key id given must be the
    key's fingerprint. Raises :class:`~kkpham_rules.errors.KeyFileError` naming
    every line that is not a key, or when there is no key at all.
    """
    text = text.removeprefix("\ufeff")  # a byte order mark some editors write first
    private = _private_key_block(text)
    if private is not None:
        # the file's lines are a secret: none of them is shown, only what to give instead
        problem = Problem("private_key_as_trusted", "", "", f"{name}.pub", None, name)
        raise KeyFileError(f"{name} is a private key, not public keys", [worded(problem)])
    keys: list[PublicKey] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _public_key(line, f"{name}, line {number}")
        if isinstance(found, Problem):
            problems.append(found)
        else:
            keys.append(found)
    if not keys and not problems:
        problems.append(worded(Problem("no_trusted_keys", "", "", _PUBLIC_LINE, None, name)))
    if problems:
        raise KeyFileError(f"{name}: not a file of public keys", problems)
    return keys


def _private_key_block(text: str) -> str | None:
    """Return the first line of a PEM (or OpenSSH) private key block in ``text``, if any."""
    return next(
        (
            line
            for line in text.splitlines()
            if line.strip().startswith("-----BEGIN") and "PRIVATE KEY" in line
        ),
        None,
    )


def _public_key(line: str, where: str) -> PublicKey | Problem:
    """Return the key on one ``.pub`` line, or the problem with it."""
    parts = line.split()
    shown = line.strip() if len(line.strip()) <= 120 else line.strip()[:117] + "..."
    if len(parts) not in (2, 3) or parts[0] != ALGORITHM:
        return worded(Problem("not_a_public_key", "", "", _PUBLIC_LINE, shown, where))
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except binascii.Error:
        raw = b""
    if len(raw) != _KEY_BYTES:
        return worded(
            Problem("not_a_public_key", "", "", f"base64 of {_KEY_BYTES} bytes", parts[1], where)
        )
    reason = weak_key_reason(raw)
    if reason is not None:
        return worded(Problem("weak_public_key", "", reason, "an Ed25519 public key", None, where))
    key = PublicKey(raw)
    if len(parts) == 3 and parts[2] != key.key_id:
        return worded(Problem("key_id_mismatch", "", "", key.key_id, parts[2], where))
    return key


def load_public_keys(paths: Iterable[str | Path]) -> list[PublicKey]:
    """Return every public key in the files at ``paths`` (each as :func:`parse_public_keys`).

    Raises :class:`~kkpham_rules.errors.KeyFileError` listing every problem of
    every file at once.
    """
    keys: list[PublicKey] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        try:
            data = _read_key_file(path)
            keys += parse_public_keys(data.decode("utf-8"), str(path))
        except KeyFileError as error:
            problems += error.problems
        except UnicodeDecodeError:
            problems.append(worded(Problem("not_utf8", "", "", None, None, str(path))))
    if problems:
        raise KeyFileError("the trusted keys cannot be read", problems)
    return keys


def sign_record(record: AuditRecord, private_key: SigningKey) -> AuditRecord:
    """Return ``record`` signed with ``private_key`` (any signature it had is replaced).

    Only a record whose digest matches its content is signed: otherwise raises
    :class:`~kkpham_rules.errors.RecordError` (a signature must never vouch for
    a changed record).
    """
    if not digest_matches(record):
        problem = worded(Problem("digest_mismatch", "/digest", "", None, record.digest))
        raise RecordError("the record was changed after it was written: not signed", [problem])
    public = private_key.public_key
    value = private_key.sign(signed_message(record.digest))
    signature = Signature(
        algorithm=ALGORITHM,
        key_id=public.key_id,
        public_key=base64.b64encode(public.raw).decode("ascii"),
        value=base64.b64encode(value).decode("ascii"),
    )
    return record.model_copy(update={"signature": signature})


@frozen
class SignatureCheck:
    """What a record's signature shows: a status, the key id it names, a detail, a cause.

    ``cause`` is set when the signature makes the record fail verification.
    """

    status: SignatureStatus
    key_id: str | None
    detail: str
    cause: Cause | None


def check_signature(
    record: AuditRecord, trusted: Sequence[PublicKey] | None, *, raw: Any = None
) -> SignatureCheck:
    """Return what ``record``'s signature shows against the ``trusted`` keys.

    With ``trusted`` given (even empty), only ``valid`` passes. Without, an
    unsigned record passes as ``unsigned`` and a consistent signature as
    ``signer_not_checked`` (never ``valid``: nobody trusted the key); a bad
    signature fails either way. A signature signs the digest, so it vouches
    for the record only while the digest matches the content (``raw``: the
    record's JSON data as written, see
    :func:`~kkpham_rules.audit.digest_matches`): on a record changed since,
    it is ``bad_signature``, whoever made it.
    """
    signature = record.signature
    if signature is None:
        if trusted is None:
            return SignatureCheck("unsigned", None, "not signed", None)
        return SignatureCheck(
            "unsigned", None, "not signed, but a signature by a trusted key is required", "unsigned"
        )
    key_id = signature.key_id
    raw_key = base64.b64decode(signature.public_key)
    reason = weak_key_reason(raw_key)
    if reason is not None:
        detail = f"the signature's key is not a usable Ed25519 key: {reason}"
        return SignatureCheck("bad_signature", key_id, detail, "bad_signature")
    carried = PublicKey(raw_key)
    if carried.key_id != key_id:
        detail = f"the key id {key_id} is not the fingerprint of the signature's key"
        return SignatureCheck("bad_signature", key_id, detail, "bad_signature")
    value = base64.b64decode(signature.value)
    if len(value) != _SIGNATURE_BYTES or not carried.verifies(value, signed_message(record.digest)):
        detail = f"the signature by {key_id} does not match the record's digest"
        return SignatureCheck("bad_signature", key_id, detail, "bad_signature")
    if not digest_matches(record, raw):
        detail = f"the record was changed after {key_id} signed it: the signature does not cover it"
        return SignatureCheck("bad_signature", key_id, detail, "bad_signature")
    if trusted is None:
        detail = f"consistent, by {key_id}; the signer is not checked (no trusted keys given)"
        return SignatureCheck("signer_not_checked", key_id, detail, None)
    known = next((key for key in trusted if key.key_id == key_id), None)
    if known is None:
        detail = f"signed by {key_id}, which is not among the trusted keys"
        return SignatureCheck("unknown_key", key_id, detail, "unknown_key")
    # checked again with the verifier's own copy of the key, not the one the record carries
    if not known.verifies(value, signed_message(record.digest)):  # pragma: no cover
        detail = f"the signature by {key_id} does not match the record's digest"
        return SignatureCheck("bad_signature", key_id, detail, "bad_signature")
    return SignatureCheck("valid", key_id, f"signed by trusted key {key_id}", None)
