"""How the test command shares its tests among pytest-xdist's workers (noxfile.py runs pytest
with ``--numprocesses auto --dist loadgroup``).

A test module is one unit of work, as with xdist's ``--dist loadscope``: its module-scoped
fixtures (a benchmark run, a mock process, git clones) are then made once, not once per worker.
A few suites of several modules write to the same fixed place (a build directory, dist/docs);
two workers must never write it at once, so each such suite is a group, one unit of work.
tests/conftest.py names the groups (GROUPS).

Why not xdist's own ``xdist_group`` marks: pytest-xdist 3.8 passes a mark's group to the
scheduler by appending it to the test's node id, which pytest 9.2 no longer lets a plugin
change, so the marks are silently ignored (pytest-xdist#1386, open). `GroupScheduling` instead
overrides `LoadScopeScheduling._split_scope`, a private method of the pinned pytest-xdist;
tests/test_parallel.py fails if a new release stops calling it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from xdist.remote import Producer
from xdist.scheduler import LoadScopeScheduling


class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]  # xdist is untyped
    """xdist's scope scheduling, where a test whose node id starts with a prefix of `groups` is
    in that group's scope and every other test in its module's (xdist's own scopes). Scopes go
    out biggest first (xdist's default order), so the groups start at once."""

    def __init__(
        self, config: pytest.Config, log: Producer | None, groups: Mapping[str, str]
    ) -> None:
        super().__init__(config, log)
        self.groups = dict(groups)

    def _split_scope(self, nodeid: str) -> str:
        return group_of(nodeid, self.groups) or str(super()._split_scope(nodeid))


def group_of(nodeid: str, groups: Mapping[str, str]) -> str | None:
    """The group of the test `nodeid`: that of the first prefix of `groups` it starts with."""
    return next((group for prefix, group in groups.items() if nodeid.startswith(prefix)), None)
