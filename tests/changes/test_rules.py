"""Every rule of the change report: a pair of small documents, and the class the pair gets.

Each case changes a copy of ``documents.base()`` (and sometimes the old copy too), checks that
both documents are valid OpenAPI 3.1, and asserts that the report holds the expected line at
the expected level and that nothing in it is more serious than that level.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable

import pytest
from openapi_spec_validator import validate

from spec_changes import Level, compare
from spec_changes.model import highest
from tests.changes.documents import Json, base, operation, schema

Mutation = Callable[[Json, Json], None]
RULES: list[object] = []  # pytest.param(mutation, level, expected line)
LEVELS: list[Level] = []

B, N, D = Level.BREAKING, Level.NON_BREAKING, Level.DOCUMENTATION
THINGS, THING = "/things/", "/things/{thing_id}/"
# Where a change to Name (sent and received) is breaking when it widens what clients receive.
SHARED_RESPONSES = " (breaking in: createThing response 201, listThings response 200)"


def rule(level: Level, expected: str) -> Callable[[Mutation], Mutation]:
    def register(mutation: Mutation) -> Mutation:
        RULES.append(pytest.param(mutation, level, expected, id=mutation.__name__))
        LEVELS.append(level)
        return mutation

    return register


# --- breaking -------------------------------------------------------------------------------


@rule(B, "info.version: major version 1 → 2: the Go module path changes")
def major_version_raised(old: Json, new: Json) -> None:
    # Go users must change every import, whatever else changed (test_client_names.py).
    new["info"]["version"] = "2.0.0"


@rule(B, "GET /things/: operation removed")
def removed_operation(old: Json, new: Json) -> None:
    del new["paths"][THINGS]["get"]


@rule(B, "DELETE /things/{thing_id}/: operation removed")
def removed_path(old: Json, new: Json) -> None:
    del new["paths"][THING]


@rule(B, "query parameter `kind` removed")
def removed_parameter(old: Json, new: Json) -> None:
    operation(new, THINGS, "get")["parameters"] = []


@rule(B, "schema Thing: property `labels` removed")
def removed_response_field(old: Json, new: Json) -> None:
    del schema(new, "Thing")["properties"]["labels"]


@rule(B, 'schema State: enum value "done" removed')
def removed_response_enum_value(old: Json, new: Json) -> None:
    schema(new, "State")["enum"] = ["new"]


@rule(B, 'schema Colour: enum value "blue" removed')
def removed_request_enum_value(old: Json, new: Json) -> None:
    schema(new, "Colour")["enum"] = ["red"]


@rule(B, "schema Thing.labels: `maxItems` raised from 5 to 10 (wider)")
def response_limit_widened(old: Json, new: Json) -> None:
    # Clients were promised at most 5 labels; code that relied on it (a fixed-size row) breaks.
    schema(new, "Thing")["properties"]["labels"]["maxItems"] = 10


@rule(B, "schema Thing.id: `minimum` lowered from 1 to -1 (wider)")
def response_minimum_lowered(old: Json, new: Json) -> None:
    # Issue 23: Snapshot.size_mb 0 → -1 was reported as non-breaking.
    schema(new, "Thing")["properties"]["id"]["minimum"] = -1


@rule(B, "schema NewThing: property `size` removed")
def removed_request_field(old: Json, new: Json) -> None:
    del schema(new, "NewThing")["properties"]["size"]


@rule(B, "schema NewThing: required property `owner` added")
def new_required_request_field(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["owner"] = {"type": "string"}
    schema(new, "NewThing")["required"].append("owner")


@rule(B, "schema NewThing: property `kind` now required")
def request_field_made_required(old: Json, new: Json) -> None:
    schema(new, "NewThing")["required"].append("kind")


@rule(B, "required query parameter `limit` added")
def new_required_parameter(old: Json, new: Json) -> None:
    parameter = {"name": "limit", "in": "query", "required": True, "schema": {"type": "integer"}}
    operation(new, THINGS, "get")["parameters"].append(parameter)


@rule(B, "query parameter `kind`: now required")
def parameter_made_required(old: Json, new: Json) -> None:
    operation(new, THINGS, "get")["parameters"][0]["required"] = True


@rule(B, "required request body added")
def new_required_request_body(old: Json, new: Json) -> None:
    body = {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
    operation(new, THING, "delete")["requestBody"] = body


@rule(B, "request body removed")
def removed_request_body(old: Json, new: Json) -> None:
    del operation(new, THINGS, "post")["requestBody"]


@rule(B, "request body: now required")
def request_body_made_required(old: Json, new: Json) -> None:
    operation(old, THINGS, "post")["requestBody"]["required"] = False


@rule(B, "schema Thing.id: type integer → string")
def response_type_change(old: Json, new: Json) -> None:
    schema(new, "Thing")["properties"]["id"] = {"type": "string"}


@rule(B, "schema NewThing.size: type integer → string")
def request_type_change(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"] = {"type": "string"}


@rule(B, "path parameter `thing_id`: type integer → string")
def parameter_type_change(old: Json, new: Json) -> None:
    operation(new, THING, "delete")["parameters"][0]["schema"] = {"type": "string"}


@rule(B, "schema Thing.created_at: format date-time → date")
def format_change(old: Json, new: Json) -> None:
    schema(new, "Thing")["properties"]["created_at"]["format"] = "date"


@rule(B, "schema Thing.id: format int64 → none")
def format_removed(old: Json, new: Json) -> None:
    del schema(new, "Thing")["properties"]["id"]["format"]


@rule(B, "schema NewThing.note: no longer nullable (narrower)")
def request_field_no_longer_nullable(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["note"]["type"] = "string"


@rule(B, "schema Thing.created_at: now nullable (wider)")
def response_field_now_nullable(old: Json, new: Json) -> None:
    schema(new, "Thing")["properties"]["created_at"]["type"] = ["string", "null"]


@rule(B, "schema Thing: property `note` no longer required")
def response_field_no_longer_required(old: Json, new: Json) -> None:
    schema(new, "Thing")["required"].remove("note")


@rule(B, 'schema State: enum value "archived" added')
def response_enum_value_added(old: Json, new: Json) -> None:
    schema(new, "State")["enum"].append("archived")


@rule(B, 'schema Kind: enum value "huge" added (breaking in: createThing response 201, listThings')
def shared_enum_value_added(old: Json, new: Json) -> None:
    # Kind is sent (query parameter) and received (Thing.kind): the response side decides.
    schema(new, "Kind")["enum"].append("huge")


@rule(B, "schema Name: pattern '^[a-z]+$' → '^[a-c]+$' (narrower)")
def narrower_pattern(old: Json, new: Json) -> None:
    schema(new, "Name")["pattern"] = "^[a-c]+$"


@rule(B, "schema Name: pattern '^[a-z]+$' → '^[a-z]{2,}$' (narrower)")
def narrower_pattern_count(old: Json, new: Json) -> None:
    schema(new, "Name")["pattern"] = "^[a-z]{2,}$"


@rule(B, "(may be narrower: not provably wider)")
def undecided_pattern(old: Json, new: Json) -> None:
    schema(new, "Name")["pattern"] = "^[a-z]+(-[a-z]+)*$"


@rule(B, "schema NewThing.size: pattern '^[0-9]+$' added (narrower)")
def pattern_added(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"] = {"type": "string", "pattern": "^[0-9]+$"}
    schema(old, "NewThing")["properties"]["size"] = {"type": "string"}


@rule(B, "schema Name: `maxLength` lowered from 64 to 32 (narrower)")
def narrower_max_length(old: Json, new: Json) -> None:
    schema(new, "Name")["maxLength"] = 32


@rule(B, "schema Name: `minLength` raised from 1 to 3 (narrower)")
def narrower_min_length(old: Json, new: Json) -> None:
    schema(new, "Name")["minLength"] = 3


@rule(B, "schema NewThing.size: `maximum` lowered from 100 to 50 (narrower)")
def narrower_maximum(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["maximum"] = 50


@rule(B, "schema NewThing.size: `minimum` raised from 0 to 1 (narrower)")
def narrower_minimum(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["minimum"] = 1


@rule(B, "schema NewThing.size: `exclusiveMaximum` 100 added (narrower)")
def exclusive_maximum_added(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["exclusiveMaximum"] = 100


@rule(B, "schema NewThing.size: `multipleOf` 5 → 10 (narrower)")
def narrower_multiple_of(old: Json, new: Json) -> None:
    schema(old, "NewThing")["properties"]["size"]["multipleOf"] = 5
    schema(new, "NewThing")["properties"]["size"]["multipleOf"] = 10


@rule(B, "path parameter `thing_id`: `minimum` raised from 1 to 5 (narrower)")
def narrower_parameter_range(old: Json, new: Json) -> None:
    operation(new, THING, "delete")["parameters"][0]["schema"]["minimum"] = 5


@rule(B, "schema NewThing.note: `maxLength` lowered from 200 to 100 (narrower)")
def narrower_limit_on_a_field_in_both_directions(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["note"]["maxLength"] = 100
    schema(new, "Thing")["properties"]["note"]["maxLength"] = 100


@rule(B, "additional properties any → none (narrower)")
def additional_properties_refused(old: Json, new: Json) -> None:
    del schema(old, "NewThing")["additionalProperties"]


@rule(B, "schema NewThing.size: default 10 → 20")
def request_default_changed(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["default"] = 20


@rule(B, "POST /things/ (createThing): success status 201 → 200")
def changed_success_status(old: Json, new: Json) -> None:
    responses = operation(new, THINGS, "post")["responses"]
    responses["200"] = responses.pop("201")


@rule(B, "success status 204 → 202, 204")
def added_success_status(old: Json, new: Json) -> None:
    operation(new, THING, "delete")["responses"]["202"] = {"description": "Accepted."}


@rule(B, "DELETE /things/{thing_id}/ (deleteThing): error response 404 removed")
def removed_error_response(old: Json, new: Json) -> None:
    del operation(new, THING, "delete")["responses"]["404"]


@rule(B, "response NotFound: response body removed")
def removed_error_body(old: Json, new: Json) -> None:
    del new["components"]["responses"]["NotFound"]["content"]


@rule(B, "media type application/json removed")
def removed_media_type(old: Json, new: Json) -> None:
    content = operation(new, THINGS, "get")["responses"]["200"]["content"]
    content["application/xml"] = content.pop("application/json")


@rule(B, "header `x-total` removed")
def removed_response_header(old: Json, new: Json) -> None:
    del operation(new, THINGS, "get")["responses"]["200"]["headers"]


@rule(B, "header `x-total`: no longer always sent")
def response_header_made_optional(old: Json, new: Json) -> None:
    operation(new, THINGS, "get")["responses"]["200"]["headers"]["X-Total"]["required"] = False


@rule(B, "security token → none")
def operation_security_removed(old: Json, new: Json) -> None:
    operation(new, THINGS, "get")["security"] = []


@rule(B, "security none → token")
def operation_security_added(old: Json, new: Json) -> None:
    operation(old, THINGS, "get")["security"] = []


@rule(B, "security token → key")
def document_security_changed(old: Json, new: Json) -> None:
    new["components"]["securitySchemes"]["key"] = {"type": "apiKey", "in": "header", "name": "K"}
    new["security"] = [{"key": []}]


@rule(B, "security token → token [things:write]")
def security_scope_added(old: Json, new: Json) -> None:
    operation(new, THINGS, "post")["security"] = [{"token": ["things:write"]}]


@rule(B, "security scheme token: `scheme` bearer → basic")
def security_scheme_changed(old: Json, new: Json) -> None:
    new["components"]["securitySchemes"]["token"]["scheme"] = "basic"


@rule(B, "security scheme key: removed")
def security_scheme_removed(old: Json, new: Json) -> None:
    old["components"]["securitySchemes"]["key"] = {"type": "apiKey", "in": "header", "name": "K"}


@rule(B, "operationId listThings → findThings")
def operation_id_changed(old: Json, new: Json) -> None:
    operation(new, THINGS, "get")["operationId"] = "findThings"


@rule(B, "tags ['Things'] → ['Boxes']")
def operation_tags_changed(old: Json, new: Json) -> None:
    operation(new, THINGS, "get")["tags"] = ["Boxes"]


@rule(B, "now refers to schema Label instead of schema Name (a renamed model)")
def schema_renamed(old: Json, new: Json) -> None:
    schemas = new["components"]["schemas"]
    schemas["Label"] = schemas.pop("Name")
    for holder in (schemas["Thing"], schemas["NewThing"]):
        holder["properties"]["name"] = {"$ref": "#/components/schemas/Label"}


@rule(B, "schema Name: removed (with the type generated from it)")
def schema_removed(old: Json, new: Json) -> None:
    for holder in (schema(new, "Thing"), schema(new, "NewThing")):
        holder["properties"]["name"] = {"type": "string"}
    del new["components"]["schemas"]["Name"]


@rule(B, "`style` default → form (serialization)")
def parameter_style_changed(old: Json, new: Json) -> None:
    operation(new, THINGS, "get")["parameters"][0]["style"] = "form"


@rule(B, "default server https://api.example.test → https://eu.example.test (the layer's")
def default_server_changed(old: Json, new: Json) -> None:
    new["servers"].insert(0, {"url": "https://eu.example.test"})


@rule(B, "server https://api.example.test removed")
def server_removed(old: Json, new: Json) -> None:
    new["servers"] = [{"url": "https://api.other.test"}]


@rule(B, "`not` added (no rule classifies it: treated as breaking)")
def unknown_keyword(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["not"] = {"const": 13}


@rule(B, "`oneOf` variant schema Colour removed")
def one_of_variant_removed(old: Json, new: Json) -> None:
    variants = [{"$ref": "#/components/schemas/Kind"}, {"$ref": "#/components/schemas/Colour"}]
    schema(old, "NewThing")["properties"]["shade"] = {"oneOf": variants}
    schema(new, "NewThing")["properties"]["shade"] = {"oneOf": variants[:1]}


@rule(B, "schema Thing.labels[]: type string → integer")
def array_item_type_change(old: Json, new: Json) -> None:
    schema(new, "Thing")["properties"]["labels"]["items"]["type"] = "integer"


@rule(B, "schema ThingCreated: property `message` removed")
def removed_field_of_all_of_part(old: Json, new: Json) -> None:
    part = schema(new, "ThingCreated")["allOf"][1]
    part["properties"] = {}
    part["required"] = []


@rule(B, "schema ThingCreated: property `labels` removed")
def all_of_parts_changed(old: Json, new: Json) -> None:
    # The parts no longer line up: compared as one merged schema, so moving `id` into the
    # inline part is no change and only what really went is reported.
    thing = copy.deepcopy(schema(new, "Thing"))
    del thing["properties"]["labels"]
    schema(new, "ThingCreated")["allOf"] = [thing, schema(new, "ThingCreated")["allOf"][1]]


@rule(B, "schema Box: `maxProperties` 3 added (narrower) (breaking in: no operation uses it)")
def unused_schema_changed(old: Json, new: Json) -> None:
    # No operation says which way Box travels, so it is judged both ways: the worse one counts.
    old["components"]["schemas"]["Box"] = {"type": "object"}
    new["components"]["schemas"]["Box"] = {"type": "object", "maxProperties": 3}


@rule(B, "schema NewThing.size: `readOnly` False → True")
def read_only_changed(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["readOnly"] = True


# --- non-breaking ---------------------------------------------------------------------------


@rule(N, "GET /things/{thing_id}/: operation added")
def new_operation(old: Json, new: Json) -> None:
    new["paths"][THING]["get"] = {
        "operationId": "getThing",
        "parameters": operation(new, THING, "delete")["parameters"],
        "responses": {"200": {"description": "The thing."}},
    }


@rule(N, "GET /boxes/: operation added")
def new_path(old: Json, new: Json) -> None:
    get = {"operationId": "listBoxes", "responses": {"200": {"description": "Boxes."}}}
    new["paths"]["/boxes/"] = {"get": get}


@rule(N, "schema NewThing: optional property `owner` added")
def new_optional_request_field(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["owner"] = {"type": "string"}


@rule(N, "schema Thing: property `owner` added")
def new_response_field(old: Json, new: Json) -> None:
    schema(new, "Thing")["properties"]["owner"] = {"type": "string"}
    schema(new, "Thing")["required"].append("owner")


@rule(N, "optional query parameter `limit` added")
def new_optional_parameter(old: Json, new: Json) -> None:
    parameter = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    operation(new, THINGS, "get")["parameters"].append(parameter)


@rule(N, "query parameter `kind`: no longer required")
def parameter_no_longer_required(old: Json, new: Json) -> None:
    operation(old, THINGS, "get")["parameters"][0]["required"] = True


@rule(N, "schema NewThing: property `name` no longer required")
def request_field_no_longer_required(old: Json, new: Json) -> None:
    schema(new, "NewThing")["required"] = []


@rule(N, "optional request body added")
def new_optional_request_body(old: Json, new: Json) -> None:
    body = {"content": {"application/json": {"schema": {"type": "object"}}}}
    operation(new, THING, "delete")["requestBody"] = body


# Name is sent (createThing) and received (Thing.name): a wider limit is fine for the server to
# accept, but lets it send names clients were promised they would never see.
@rule(
    B,
    "schema Name: `maxLength` raised from 64 to 128 (wider)" + SHARED_RESPONSES,
)
def widened_max_length(old: Json, new: Json) -> None:
    schema(new, "Name")["maxLength"] = 128


@rule(
    B,
    "schema Name: `minLength` 1 removed (wider)" + SHARED_RESPONSES,
)
def removed_min_length(old: Json, new: Json) -> None:
    del schema(new, "Name")["minLength"]


@rule(N, "schema NewThing.size: `maximum` raised from 100 to 1000 (wider)")
def widened_maximum(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["maximum"] = 1000


@rule(N, "schema NewThing.size: `multipleOf` 10 → 5 (wider)")
def wider_multiple_of(old: Json, new: Json) -> None:
    schema(old, "NewThing")["properties"]["size"]["multipleOf"] = 10
    schema(new, "NewThing")["properties"]["size"]["multipleOf"] = 5


@rule(
    B,
    "schema Name: pattern '^[a-z]+$' → '^[a-z0-9_-]+$' (wider)" + SHARED_RESPONSES,
)
def widened_pattern(old: Json, new: Json) -> None:
    schema(new, "Name")["pattern"] = "^[a-z0-9_-]+$"


@rule(
    B,
    "schema Name: pattern '^[a-z]+$' removed (wider)" + SHARED_RESPONSES,
)
def removed_pattern(old: Json, new: Json) -> None:
    del schema(new, "Name")["pattern"]


@rule(N, "schema NewThing.size: type integer → number (wider)")
def request_type_widened(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["type"] = "number"


@rule(N, "schema NewThing.size: now nullable (wider)")
def request_field_now_nullable(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["type"] = ["integer", "null"]


@rule(N, "schema Thing.note: no longer nullable (narrower)")
def response_field_no_longer_nullable(old: Json, new: Json) -> None:
    schema(new, "Thing")["properties"]["note"]["type"] = "string"


@rule(N, 'schema Colour: enum value "green" added')
def request_enum_value_added(old: Json, new: Json) -> None:
    schema(new, "Colour")["enum"].append("green")


@rule(N, "schema Thing.labels: `maxItems` lowered from 5 to 3 (narrower)")
def response_limit_narrowed(old: Json, new: Json) -> None:
    schema(new, "Thing")["properties"]["labels"]["maxItems"] = 3


@rule(N, "schema Thing: property `state` now required")
def response_field_made_required(old: Json, new: Json) -> None:
    schema(old, "Thing")["required"].remove("state")


@rule(N, "additional properties none → any (wider)")
def additional_properties_accepted(old: Json, new: Json) -> None:
    del schema(new, "NewThing")["additionalProperties"]


@rule(N, "error response 409 added")
def new_error_response(old: Json, new: Json) -> None:
    responses = operation(new, THINGS, "post")["responses"]
    responses["409"] = {"$ref": "#/components/responses/BadRequest"}


@rule(N, "header `x-page` added")
def new_response_header(old: Json, new: Json) -> None:
    headers = operation(new, THINGS, "get")["responses"]["200"]["headers"]
    headers["X-Page"] = {"schema": {"type": "integer"}}


@rule(N, "media type application/xml added")
def new_media_type(old: Json, new: Json) -> None:
    content = operation(new, THINGS, "get")["responses"]["200"]["content"]
    content["application/xml"] = content["application/json"]


@rule(N, "security token → key or token (another way to authenticate)")
def security_alternative_added(old: Json, new: Json) -> None:
    new["components"]["securitySchemes"]["key"] = {"type": "apiKey", "in": "header", "name": "K"}
    new["security"] = [{"token": []}, {"key": []}]


@rule(N, "security scheme key: added")
def security_scheme_added(old: Json, new: Json) -> None:
    new["components"]["securitySchemes"]["key"] = {"type": "apiKey", "in": "header", "name": "K"}


@rule(N, "(listThings): now deprecated")
def operation_deprecated(old: Json, new: Json) -> None:
    operation(new, THINGS, "get")["deprecated"] = True


@rule(N, "schema NewThing.size: now deprecated")
def field_deprecated(old: Json, new: Json) -> None:
    schema(new, "NewThing")["properties"]["size"]["deprecated"] = True


@rule(N, "schema Box: added")
def new_schema(old: Json, new: Json) -> None:
    new["components"]["schemas"]["Box"] = {"type": "object", "properties": {}}


@rule(N, "server https://eu.example.test added")
def server_added(old: Json, new: Json) -> None:
    new["servers"].append({"url": "https://eu.example.test"})


@rule(N, "link `delete` changed")
def link_changed(old: Json, new: Json) -> None:
    link = operation(new, THINGS, "post")["responses"]["201"]["links"]["delete"]
    link["parameters"] = {"thing_id": "$response.body#/name"}


@rule(N, "schema NewThing.labels[]: `anyOf` variant #1 added")
def any_of_variant_added_in_request(old: Json, new: Json) -> None:
    # In a response a new variant is a wider type: breaking. Here it is asserted as a request.
    old_labels = schema(old, "NewThing")["properties"]
    old_labels["labels"] = {"type": "array", "items": {"anyOf": [{"type": "string"}]}}
    new_labels = schema(new, "NewThing")["properties"]
    new_labels["labels"] = {
        "type": "array",
        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    }


@rule(N, "OpenAPI version 3.1.0 → 3.1.1")
def openapi_version_changed(old: Json, new: Json) -> None:
    new["openapi"] = "3.1.1"


# --- documentation only ---------------------------------------------------------------------


@rule(D, "schema Kind: `description` changed")
def schema_description_changed(old: Json, new: Json) -> None:
    schema(new, "Kind")["description"] = "How big a thing is."


@rule(D, "schema Name: `examples` changed")
def schema_examples_changed(old: Json, new: Json) -> None:
    schema(new, "Name")["examples"] = ["crate"]


@rule(D, "(listThings): `summary` changed")
def operation_summary_changed(old: Json, new: Json) -> None:
    operation(new, THINGS, "get")["summary"] = "List every thing"


@rule(D, "query parameter `kind`: `description` changed")
def parameter_description_changed(old: Json, new: Json) -> None:
    operation(new, THINGS, "get")["parameters"][0]["description"] = "A kind."


@rule(D, "path parameter `thing_id`: `example` changed")
def parameter_example_changed(old: Json, new: Json) -> None:
    operation(new, THING, "delete")["parameters"][0]["example"] = 8


@rule(D, "example SmallThing: changed")
def component_example_changed(old: Json, new: Json) -> None:
    new["components"]["examples"]["SmallThing"]["value"]["name"] = "crate"


@rule(D, "example `large` added")
def body_example_added(old: Json, new: Json) -> None:
    media = operation(new, THINGS, "post")["requestBody"]["content"]["application/json"]
    media["examples"]["large"] = {"value": {"name": "crate", "kind": "large"}}


@rule(D, "response Unauthorized: `description` changed")
def response_description_changed(old: Json, new: Json) -> None:
    new["components"]["responses"]["Unauthorized"]["description"] = "Missing token."


@rule(D, "info: `title` changed")
def info_title_changed(old: Json, new: Json) -> None:
    new["info"]["title"] = "The Things API"


@rule(D, "info: `x-things-per-box` added")
def info_extension_added(old: Json, new: Json) -> None:
    new["info"]["x-things-per-box"] = 5


@rule(D, "info: `x-things-per-box` removed")
def info_extension_removed(old: Json, new: Json) -> None:
    old["info"]["x-things-per-box"] = 5


@rule(D, "info: `x-things-per-box` changed")
def info_extension_changed(old: Json, new: Json) -> None:
    old["info"]["x-things-per-box"] = 5
    new["info"]["x-things-per-box"] = 6


@rule(D, "tags: tag `Things` changed")
def tag_description_changed(old: Json, new: Json) -> None:
    new["tags"][0]["description"] = "Things."


@rule(D, "schema Name: pattern '^[a-z]+$' → '^[a-z]{1,}$' (same strings)")
def pattern_rewritten(old: Json, new: Json) -> None:
    schema(new, "Name")["pattern"] = "^[a-z]{1,}$"


@rule(D, "security scheme token: `description` changed")
def security_scheme_description_changed(old: Json, new: Json) -> None:
    new["components"]["securitySchemes"]["token"]["description"] = "A token."


@rule(D, "link `delete` description changed")
def link_description_changed(old: Json, new: Json) -> None:
    link = operation(new, THINGS, "post")["responses"]["201"]["links"]["delete"]
    link["description"] = "Delete the new thing."


@rule(D, "schema Thing: extension `x-internal` added")
def extension_added(old: Json, new: Json) -> None:
    schema(new, "Thing")["x-internal"] = True


@functools.cache
def _validate(text: str) -> None:
    validate(json.loads(text))


@pytest.mark.parametrize(("mutation", "level", "expected"), RULES)
def test_rule(mutation: Mutation, level: Level, expected: str) -> None:
    old, new = base(), base()
    mutation(old, new)
    for document in (old, new):  # the pairs are real documents, so the rules see real input
        _validate(json.dumps(document, sort_keys=True))
    entries = compare(old, new)
    lines = [f"{entry.level.name}: {entry.line()}" for entry in entries]
    assert any(entry.level is level and expected in entry.line() for entry in entries), lines
    assert highest(entries) is level, lines


def test_every_class_has_rules() -> None:
    assert {level: LEVELS.count(level) > 5 for level in Level} == dict.fromkeys(Level, True)


def test_the_same_document_has_no_change() -> None:
    assert compare(base(), base()) == []


@pytest.mark.parametrize("version", ["1.0.1", "1.1.0", "0.9.0"])
def test_info_version_alone_is_no_change_within_a_major_version(version: str) -> None:
    # A lower version is the version gate's to refuse (test_versioning.py).
    new = base()
    new["info"]["version"] = version
    assert compare(base(), new) == []


def test_a_shared_schema_change_is_one_entry_naming_where_it_decides() -> None:
    old, new = base(), base()
    schema(new, "Name")["maxLength"] = 32
    (entry,) = compare(old, new)
    assert entry.where == "schema Name"
    assert entry.level is Level.BREAKING
    assert entry.contexts == ("createThing request body",)


def test_a_renamed_path_parameter_is_a_parameter_change_not_a_new_operation() -> None:
    old, new = base(), base()
    item = new["paths"].pop(THING)
    item["delete"]["parameters"][0]["name"] = "id"
    new["paths"]["/things/{id}/"] = item
    item["delete"]["parameters"][0]["name"] = "id"
    whats = sorted(entry.what for entry in compare(old, new))
    assert whats == [
        "path parameter `thing_id` removed (an argument of the layer's "
        "SnapshotsClient.delete_thing)",
        "required path parameter `id` added",
    ]


def test_a_change_in_an_all_of_part_is_reported_once_under_the_part() -> None:
    old, new = base(), base()
    del schema(new, "Thing")["properties"]["labels"]
    (entry,) = compare(old, new)
    assert (entry.where, entry.what) == ("schema Thing", "property `labels` removed")
    assert entry.contexts == ("createThing response 201", "listThings response 200")


def test_a_schema_used_only_by_a_removed_operation_is_still_compared() -> None:
    old, new = base(), base()
    del new["paths"][THINGS]["post"]
    schema(new, "Colour")["enum"].append("green")
    entries = {(e.where, e.what): e for e in compare(old, new)}
    removed = "operation removed (with the layer's SnapshotsClient.create_thing (Python, and "
    removed += "AsyncSnapshotsClient's), SnapshotsClient.createThing (TypeScript), "
    removed += "SnapshotsClient.CreateThing (Go), SnapshotsClient.createThing (Java) and "
    removed += "SnapshotsClient.create_thing (Rust))"
    assert entries[("POST /things/", removed)].level is Level.BREAKING
    colour = entries[("schema Colour", 'enum value "green" added')]
    assert colour.level is Level.BREAKING  # judged both ways: as a response it would break
    assert colour.contexts == ("the component (its operations were added or removed)",)


def test_a_recursive_schema_is_compared_without_looping() -> None:
    old, new = base(), base()
    for document in (old, new):
        schema(document, "Thing")["properties"]["parts"] = {
            "type": "array",
            "items": {"$ref": "#/components/schemas/Thing"},
        }
    schema(new, "Thing")["properties"]["id"]["maximum"] = 10
    (entry,) = compare(old, new)
    assert entry.what == "`maximum` 10 added (narrower)"
    assert entry.level is Level.NON_BREAKING
