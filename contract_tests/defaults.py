"""The run's defaults, shared by the command line and the pytest plugin (and importing nothing,
so that the command imports no pytest plugin before pytest does)."""

# A fixed seed: every run generates the same cases unless told otherwise (--seed).
SEED = 20250116
# Generated examples per operation and mode: the suite's cost against the mock grows with it.
MAX_EXAMPLES = 25
TOKEN_ENV = "VPS_API_TOKEN"
# How long the scenarios wait for a snapshot to complete on a deployment (3-10 minutes there).
COMPLETION_TIMEOUT = 900.0
POLL_INTERVAL = 5.0
# How far a deployment's clock may be from the run's, for a new snapshot's created_at (seconds).
CLOCK_SKEW = 300.0
