from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import Error
from ...types import Response


def _get_kwargs(
    snapshot_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/snapshots/{snapshot_id}/".format(
            snapshot_id=quote(str(snapshot_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
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
) -> Response[Any | Error]:
    """Delete snapshot

     Delete a snapshot permanently. This action cannot be undone.

    Any snapshot of yours can be deleted whatever its status: deleting an `in_progress`
    snapshot cancels its creation, and a restore already started from it carries on from its
    own copy. Deleting frees a place toward the 5-per-server limit at once. A second delete of
    the same snapshot is answered `404 snapshot_not_found`.

    Args:
        snapshot_id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a
            JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
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
) -> Any | Error | None:
    """Delete snapshot

     Delete a snapshot permanently. This action cannot be undone.

    Any snapshot of yours can be deleted whatever its status: deleting an `in_progress`
    snapshot cancels its creation, and a restore already started from it carries on from its
    own copy. Deleting frees a place toward the 5-per-server limit at once. A second delete of
    the same snapshot is answered `404 snapshot_not_found`.

    Args:
        snapshot_id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a
            JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        snapshot_id=snapshot_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    snapshot_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Error]:
    """Delete snapshot

     Delete a snapshot permanently. This action cannot be undone.

    Any snapshot of yours can be deleted whatever its status: deleting an `in_progress`
    snapshot cancels its creation, and a restore already started from it carries on from its
    own copy. Deleting frees a place toward the 5-per-server limit at once. A second delete of
    the same snapshot is answered `404 snapshot_not_found`.

    Args:
        snapshot_id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a
            JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
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
) -> Any | Error | None:
    """Delete snapshot

     Delete a snapshot permanently. This action cannot be undone.

    Any snapshot of yours can be deleted whatever its status: deleting an `in_progress`
    snapshot cancels its creation, and a restore already started from it carries on from its
    own copy. Deleting frees a place toward the 5-per-server limit at once. A second delete of
    the same snapshot is answered `404 snapshot_not_found`.

    Args:
        snapshot_id (int): An identifier: an integer from 1 to 2^53 - 1, so that it survives a
            JavaScript number.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            snapshot_id=snapshot_id,
            client=client,
        )
    ).parsed
