"""The shipped seed data's facts that code and tests name: tokens, servers, snapshots.

`seed_data.yaml` is the world; this module gives its parts names, so that the tests, the
benchmarks, the contract suite and the scripts import ``PAGE_SERVER`` instead of writing
``12345`` again. ``tests/mock/test_seed_facts.py`` checks every name against the YAML, so the two
cannot drift apart.
"""

from __future__ import annotations

# Account 1: the original reference page's own world and its placeholder token.
TOKEN = "YOUR_API_TOKEN"
PAGE_ACCOUNT = 1
PAGE_SERVER = 12345  # web-server-01, running; holds the page's snapshots 801 and 798
PAGE_SERVER_NAME = "web-server-01"
PAGE_SNAPSHOTS = (801, 798)  # newest first, as the page lists them
PAGE_LATEST_SNAPSHOT = 801
STOPPED_SERVER = 12346  # db-server-01, stopped, no snapshots: a disposable server
SUSPENDED_SERVER = 12347  # legacy-server-01, suspended
SUSPENDED_SNAPSHOT = 790  # listed and deletable, never restorable
ACCOUNT_SERVERS = (PAGE_SERVER, STOPPED_SERVER, SUSPENDED_SERVER)

# Account 2: another account, whose things account 1 must never see.
OTHER_TOKEN = "OTHER_ACCOUNT_TOKEN"
OTHER_ACCOUNT = 2
OTHER_SERVER = 23456  # api-server-01, running
OTHER_COMPLETED_SNAPSHOT = 701
OTHER_FAILED_SNAPSHOT = 702
FLAKY_SERVER = 23457  # flaky-server-01: its new snapshots end "failed"

# The first id a new snapshot gets, as in the page's create example.
NEXT_SNAPSHOT_ID = 802
