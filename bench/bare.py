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

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# The page's examples, which are also what the mock answers for the seed data.
_SERVER = {"id": 12345, "name": "web-server-01"}
LIST_BODY = orjson.dumps(
    {
        "count": 2,
        "results": [
            {
                "id": 801,
                "server": _SERVER,
                "name": "pre-migration-snapshot",
                "status": "completed",
                "size_mb": 5120,
                "created_at": "2025-01-15T18:30:00Z",
                "description": "Before major migration",
            },
            {
                "id": 798,
                "server": _SERVER,
                "name": "weekly-snapshot-2025-01-08",
                "status": "completed",
                "size_mb": 4856,
                "created_at": "2025-01-08T12:00:00Z",
                "description": "Weekly snapshot",
            },
        ],
    }
)
CREATE_BODY = orjson.dumps(
    {
        "id": 802,
        "server": _SERVER,
        "name": "before-update-snapshot",
        "status": "in_progress",
        "size_mb": None,
        "created_at": "2025-01-16T16:15:00Z",
        "description": "Snapshot before system update",
        "message": (
            "Snapshot is being created. This may take 3-10 minutes depending on server size."
        ),
    }
)
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
