"""The Schemathesis schema of the suite: the document, configured for a target and a run.

One place says how the suite configures Schemathesis, the same for every target (``st run``
reads the same choices from ``schemathesis.toml``):

- every built-in check is on. ``positive_data_acceptance`` also takes a 400, because the
  document answers some schema-valid requests 400 by design (the 6th snapshot, a name in use, a
  server being restored); `checks.schema_valid_request_is_not_invalid` keeps what still holds;
  ``negative_data_rejection`` takes only the document's 400, 413 and 415 (its default also takes
  404 and 422);
- generation is seeded (``seed``) and keeps no example database, so that a run is repeated
  by its seed; examples per operation are bounded (``max_examples``); no shrinking (the API
  keeps state between examples, so a shrunk example would run against another state);
- no Authorization header is generated: every call sends the run's token explicitly, which is
  what lets ``ignored_auth`` probe each operation without it;
- Schemathesis' own masking of the Authorization header is off; the pytest plugin masks the
  run's secret tokens in every report instead, so that a reproduction names the variable
  (``$VPS_API_TOKEN``) and still runs.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.schemas import BaseSchema

from contract_tests import document
from contract_tests.target import Target

# What positive_data_acceptance takes: its default without 409 (the document has none) and
# with 400, the document's answer to a schema-valid request that breaks a rule.
POSITIVE_STATUSES = ["2xx", "400", "401", "404"]
# What negative_data_rejection takes: the document's answers to a request that breaks the
# schema ("a value outside that range, or a path identifier that is not an integer, is
# answered 400 invalid_parameters"), checked before the operation's own rules, and 415 and 413
# for a body without its media type (a missing body) or too large. Schemathesis' default also
# takes 401, 403, 404, 405, 409, 422, 429 and every 5xx, so a deployment that answered a path
# id "abc" with 404 passed.
NEGATIVE_STATUSES = ["400", "413", "415"]
MODES = ("positive", "negative")


def operations_off(target: Target) -> list[dict[str, Any]]:
    """Schemathesis operation filters that leave out what the run may not call."""
    off = []
    if not target.allow_writes:
        off.append({"include-method": ["POST", "DELETE"], "enabled": False})
    elif not target.allow_restore:
        off.append({"include-operation-id": "restoreSnapshot", "enabled": False})
    return off


def load(
    target: Target, *, mode: str, seed: int, max_examples: int, stateful: bool = False
) -> BaseSchema:
    """The document as a Schemathesis schema for `target`: `mode` is positive or negative.

    With `stateful`, for the state machine, Schemathesis infers no links of its own and follows
    the document's alone: its inference reads the create's ``server_id`` as a reference to a
    "server" resource that no operation makes, and so never starts a scenario with a create.
    """
    phases: dict[str, Any] = {"stateful": {"inference": {"algorithms": []}}} if stateful else {}
    config = schemathesis.Config.from_dict(
        {
            "phases": phases,
            "seed": seed,
            "base-url": target.base_url,
            "generation": {
                "mode": mode,
                "max-examples": max_examples,
                "database": "none",
                "with-security-parameters": False,
                # The API keeps state between examples, so shrinking replays a failure against
                # a changed state: slow, and often "flaky". A failure is reported as found.
                "no-shrink": True,
            },
            "checks": {
                "positive_data_acceptance": {"expected-statuses": POSITIVE_STATUSES},
                "negative_data_rejection": {"expected-statuses": NEGATIVE_STATUSES},
            },
            "output": {"sanitization": {"enabled": False}},
            "operations": operations_off(target),
        }
    )
    schema = schemathesis.openapi.from_path(document.path(), config=config)
    if target.app is not None:
        schema.app = target.app
    return schema
