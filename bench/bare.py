"""The practical upper bound: a bare Starlette app that answers the benchmarks' requests.

It serves the same paths as the mock, on the same server (uvicorn with httptools and uvloop,
one process, no access log), and answers with the same JSON bodies, but does nothing else: no
token check, no parameter or body validation, no database, no response validation. What the
mock does beyond this app is what its work costs.

Run: ``python -m bench.bare --port 8001``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson
import uvicorn
import yaml
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# The document's examples of a list and a create answer: the page's, which are also what the
# mock answers for the seed data and what Prism answers. Read once, at start-up, so that a change
# of the seed's examples cannot leave this app answering other bodies.
_EXAMPLES = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "openapi" / "openapi.yaml").read_text(
        encoding="utf-8"
    )
)["components"]["examples"]
LIST_BODY = orjson.dumps(_EXAMPLES["SnapshotListSeed"]["value"])
CREATE_BODY = orjson.dumps(_EXAMPLES["SnapshotCreatedSeed"]["value"])
JSON = "application/json"


async def snapshots(request: Request) -> Response:
    if request.method == "POST":
        await request.body()
        return Response(CREATE_BODY, 201, media_type=JSON)
    return Response(LIST_BODY, 200, media_type=JSON)


async def snapshot(_request: Request) -> Response:
    return Response(None, 204)


app = Starlette(
    routes=[
        Route("/api/v1/snapshots/", snapshots, methods=["GET", "POST"]),
        Route("/api/v1/snapshots/{snapshot_id:int}/", snapshot, methods=["DELETE"]),
    ]
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bare", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        http="httptools",
        loop="uvloop",
        access_log=False,
        log_level="warning",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
