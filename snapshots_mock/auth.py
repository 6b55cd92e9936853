"""Bearer authentication: which account, if any, a request's ``Authorization`` header names."""

from __future__ import annotations

import hmac

from snapshots_mock.seed import token_digest
from snapshots_mock.store import Store


class Tokens:
    """The accounts' token digests, as loaded from the store, and the check of a token."""

    def __init__(self) -> None:
        self._tokens: tuple[tuple[bytes, int], ...] = ()

    def load(self, store: Store) -> None:
        digests = store.accounts_by_digest()
        self._tokens = tuple((bytes.fromhex(d), account) for d, account in digests.items())

    def authenticate(self, authorization: bytes | None) -> int | None:
        """The account of a ``Bearer`` token, or None.

        The token's SHA-256 is compared with every account's in constant time, all of them,
        so the time taken says nothing about how much of a token was right.
        """
        if authorization is None:
            return None
        scheme, _, token = authorization.partition(b" ")
        if scheme.lower() != b"bearer" or not token.strip():
            return None
        digest = bytes.fromhex(token_digest(token.strip()))
        found = None
        for known, account_id in self._tokens:
            if hmac.compare_digest(digest, known):
                found = account_id
        return found
