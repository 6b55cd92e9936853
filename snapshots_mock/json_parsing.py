"""JSON text to a value, refusing what JSON allows but no API value can be (see `parse_json`)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from snapshots_mock.document import Problem
from snapshots_mock.errors import invalid_parameters


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text} is out of range")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the field {key!r} is given more than once")
            seen.add(key)
    return value


_DECODER = json.JSONDecoder(
    parse_constant=_reject_constant, parse_float=_finite_float, object_pairs_hook=_unique_keys
)


def parse_json(raw: bytes) -> Any:
    """The value of the JSON body `raw`; `ApiError` 400 naming what is wrong with it."""
    # The stdlib parser, not orjson: it keeps integers of any size (so an out-of-range id gets
    # the schema's message, not "invalid JSON"); non-finite numbers and repeated keys are
    # refused here because JSON has no value for them.
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problem = f"the body is not valid UTF-8 (byte {error.start})"
        raise invalid_parameters([Problem("body", problem)]) from None
    try:
        value = _DECODER.decode(text)
    except RecursionError:
        raise invalid_parameters([Problem("body", "the JSON is nested too deeply")]) from None
    except ValueError as error:
        raise invalid_parameters(
            [Problem("body", f"the body is not valid JSON: {error}")]
        ) from None
    if "\\ud" in text.lower():
        # JSON lets an escaped surrogate ("\ud800") stand alone, but alone it is no character:
        # no text holds it (nor can the database store it), so it is refused as a bad value.
        problems = list(_lone_surrogates(value, []))
        if problems:
            raise invalid_parameters(problems)
    return value


def _lone_surrogates(value: Any, path: list[str]) -> Iterator[Problem]:
    if isinstance(value, str):
        if any("\ud800" <= char <= "\udfff" for char in value):
            yield Problem(".".join(path) or "body", "holds a lone surrogate (U+D800-U+DFFF)")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _lone_surrogates(key, path)
            yield from _lone_surrogates(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _lone_surrogates(item, [*path, str(index)])
