"""JSON text to a value, refusing what JSON allows but no API value can be (see `parse_json`)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from snapshots_mock.document import Problem
from snapshots_mock.errors import invalid_parameters

# The deepest nesting of arrays and objects a body may hold. No field of the API nests at all;
# the limit is there because the schema validator's error listing recurses once per level and
# overflows Python's stack near 256 levels (a 500), and the parser itself near 1,000.
MAX_DEPTH = 32


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
        problem = f"the JSON is nested more than {MAX_DEPTH} levels deep"
        raise invalid_parameters([Problem("body", problem)]) from None
    except ValueError as error:
        raise invalid_parameters(
            [Problem("body", f"the body is not valid JSON: {error}")]
        ) from None
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        problem = f"the JSON is nested more than {MAX_DEPTH} levels deep"
        raise invalid_parameters([Problem("body", problem)])
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


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in `value` (a scalar: 0), without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest
