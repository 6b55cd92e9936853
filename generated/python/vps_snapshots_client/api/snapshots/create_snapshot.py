from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import Error
from ...models.snapshot_create_request import SnapshotCreateRequest
from ...models.snapshot_created import SnapshotCreated
from ...types import Response


def _get_kwargs(
    *,
    body: SnapshotCreateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/snapshots/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SnapshotCreated | None:
    if response.status_code == 201:
        response_201 = SnapshotCreated.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = Error.from_dict(response.json())

        return response_408

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 431:
        response_431 = Error.from_dict(response.json())

        return response_431

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SnapshotCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SnapshotCreateRequest,
) -> Response[Error | SnapshotCreated]:
    """Create snapshot

     Create a snapshot of a server's current state. Snapshots are point-in-time copies of the
    entire server.

    The new snapshot is `in_progress` with `size_mb: null`; it becomes `completed` (with its
    size) or `failed` after 3-10 minutes depending on server size.

    You can have a maximum of 5 snapshots per server, whatever their status; the 6th is
    refused with `snapshot_limit_reached` and nothing is stored. Names are unique per server
    (case-sensitive) among its current snapshots: a name in use is refused with
    `duplicate_snapshot_name`; the name of a deleted snapshot may be used again. A server
    that is `restoring` or `suspended` cannot be snapshotted (`invalid_state`). When several
    apply, the first of `server_not_found`, `invalid_state`, `snapshot_limit_reached` and
    `duplicate_snapshot_name` is the answer. The id of a deleted snapshot is never given
    to another.

    > **Note:** you can have a maximum of **5 snapshots per server**. Creating a snapshot
    > while the server is running may result in filesystem inconsistencies. For best results,
    > stop the server before creating a snapshot.

    Args:
        body (SnapshotCreateRequest): What to snapshot and what to call it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SnapshotCreated]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SnapshotCreateRequest,
) -> Error | SnapshotCreated | None:
    """Create snapshot

     Create a snapshot of a server's current state. Snapshots are point-in-time copies of the
    entire server.

    The new snapshot is `in_progress` with `size_mb: null`; it becomes `completed` (with its
    size) or `failed` after 3-10 minutes depending on server size.

    You can have a maximum of 5 snapshots per server, whatever their status; the 6th is
    refused with `snapshot_limit_reached` and nothing is stored. Names are unique per server
    (case-sensitive) among its current snapshots: a name in use is refused with
    `duplicate_snapshot_name`; the name of a deleted snapshot may be used again. A server
    that is `restoring` or `suspended` cannot be snapshotted (`invalid_state`). When several
    apply, the first of `server_not_found`, `invalid_state`, `snapshot_limit_reached` and
    `duplicate_snapshot_name` is the answer. The id of a deleted snapshot is never given
    to another.

    > **Note:** you can have a maximum of **5 snapshots per server**. Creating a snapshot
    > while the server is running may result in filesystem inconsistencies. For best results,
    > stop the server before creating a snapshot.

    Args:
        body (SnapshotCreateRequest): What to snapshot and what to call it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SnapshotCreated
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SnapshotCreateRequest,
) -> Response[Error | SnapshotCreated]:
    """Create snapshot

     Create a snapshot of a server's current state. Snapshots are point-in-time copies of the
    entire server.

    The new snapshot is `in_progress` with `size_mb: null`; it becomes `completed` (with its
    size) or `failed` after 3-10 minutes depending on server size.

    You can have a maximum of 5 snapshots per server, whatever their status; the 6th is
    refused with `snapshot_limit_reached` and nothing is stored. Names are unique per server
    (case-sensitive) among its current snapshots: a name in use is refused with
    `duplicate_snapshot_name`; the name of a deleted snapshot may be used again. A server
    that is `restoring` or `suspended` cannot be snapshotted (`invalid_state`). When several
    apply, the first of `server_not_found`, `invalid_state`, `snapshot_limit_reached` and
    `duplicate_snapshot_name` is the answer. The id of a deleted snapshot is never given
    to another.

    > **Note:** you can have a maximum of **5 snapshots per server**. Creating a snapshot
    > while the server is running may result in filesystem inconsistencies. For best results,
    > stop the server before creating a snapshot.

    Args:
        body (SnapshotCreateRequest): What to snapshot and what to call it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SnapshotCreated]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SnapshotCreateRequest,
) -> Error | SnapshotCreated | None:
    """Create snapshot

     Create a snapshot of a server's current state. Snapshots are point-in-time copies of the
    entire server.

    The new snapshot is `in_progress` with `size_mb: null`; it becomes `completed` (with its
    size) or `failed` after 3-10 minutes depending on server size.

    You can have a maximum of 5 snapshots per server, whatever their status; the 6th is
    refused with `snapshot_limit_reached` and nothing is stored. Names are unique per server
    (case-sensitive) among its current snapshots: a name in use is refused with
    `duplicate_snapshot_name`; the name of a deleted snapshot may be used again. A server
    that is `restoring` or `suspended` cannot be snapshotted (`invalid_state`). When several
    apply, the first of `server_not_found`, `invalid_state`, `snapshot_limit_reached` and
    `duplicate_snapshot_name` is the answer. The id of a deleted snapshot is never given
    to another.

    > **Note:** you can have a maximum of **5 snapshots per server**. Creating a snapshot
    > while the server is running may result in filesystem inconsistencies. For best results,
    > stop the server before creating a snapshot.

    Args:
        body (SnapshotCreateRequest): What to snapshot and what to call it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SnapshotCreated
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
