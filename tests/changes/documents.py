"""A small OpenAPI 3.1 document for the change rules' tests, and ways to reach into it.

It has what the rules need and little else: a list (GET, query parameter, array response,
error responses), a create (POST, request body with ``additionalProperties: false``, 201
response built with ``allOf``) and a delete (path parameter, 204, 404). ``Kind`` is used both
in a request (the query parameter) and in a response; ``Colour`` only in a request; ``State``
only in a response, so each rule can be tried in each direction.
"""

from __future__ import annotations

import copy
from typing import Any

Json = Any


def _ref(kind: str, name: str) -> Json:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json(schema: Json) -> Json:
    return {"application/json": {"schema": schema}}


_BASE: Json = {
    "openapi": "3.1.0",
    "info": {"title": "Things API", "version": "1.0.0", "description": "Things."},
    "servers": [{"url": "https://api.example.test", "description": "Production"}],
    "security": [{"token": []}],
    "tags": [{"name": "Things", "description": "Things and what they are."}],
    "paths": {
        "/things/": {
            "get": {
                "operationId": "listThings",
                "tags": ["Things"],
                "summary": "List things",
                "parameters": [
                    {
                        "name": "kind",
                        "in": "query",
                        "required": False,
                        "description": "Only things of this kind.",
                        "schema": _ref("schemas", "Kind"),
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The things.",
                        "headers": {
                            "X-Total": {
                                "required": True,
                                "schema": {"type": "integer", "minimum": 0},
                            }
                        },
                        "content": _json({"type": "array", "items": _ref("schemas", "Thing")}),
                    },
                    "401": _ref("responses", "Unauthorized"),
                },
            },
            "post": {
                "operationId": "createThing",
                "tags": ["Things"],
                "summary": "Create a thing",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": _ref("schemas", "NewThing"),
                            "examples": {"small": _ref("examples", "SmallThing")},
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Created.",
                        "content": _json(_ref("schemas", "ThingCreated")),
                        "links": {
                            "delete": {
                                "operationId": "deleteThing",
                                "parameters": {"thing_id": "$response.body#/id"},
                                "description": "Delete it again.",
                            }
                        },
                    },
                    "400": _ref("responses", "BadRequest"),
                    "401": _ref("responses", "Unauthorized"),
                },
            },
        },
        "/things/{thing_id}/": {
            "delete": {
                "operationId": "deleteThing",
                "tags": ["Things"],
                "summary": "Delete a thing",
                "parameters": [
                    {
                        "name": "thing_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                        "example": 7,
                    }
                ],
                "responses": {
                    "204": {"description": "Deleted."},
                    "401": _ref("responses", "Unauthorized"),
                    "404": _ref("responses", "NotFound"),
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "token": {"type": "http", "scheme": "bearer", "description": "A bearer token."}
        },
        "schemas": {
            "Kind": {"type": "string", "enum": ["small", "large"], "description": "How big."},
            "Colour": {"type": "string", "enum": ["red", "blue"]},
            "State": {"type": "string", "enum": ["new", "done"]},
            "Name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
                "pattern": "^[a-z]+$",
                "examples": ["box"],
            },
            "Thing": {
                "type": "object",
                "required": ["id", "name", "kind", "state", "created_at", "note"],
                "properties": {
                    "id": {"type": "integer", "format": "int64", "minimum": 1},
                    "name": _ref("schemas", "Name"),
                    "kind": _ref("schemas", "Kind"),
                    "state": _ref("schemas", "State"),
                    "created_at": {"type": "string", "format": "date-time"},
                    "note": {"type": ["string", "null"], "maxLength": 200},
                    "labels": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
                },
            },
            "ThingCreated": {
                "allOf": [
                    _ref("schemas", "Thing"),
                    {
                        "type": "object",
                        "required": ["message"],
                        "properties": {"message": {"type": "string"}},
                    },
                ]
            },
            "NewThing": {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": {
                    "name": _ref("schemas", "Name"),
                    "kind": _ref("schemas", "Kind"),
                    "colour": _ref("schemas", "Colour"),
                    "size": {"type": "integer", "minimum": 0, "maximum": 100, "default": 10},
                    "note": {"type": ["string", "null"], "maxLength": 200},
                },
            },
            "Error": {
                "type": "object",
                "required": ["code"],
                "properties": {"code": {"type": "string", "enum": ["bad", "unauthorized"]}},
            },
        },
        "responses": {
            "BadRequest": {"description": "Bad.", "content": _json(_ref("schemas", "Error"))},
            "Unauthorized": {
                "description": "No token.",
                "content": _json(_ref("schemas", "Error")),
            },
            "NotFound": {
                "description": "No such thing.",
                "content": _json(_ref("schemas", "Error")),
            },
        },
        "examples": {"SmallThing": {"value": {"name": "box", "kind": "small"}}},
    },
}


def base() -> Json:
    """A fresh copy of the small document."""
    return copy.deepcopy(_BASE)


def schema(document: Json, name: str) -> Json:
    result: Json = document["components"]["schemas"][name]
    return result


def operation(document: Json, path: str, method: str) -> Json:
    result: Json = document["paths"][path][method]
    return result
