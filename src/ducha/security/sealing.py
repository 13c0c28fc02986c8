"""Secrets kept at rest only in sealed form (AES-256-GCM), such as a user's TOTP secret.

Why: a stolen database copy or backup must not hand over anyone's second factor. The key is
derived from ``SECRET_KEY`` with HKDF-SHA256 and a fixed purpose label, so it lives outside
the database and a key for one purpose can never open another's data. The associated data
names the row a value belongs to, so a sealed value copied to another row does not open.
``SECRET_KEY_FALLBACKS`` are tried after ``SECRET_KEY``, so a key rotation keeps old values
readable until they are sealed again.

Format: ``v1$`` + URL-safe base64 of a 12-byte random nonce followed by the ciphertext and tag.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "v1$"
_NONCE = 12
_TAG = 16


class SealError(ValueError):
    """The value was not sealed by this installation's keys (or was altered)."""


def _key(secret_key: str, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"ducha.security.sealing",
                info=f"ducha:{purpose}:v1".encode()).derive(secret_key.encode())


def _keys(purpose: str) -> list[bytes]:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [_key(k, purpose) for k in keys]


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(plain: str, *, purpose: str, context: str) -> str:
    """Encrypt ``plain`` for ``purpose`` (a fixed label), bound to ``context`` (e.g. a row)."""
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(_keys(purpose)[0]).encrypt(nonce, plain.encode(), context.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(value: str, *, purpose: str, context: str) -> str:
    """The plain text of a sealed value; ``SealError`` if no key opens it."""
    if not is_sealed(value):
        raise SealError("not a sealed value")
    try:
        raw = base64.urlsafe_b64decode(value[len(PREFIX):].encode("ascii"))
    except ValueError:
        raise SealError("damaged sealed value") from None
    if len(raw) < _NONCE + _TAG:
        raise SealError("damaged sealed value")
    nonce, body = raw[:_NONCE], raw[_NONCE:]
    for key in _keys(purpose):
        try:
            return AESGCM(key).decrypt(nonce, body, context.encode()).decode()
        except InvalidTag:
            continue
    raise SealError("no key opens this value (SECRET_KEY changed, or the value was moved)")
