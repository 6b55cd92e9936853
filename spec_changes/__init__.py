"""What changed in the OpenAPI document, and what that means for clients and for the version.

``python -m spec_changes check [BASE]`` compares the working copy of ``openapi/openapi.yaml``
with its last release (``openapi/releases/<version>.yaml``, see ``releases``) or with the
document at a git revision ``BASE``, sorts every difference into breaking, non-breaking and
documentation only, and checks that ``info.version`` was raised to match (see ``versioning``).
``python -m spec_changes changelog [BASE]`` also writes the CHANGELOG.md entry, and
``python -m spec_changes release`` records the document as the release of its version.

Why a checker of our own. The tools that do this and install from the registries this project
may use were tried first (November 2026), on this document with the rules below:

- oasdiff, the reference tool, is a Go program that neither PyPI nor npm carries, and only
  those registries (and Debian's) are reachable from CI.
- ``@pb33f/openapi-changes`` (npm 0.0.67): its postinstall downloads a Go binary from GitHub;
  ``npm install`` fails offline.
- ``openapi-diff`` (npm 0.24.1, Atlassian): refuses OpenAPI 3.1 ("Swagger Parser only supports
  versions 3.0.x").
- ``api-smart-diff`` (npm 1.0.6): installs and runs offline and knows request from response,
  but calls a type change (``integer`` → ``string``) non-breaking, reports nothing when a
  security scheme changes, calls a newly nullable response field non-breaking, and treats a
  new enum value in one response as breaking and in another as not. Fixing that means
  overriding most of its rules.
- ``breakwatch`` (PyPI 0.1.0): no ``allOf``, no limits (length, range, pattern), no formats,
  no request/response direction for enums, OpenAPI 3.0 nullability only.
- ``api-diff-sentinel``, ``pyapi-diff`` (PyPI): plain key diffs that follow no ``$ref``.

So the rules are written here, as a small set of modules: ``rules`` (every rule's stable
identifier and class, and the severity file that adjusts them, as oasdiff's
``--severity-levels`` does), ``document`` (loading and local ``$ref``s), ``schemas`` (JSON
Schema 2020-12 by direction, type arrays, ``allOf``), ``patterns``
(when one pattern is provably wider), ``operations`` (paths, parameters, bodies, responses,
security), ``layer`` (what the clients' hand-written layer names after the document),
``compare`` (the whole document), ``versioning`` (the gate), ``releases`` (the released
documents, the gate's base) and ``report``.

What the rules decide, beyond the obvious ones (see each module for the reasons):

- Requests: anything the server now refuses is breaking (a narrower limit, pattern, type or
  enum; a new required field, parameter or body); anything it now also accepts is not.
- Responses: the document promises clients what they will receive. So anything the server may
  now send that it was promised never to send is breaking: a new enum value (the Python
  client's ``Enum`` raises on an unknown value), a wider type (now nullable), a field that may
  now be absent, and a wider limit (a lower ``minimum``, a higher ``maxLength``, a removed
  ``pattern``); a narrower one is not.
- Removing a field, enum value, parameter, operation or error response is breaking in both
  directions: generated code loses a name that client code uses.
- Renaming a component schema, an operationId or an operation's tags is breaking: they name the
  generated classes, functions and modules.
- The clients' hand-written layer names methods, arguments and the wait helper after the
  document (``layer``): the report names them where a change renames or removes them, at the
  level above; a change of the first server (the clients' default base URL) is breaking.
- Any change of an operation's security requirements or of a security scheme is breaking,
  except a requirement added beside the existing ones.
- A key no rule knows is reported as breaking, marked as such, rather than dropped.
"""

from spec_changes.compare import compare, compare_all
from spec_changes.model import Change, Direction, Entry, Level
from spec_changes.rules import RULES, Severity
from spec_changes.versioning import Verdict, Version, check

__all__ = [
    "RULES",
    "Change",
    "Direction",
    "Entry",
    "Level",
    "Severity",
    "Verdict",
    "Version",
    "check",
    "compare",
    "compare_all",
]
