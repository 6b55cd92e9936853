"""Benchmarks of the toolkit: ``python3 scripts/run_nox.py -s bench`` (results: docs/benchmarks.md).

- `bench.throughput`: the mock server against Stoplight Prism 5 serving the same document,
  with the same load generator (wrk, `bench.wrk`, scripts in bench/lua) for list and create at
  concurrency 1, 8 and 64: requests per second, p50 and p99 latency, CPU time per request and
  peak memory of each server; also the mock with response validation off, with SQLite's
  ``synchronous=FULL``, and a bare Starlette handler (`bench.bare`), the practical upper bound.
- `bench.client_calls`: the generated Python client against a raw httpx call of the same
  request to the same mock, per call.
- `bench.pipeline`: regenerating every client, the drift check and the spec lint, warm.
- `bench.run`: runs them, writes bench/results/latest.json (with `bench.machine`'s description
  of the machine and every version) and the Markdown tables (`bench.report`), which it prints
  and puts into docs/benchmarks.md.

Everything listens on 127.0.0.1, is started by the benchmark in a process group of its own
(`bench.processes`) and stopped by it; every run is bounded in time.
"""
