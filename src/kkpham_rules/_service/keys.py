"""API keys for the routes that write: :func:`require_api_key`.

The server's keys come from :func:`kkpham_rules.service.create_app`'s
``api_keys``, else ``KKPHAM_API_KEYS`` (comma-separated), else the file named by
``KKPHAM_API_KEYS_FILE`` (one key a line; blank lines and ``#`` comments
skipped). A client sends one as ``Authorization: Bearer <key>``.

It fails closed: a server with no keys refuses every write (403, saying so), a
request without a key or with another is refused (401). Keys are compared by
their SHA-256 digests with :func:`hmac.compare_digest`, against *every*
configured key with no early exit, so neither the time taken nor the answer
tells which key came close or how long the keys are.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

from attrs import frozen
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..errors import InputError, Problem
from .answers import Refused

__all__ = [
    "API_KEYS_FILE_VARIABLE",
    "API_KEYS_VARIABLE",
    "ApiKeys",
    "load_api_keys",
    "require_api_key",
]

API_KEYS_VARIABLE: Final = "KKPHAM_API_KEYS"
"""The environment variable that lists the server's API keys, comma-separated."""

API_KEYS_FILE_VARIABLE: Final = "KKPHAM_API_KEYS_FILE"
"""The environment variable that names a file of API keys, one a line."""

_CHALLENGE: Final = {"WWW-Authenticate": 'Bearer realm="kkpham-rules"'}


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


@frozen
class ApiKeys:
    """The keys a server accepts, kept as digests only."""

    digests: tuple[bytes, ...]

    @classmethod
    def of(cls, keys: Iterable[str]) -> ApiKeys:
        """Return the set of ``keys`` (blank ones left out)."""
        return cls(tuple(_digest(key.strip()) for key in keys if key.strip()))

    def accepts(self, given: str) -> bool:
        """Return whether ``given`` is one of the keys, comparing with every one of them."""
        wanted = _digest(given.strip())
        matched = False
        for digest in self.digests:
            # no early exit: the time taken does not depend on which key matched
            matched |= hmac.compare_digest(wanted, digest)
        return matched


def load_api_keys(environ: Mapping[str, str] | None = None) -> ApiKeys:
    """Return the keys ``KKPHAM_API_KEYS`` lists, else those in the ``KKPHAM_API_KEYS_FILE``.

    Neither set: no keys, and every write is refused. A key file that cannot
    be read is an :class:`~kkpham_rules.errors.InputError` (the server does not
    start without the keys it was told to use).
    """
    environ = os.environ if environ is None else environ
    listed = environ.get(API_KEYS_VARIABLE, "")
    if listed.strip():
        return ApiKeys.of(listed.split(","))
    named = environ.get(API_KEYS_FILE_VARIABLE, "").strip()
    if not named:
        return ApiKeys(())
    try:
        lines = Path(named).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        problem = Problem(
            "bad_setting",
            f"/{API_KEYS_FILE_VARIABLE}",
            f"the key file cannot be read: {error}",
            "a readable file",
            named,
        )
        raise InputError("the API key file cannot be read", [problem]) from error
    return ApiKeys.of(line for line in lines if not line.lstrip().startswith("#"))


_bearer = HTTPBearer(auto_error=False, description="An API key the server is configured with.")


async def require_api_key(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),  # noqa: B008
) -> None:
    """Refuse a request without one of the server's API keys (a FastAPI dependency).

    Add it to a route that writes: ``@app.post("/archive",
    dependencies=[Depends(require_api_key)])``. The keys are the application's
    (``app.state.api_keys``, set by :func:`kkpham_rules.service.create_app`);
    an application without them has no keys, and refuses.
    """
    keys: ApiKeys = getattr(request.app.state, "api_keys", ApiKeys(()))
    if not keys.digests:
        raise Refused(
            403,
            Problem(
                "no_api_keys",
                "",
                "this server has no API keys configured, so it accepts no writes",
                f"{API_KEYS_VARIABLE} or {API_KEYS_FILE_VARIABLE} set on the server",
            ),
        )
    if credentials is None or not credentials.credentials:
        problem = Problem(
            "api_key_missing", "", "no API key was sent", "Authorization: Bearer <key>"
        )
        raise Refused(401, problem, _CHALLENGE)
    if not keys.accepts(credentials.credentials):
        problem = Problem("api_key_refused", "", "the API key is not one of this server's")
        raise Refused(401, problem, _CHALLENGE)
