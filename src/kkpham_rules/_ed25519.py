"""Whether 32 bytes are an Ed25519 public key a signature can be trusted to come from.

``cryptography`` (OpenSSL) verifies against any point on the curve, including
the 8 points of small order: with the identity as public key, a fixed
"signature" verifies for every message, so anyone can sign as that key. A key
an honest signer makes is a point of the prime-order subgroup other than the
identity, written canonically; :func:`weak_key_reason` refuses every other
32 bytes. The arithmetic is RFC 8032's reference (section 5.1), on integers:
it runs once per distinct key (cached), a few milliseconds.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["weak_key_reason"]

_P = 2**255 - 19
"""The field prime."""

_L = 2**252 + 27742317777372353535851937790883648493
"""The order of the prime-order subgroup (the group order honest keys have)."""

_D = -121665 * pow(121666, -1, _P) % _P
"""The curve constant d of -x^2 + y^2 = 1 + d x^2 y^2."""

_SQRT_M1 = pow(2, (_P - 1) // 4, _P)
"""A square root of -1 in the field."""

_Point = tuple[int, int, int, int]
"""A point in extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z, xy = T/Z."""

_IDENTITY: _Point = (0, 1, 1, 0)


def _add(a: _Point, b: _Point) -> _Point:
    """Return a + b (RFC 8032's point_add; complete, so doubling is a + a)."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    big_a = (y1 - x1) * (y2 - x2) % _P
    big_b = (y1 + x1) * (y2 + x2) % _P
    c = 2 * t1 * t2 * _D % _P
    d = 2 * z1 * z2 % _P
    e, f, g, h = big_b - big_a, d - c, d + c, big_b + big_a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _times(scalar: int, point: _Point) -> _Point:
    result = _IDENTITY
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _is_identity(point: _Point) -> bool:
    x, y, z, _ = point
    return x % _P == 0 and (y - z) % _P == 0


def _decoded(raw: bytes) -> _Point | None:
    """Return the point ``raw`` encodes canonically (RFC 8032 5.1.3), or ``None``."""
    number = int.from_bytes(raw, "little")
    sign, y = number >> 255, number & ((1 << 255) - 1)
    if y >= _P:
        return None  # y written as y + p: the same point under another encoding
    u, v = (y * y - 1) % _P, (_D * y * y + 1) % _P
    x = u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P) % _P
    if v * x * x % _P == (-u) % _P:
        x = x * _SQRT_M1 % _P
    if v * x * x % _P != u:
        return None  # no x: not a point of the curve
    if x == 0 and sign:
        return None  # "-0": the same point under another encoding
    if x & 1 != sign:
        x = _P - x
    return (x, y, 1, x * y % _P)


@lru_cache(maxsize=256)
def weak_key_reason(raw: bytes) -> str | None:
    """Return why ``raw`` is not a usable Ed25519 public key, or ``None`` when it is.

    >>> weak_key_reason(bytes([1]) + bytes(31))  # the identity: anyone can sign as it
    'a point of small order, which anyone can sign for'
    """
    if len(raw) != 32:
        return f"an Ed25519 key is 32 bytes, not {len(raw)}"
    point = _decoded(raw)
    if point is None:
        return "not a canonically written point of the curve"
    if _is_identity(_times(8, point)):
        return "a point of small order, which anyone can sign for"
    if not _is_identity(_times(_L, point)):
        return "a point outside the group honest keys belong to"
    return None
