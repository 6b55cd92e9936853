from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import Error
from ...models.restore_result import RestoreResult
from ...types import Response


def _get_kwargs(
    snapshot_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/snapshots/{snapshot_id}/restore/".format(
            snapshot_id=quote(str(snapshot_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | RestoreResult | None:
    if response.status_code == 200:
        response_200 = RestoreResult.from_dict(response.json())

        return response_200

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
) -> Response[Error | RestoreResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    snapshot_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Error | RestoreResult]:
    """Restore from snapshot

     Restore a server to the state captured in a snapshot. This will overwrite all current
    data on the server.

    > **Warning:** restoring from a snapshot will overwrite all current data on the server.
    > This action cannot be undone. The server will be automatically stopped before
    > restoration begins; it is `restoring` for 5-15 minutes and then `running` again.

    The call takes no body. A restore is refused with `400 invalid_state` when the snapshot
    is not `completed` (it is `in_progress` or `failed`), or when its server is `restoring`,
    `suspended`, or has a snapshot `in_progress` (checked in that order; the message says
    which). A refused restore changes nothing.

    Args:
        snapshot_id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a
            JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RestoreResult]
    """

    kwargs = _get_kwargs(
        snapshot_id=snapshot_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    snapshot_id: int,
    *,
    client: AuthenticatedClient,
) -> Error | RestoreResult | None:
    """Restore from snapshot

     Restore a server to the state captured in a snapshot. This will overwrite all current
    data on the server.

    > **Warning:** restoring from a snapshot will overwrite all current data on the server.
    > This action cannot be undone. The server will be automatically stopped before
    > restoration begins; it is `restoring` for 5-15 minutes and then `running` again.

    The call takes no body. A restore is refused with `400 invalid_state` when the snapshot
    is not `completed` (it is `in_progress` or `failed`), or when its server is `restoring`,
    `suspended`, or has a snapshot `in_progress` (checked in that order; the message says
    which). A refused restore changes nothing.

    Args:
        snapshot_id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a
            JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RestoreResult
    """

    return sync_detailed(
        snapshot_id=snapshot_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    snapshot_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Error | RestoreResult]:
    """Restore from snapshot

     Restore a server to the state captured in a snapshot. This will overwrite all current
    data on the server.

    > **Warning:** restoring from a snapshot will overwrite all current data on the server.
    > This action cannot be undone. The server will be automatically stopped before
    > restoration begins; it is `restoring` for 5-15 minutes and then `running` again.

    The call takes no body. A restore is refused with `400 invalid_state` when the snapshot
    is not `completed` (it is `in_progress` or `failed`), or when its server is `restoring`,
    `suspended`, or has a snapshot `in_progress` (checked in that order; the message says
    which). A refused restore changes nothing.

    Args:
        snapshot_id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a
            JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RestoreResult]
    """

    kwargs = _get_kwargs(
        snapshot_id=snapshot_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    snapshot_id: int,
    *,
    client: AuthenticatedClient,
) -> Error | RestoreResult | None:
    """Restore from snapshot

     Restore a server to the state captured in a snapshot. This will overwrite all current
    data on the server.

    > **Warning:** restoring from a snapshot will overwrite all current data on the server.
    > This action cannot be undone. The server will be automatically stopped before
    > restoration begins; it is `restoring` for 5-15 minutes and then `running` again.

    The call takes no body. A restore is refused with `400 invalid_state` when the snapshot
    is not `completed` (it is `in_progress` or `failed`), or when its server is `restoring`,
    `suspended`, or has a snapshot `in_progress` (checked in that order; the message says
    which). A refused restore changes nothing.

    Args:
        snapshot_id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a
            JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RestoreResult
    """

    return (
        await asyncio_detailed(
            snapshot_id=snapshot_id,
            client=client,
        )
    ).parsed
