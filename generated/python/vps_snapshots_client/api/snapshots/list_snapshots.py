from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import Error
from ...models.snapshot_list import SnapshotList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    server_id: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["server_id"] = server_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/snapshots/",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | SnapshotList | None:
    if response.status_code == 200:
        response_200 = SnapshotList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

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
) -> Response[Error | SnapshotList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    server_id: int | Unset = UNSET,
) -> Response[Error | SnapshotList]:
    """List all snapshots

     Get a list of all snapshots on your servers, newest first (by `created_at`, then by `id`,
    both descending).

    `server_id` filters the list to one server. A `server_id` that names no server of yours
    (an unknown server, or another account's) is not an error: the answer is an empty list,
    so that the filter reveals nothing about other accounts.

    Args:
        server_id (int | Unset): An identifier: an integer from 1 to 2^53 - 1, so that it survives
            a JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SnapshotList]
    """

    kwargs = _get_kwargs(
        server_id=server_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    server_id: int | Unset = UNSET,
) -> Error | SnapshotList | None:
    """List all snapshots

     Get a list of all snapshots on your servers, newest first (by `created_at`, then by `id`,
    both descending).

    `server_id` filters the list to one server. A `server_id` that names no server of yours
    (an unknown server, or another account's) is not an error: the answer is an empty list,
    so that the filter reveals nothing about other accounts.

    Args:
        server_id (int | Unset): An identifier: an integer from 1 to 2^53 - 1, so that it survives
            a JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SnapshotList
    """

    return sync_detailed(
        client=client,
        server_id=server_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    server_id: int | Unset = UNSET,
) -> Response[Error | SnapshotList]:
    """List all snapshots

     Get a list of all snapshots on your servers, newest first (by `created_at`, then by `id`,
    both descending).

    `server_id` filters the list to one server. A `server_id` that names no server of yours
    (an unknown server, or another account's) is not an error: the answer is an empty list,
    so that the filter reveals nothing about other accounts.

    Args:
        server_id (int | Unset): An identifier: an integer from 1 to 2^53 - 1, so that it survives
            a JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SnapshotList]
    """

    kwargs = _get_kwargs(
        server_id=server_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    server_id: int | Unset = UNSET,
) -> Error | SnapshotList | None:
    """List all snapshots

     Get a list of all snapshots on your servers, newest first (by `created_at`, then by `id`,
    both descending).

    `server_id` filters the list to one server. A `server_id` that names no server of yours
    (an unknown server, or another account's) is not an error: the answer is an empty list,
    so that the filter reveals nothing about other accounts.

    Args:
        server_id (int | Unset): An identifier: an integer from 1 to 2^53 - 1, so that it survives
            a JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SnapshotList
    """

    return (
        await asyncio_detailed(
            client=client,
            server_id=server_id,
        )
    ).parsed
