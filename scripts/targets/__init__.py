"""The one registry of the toolkit's targets: the generated clients and what each needs.

Every part that does something per target reads the list here and nowhere else:
scripts/regenerate.py (the generators), scripts/package_bindings.py and the noxfile (the release
bundle), scripts/code_samples.py (the reference's samples), spec_changes/ (the change report's
names for the generated code and for the layer), and the tests (builds, READMEs, the scenario,
the layer's names). Adding a target is one `Target` below and the target's own files, which
`tests/test_targets.py` checks exist; the same test fails where a module spells the target list
by hand, or compares a value with a target's name (docs/clients.md, "Adding a target").

A target's build-side code is one module of this package, `scripts/targets/<name>.py`: its
generator (`generate(spec, out)`), its packager for dist/ where it has one (`package(dest,
scratch)`), and its code sample renderer (`sample(call, base_url)`); the shared drivers
(scripts/regenerate.py, scripts/package_bindings.py, scripts/code_samples.py) loop over the
registry and call them.

The layers are one contract: `CONCEPTS` lists what every layer offers (the client, its
operations, waiting, the timeouts, retries and "no retries", the errors and their fields), and
each target's `Layer.names` gives its names for each, which docs/clients.md shows as one table
(`contract_table`) and tests/test_targets.py finds declared in each layer's source.

Plain data and the standard library only: the changes session, which installs nothing but
PyYAML, imports it. Code of a target (a generator, a packager, a sample renderer,
a test's build) is named here as ``"module:function"`` and imported where it is used
(`resolve`), so that importing the registry imports no generator or tool: this file imports
none of its package's modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Layer:
    """The target's hand-written layer (docs/clients.md, "The hand-written layer")."""

    # Where it is written (copied into generated/<target>/ by the generator), as globs under ROOT.
    sources: tuple[str, ...]
    # How an operationId becomes the name of the layer's method (spec_changes.layer.CASES).
    method_case: str
    # The classes that carry one method per operation.
    clients: tuple[str, ...]
    # Its name(s) for each concept of CONCEPTS: `Type.member` (Rust `Type::member`) qualifies,
    # a trailing `()` says it is called, a trailing `=` that it is a keyword argument.
    names: Mapping[str, tuple[str, ...]]
    # A regular expression (multi-line) that finds a declaration of `{name}` in the sources: a
    # class, function, method, constant, field, parameter or enum variant.
    declaration: str


@dataclass(frozen=True)
class Package:
    """What `-s build` puts in dist/<folder>/ for the target."""

    folder: str
    # The function that writes it (the target module's `package`, which
    # scripts/package_bindings.py calls), or None where the noxfile's build session makes it with
    # the ecosystem's own packer (uv build, npm pack).
    packager: str | None
    # What a program imports to use the client (Go's path without its /vN, see
    # scripts/targets/go.py).
    imports: str


@dataclass(frozen=True)
class Samples:
    """The target's code sample on the reference page (scripts/code_samples.py)."""

    label: str  # Redoc's x-codeSamples label, the tab's name
    lang: str  # the highlighting language
    renderer: str  # "module:function" that writes the sample's program


@dataclass(frozen=True)
class GeneratedNames:
    """How the generator names what the document declares, for the change report's client
    lines (spec_changes/bindings.py). Templates take, from the names the document gives:
    ``{pascal}``, ``{camel}``, ``{snake}``, ``{upper}`` of the operationId / schema / value,
    ``{tag_pascal}``, ``{tag_snake}`` of the operation's first tag, ``{schema}`` (PascalCase)."""

    operation: str
    model: str
    enum_value: str
    # (type, format) → the field's type; format None is the type's default.
    types: Mapping[tuple[str, str | None], str]
    nullable: str  # the type of a nullable field, ``{}`` the non-null type


@dataclass(frozen=True)
class TestBuilds:
    """How the tests build and run programs against the target."""

    # The target's test module (tests/targets/<name>.py): the functions of
    # tests.targets.TargetTests (its scenario program, programs from sources, its release-bundle
    # folder, a new user's environment, a sample's imports), which the shared tests call.
    module: str
    # The shared scenario program's source folder.
    scenario_folder: str
    # For the end-to-end test of a new field (tests/changes/test_a_new_field_flows.py, which adds
    # an optional `tags` array of strings): the file of generated/<target>/ that declares the
    # create request's model and a regular expression (multi-line) matching `tags` declared in
    # it; then the layer's file and one matching its create method taking that whole model (so
    # every property reaches the wire) or, in Python, taking `tags`.
    new_field: tuple[str, str] = ("", "")
    layer_create: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Target:
    name: str  # generated/<name>/, dist/<name>/, the argument of `-s generate -- <name>`
    label: str  # how the docs and the change report name it
    generator: str  # "module:function" with generate(spec, out)
    config: str  # the generator's configuration and templates: openapi/<target>-client/
    layer: Layer
    package: Package
    samples: Samples
    tests: TestBuilds
    # None where the change report names the generated code through the layer's notes only.
    generated_names: GeneratedNames | None = None
    files: tuple[str, ...] = field(default=())

    def paths(self) -> list[str]:
        """Every file or folder (relative to ROOT) the entry names, which must exist."""
        return [self.config, *self.layer.sources, self.tests.scenario_folder, *self.files]


# --- The layers' contract ---------------------------------------------------------------------

# What every layer offers, in the order of docs/clients.md's table; "operations" rows are added
# per operation of the document (`contract_rows`).
CONCEPTS: dict[str, str] = {
    "client": "the client (made how)",
    "base_url": "another server (the mock)",
    "wait": "wait for a snapshot",
    "wait_server": "wait: poll one server's list",
    "wait_deadline": "wait: deadline",
    "wait_default_deadline": "wait: default deadline (15 min)",
    "wait_poll_interval": "wait: first poll interval (2 s)",
    "timeout": "per-attempt timeout, per client",
    "call_timeout": "per-attempt timeout, one call",
    "default_timeout": "per-attempt timeout's default (30 s)",
    "total_timeout": "total timeout, per client",
    "call_total_timeout": "total timeout, one call",
    "default_total_timeout": "total timeout's default (90 s)",
    "retry_policy": "retries: the policy",
    "retry": "retries, per client",
    "call_retry": "retries, one call",
    "default_retry": "retries' default (3, backoff 0.5 s to 8 s)",
    "max_retries": "retries: how many",
    "no_retries": "no retries",
    "error": "every error's root",
    "status_error": "an error answer",
    "undocumented_status": "a status the document does not list",
    "malformed_response": "a body that is not the document's",
    "connection_error": "no answer",
    "timeout_error": "no answer in time",
    "wait_error": "a wait that did not complete",
    "snapshot_failed": "wait: the snapshot failed",
    "snapshot_gone": "wait: the snapshot is gone",
    "wait_deadline_error": "wait: the deadline passed",
    "field_status": "error answer: HTTP status",
    "field_code": "error answer: code (as sent)",
    "field_error_code": "error answer: code as the document's ErrorCode",
    "field_message": "error answer: the API's message",
    "field_details": "error answer: details",
    "field_headers": "error answer: headers",
    "field_request_id": "error answer: request id (X-Request-Id)",
    "field_body": "error answer: the body as it came",
    "field_method": "error answer: the request's method",
    "field_url": "error answer: the request's URL",
}

_PYTHON_NAMES = {
    "client": ("SnapshotsClient", "AsyncSnapshotsClient"),
    "base_url": ("base_url=",),
    "wait": ("SnapshotsClient.wait_for_snapshot",),
    "wait_server": ("server_id=",),
    "wait_deadline": ("deadline=",),
    "wait_default_deadline": ("DEFAULT_WAIT_DEADLINE",),
    "wait_poll_interval": ("poll_interval=",),
    "timeout": ("timeout=",),
    "call_timeout": ("timeout=",),
    "default_timeout": ("DEFAULT_TIMEOUT",),
    "total_timeout": ("total_timeout=",),
    "call_total_timeout": ("total_timeout=",),
    "default_total_timeout": ("DEFAULT_TOTAL_TIMEOUT",),
    "retry_policy": ("RetryPolicy",),
    "retry": ("retry=",),
    "call_retry": ("retry=", "call_options"),
    "default_retry": ("RetryPolicy()",),
    "max_retries": ("RetryPolicy.max_retries",),
    "no_retries": ("NO_RETRIES",),
    "error": ("SnapshotsError",),
    "status_error": ("APIStatusError",),
    "undocumented_status": ("UndocumentedStatusError",),
    "malformed_response": ("MalformedResponseError",),
    "connection_error": ("APIConnectionError",),
    "timeout_error": ("APITimeoutError",),
    "wait_error": ("WaitError",),
    "snapshot_failed": ("SnapshotFailedError",),
    "snapshot_gone": ("SnapshotGoneError",),
    "wait_deadline_error": ("WaitDeadlineError",),
    "field_status": ("APIStatusError.status",),
    "field_code": ("APIStatusError.code",),
    "field_error_code": ("APIStatusError.error_code",),
    "field_message": ("APIStatusError.message",),
    "field_details": ("APIStatusError.details",),
    "field_headers": ("APIStatusError.headers",),
    "field_request_id": ("APIStatusError.request_id",),
    "field_body": ("APIStatusError.content",),
    "field_method": ("APIStatusError.method",),
    "field_url": ("APIStatusError.url",),
}

_TYPESCRIPT_NAMES = {
    "client": ("SnapshotsClient",),
    "base_url": ("SnapshotsClientOptions.baseUrl",),
    "wait": ("SnapshotsClient.waitForSnapshot",),
    "wait_server": ("WaitOptions.serverId",),
    "wait_deadline": ("WaitOptions.deadlineMs",),
    "wait_default_deadline": ("DEFAULT_WAIT_DEADLINE_MS",),
    "wait_poll_interval": ("WaitOptions.pollIntervalMs",),
    "timeout": ("SnapshotsClientOptions.timeoutMs",),
    "call_timeout": ("CallOptions.timeoutMs",),
    "default_timeout": ("DEFAULT_TIMEOUT_MS",),
    "total_timeout": ("SnapshotsClientOptions.totalTimeoutMs",),
    "call_total_timeout": ("CallOptions.totalTimeoutMs",),
    "default_total_timeout": ("DEFAULT_TOTAL_TIMEOUT_MS",),
    "retry_policy": ("RetryPolicy",),
    "retry": ("SnapshotsClientOptions.retry",),
    "call_retry": ("CallOptions.retry",),
    "default_retry": ("DEFAULT_RETRY_POLICY",),
    "max_retries": ("RetryPolicy.maxRetries",),
    "no_retries": ("NO_RETRIES",),
    "error": ("SnapshotsError",),
    "status_error": ("APIStatusError",),
    "undocumented_status": ("UndocumentedStatusError",),
    "malformed_response": ("MalformedResponseError",),
    "connection_error": ("APIConnectionError",),
    "timeout_error": ("APITimeoutError",),
    "wait_error": ("WaitError",),
    "snapshot_failed": ("SnapshotFailedError",),
    "snapshot_gone": ("SnapshotGoneError",),
    "wait_deadline_error": ("WaitDeadlineError",),
    "field_status": ("APIStatusError.status",),
    "field_code": ("APIStatusError.code",),
    "field_error_code": ("APIStatusError.errorCode",),
    "field_message": ("APIStatusError.apiMessage",),
    "field_details": ("APIStatusError.details",),
    "field_headers": ("APIStatusError.headers",),
    "field_request_id": ("APIStatusError.requestId",),
    "field_body": ("APIStatusError.body",),
    "field_method": ("APIStatusError.method",),
    "field_url": ("APIStatusError.url",),
}

_GO_NAMES = {
    "client": ("SnapshotsClient", "NewSnapshotsClient()"),
    "base_url": ("Config.BaseURL",),
    "wait": ("SnapshotsClient.WaitForSnapshot",),
    "wait_server": ("WaitOptions.ServerID",),
    "wait_deadline": ("WaitOptions.Deadline",),
    "wait_default_deadline": ("DefaultWaitDeadline",),
    "wait_poll_interval": ("WaitOptions.PollInterval",),
    "timeout": ("Config.Timeout",),
    "call_timeout": ("WithCallTimeout",),
    "default_timeout": ("DefaultTimeout",),
    "total_timeout": ("Config.TotalTimeout",),
    "call_total_timeout": ("WithCallTotalTimeout",),
    "default_total_timeout": ("DefaultTotalTimeout",),
    "retry_policy": ("RetryPolicy",),
    "retry": ("Config.Retry",),
    "call_retry": ("WithCallRetry",),
    "default_retry": ("DefaultRetryPolicy()",),
    "max_retries": ("RetryPolicy.MaxRetries",),
    "no_retries": ("NoRetries()",),
    "error": ("SnapshotsError",),
    "status_error": ("APIStatusError",),
    "undocumented_status": ("UndocumentedStatusError",),
    "malformed_response": ("MalformedResponseError",),
    "connection_error": ("APIConnectionError",),
    "timeout_error": ("APITimeoutError",),
    "wait_error": ("WaitError",),
    "snapshot_failed": ("SnapshotFailedError",),
    "snapshot_gone": ("SnapshotGoneError",),
    "wait_deadline_error": ("WaitDeadlineError",),
    "field_status": ("APIStatusError.Status",),
    "field_code": ("APIStatusError.Code",),
    "field_error_code": ("APIStatusError.ErrorCode",),
    "field_message": ("APIStatusError.Message",),
    "field_details": ("APIStatusError.Details",),
    "field_headers": ("APIStatusError.Header",),
    "field_request_id": ("APIStatusError.RequestID",),
    "field_body": ("APIStatusError.Body",),
    "field_method": ("APIStatusError.Method",),
    "field_url": ("APIStatusError.URL",),
}

_JAVA_NAMES = {
    "client": ("SnapshotsClient", "SnapshotsClient.builder()"),
    "base_url": ("Builder.baseUrl",),
    "wait": ("SnapshotsClient.waitForSnapshot",),
    "wait_server": ("WaitOptions.withServerId",),
    "wait_deadline": ("WaitOptions.withDeadline",),
    "wait_default_deadline": ("WaitOptions.DEFAULT_DEADLINE",),
    "wait_poll_interval": ("WaitOptions.withPollInterval",),
    "timeout": ("Builder.timeout",),
    "call_timeout": ("CallOptions.withTimeout",),
    "default_timeout": ("SnapshotsClient.DEFAULT_TIMEOUT",),
    "total_timeout": ("Builder.totalTimeout",),
    "call_total_timeout": ("CallOptions.withTotalTimeout",),
    "default_total_timeout": ("SnapshotsClient.DEFAULT_TOTAL_TIMEOUT",),
    "retry_policy": ("RetryPolicy",),
    "retry": ("Builder.retry",),
    "call_retry": ("CallOptions.withRetry",),
    "default_retry": ("RetryPolicy.DEFAULT",),
    "max_retries": ("RetryPolicy.withMaxRetries",),
    "no_retries": ("RetryPolicy.NO_RETRIES",),
    "error": ("SnapshotsError",),
    "status_error": ("APIStatusError",),
    "undocumented_status": ("UndocumentedStatusError",),
    "malformed_response": ("MalformedResponseError",),
    "connection_error": ("APIConnectionError",),
    "timeout_error": ("APITimeoutError",),
    "wait_error": ("WaitError",),
    "snapshot_failed": ("SnapshotFailedError",),
    "snapshot_gone": ("SnapshotGoneError",),
    "wait_deadline_error": ("WaitDeadlineError",),
    "field_status": ("APIStatusError.getStatus",),
    "field_code": ("APIStatusError.getCode",),
    "field_error_code": ("APIStatusError.getErrorCode",),
    "field_message": ("APIStatusError.getApiMessage",),
    "field_details": ("APIStatusError.getDetails",),
    "field_headers": ("APIStatusError.getHeaders",),
    "field_request_id": ("APIStatusError.getRequestId",),
    "field_body": ("APIStatusError.getBody",),
    "field_method": ("APIStatusError.getMethod",),
    "field_url": ("APIStatusError.getUrl",),
}

_RUST_NAMES = {
    "client": ("SnapshotsClient", "SnapshotsClient::new()"),
    "base_url": ("SnapshotsClient::with_base_url",),
    "wait": ("SnapshotsClient::wait_for_snapshot",),
    "wait_server": ("WaitOptions::server_id",),
    "wait_deadline": ("WaitOptions::deadline",),
    "wait_default_deadline": ("DEFAULT_WAIT_DEADLINE",),
    "wait_poll_interval": ("WaitOptions::poll_interval",),
    "timeout": ("SnapshotsClient::with_timeout",),
    "call_timeout": ("SnapshotsClient::with_timeout",),
    "default_timeout": ("DEFAULT_TIMEOUT",),
    "total_timeout": ("SnapshotsClient::with_total_timeout",),
    "call_total_timeout": ("SnapshotsClient::with_total_timeout",),
    "default_total_timeout": ("DEFAULT_TOTAL_TIMEOUT",),
    "retry_policy": ("RetryPolicy",),
    "retry": ("SnapshotsClient::with_retry",),
    "call_retry": ("SnapshotsClient::with_retry",),
    "default_retry": ("RetryPolicy::DEFAULT",),
    "max_retries": ("RetryPolicy::max_retries",),
    "no_retries": ("RetryPolicy::NO_RETRIES",),
    "error": ("SnapshotsError",),
    "status_error": ("SnapshotsError::Status", "StatusError"),
    "undocumented_status": ("SnapshotsError::UndocumentedStatus",),
    "malformed_response": ("SnapshotsError::MalformedResponse",),
    "connection_error": ("SnapshotsError::Connection",),
    "timeout_error": ("SnapshotsError::Timeout",),
    "wait_error": ("SnapshotsError::is_wait_error()",),
    "snapshot_failed": ("SnapshotsError::SnapshotFailed",),
    "snapshot_gone": ("SnapshotsError::SnapshotGone",),
    "wait_deadline_error": ("SnapshotsError::WaitDeadline",),
    "field_status": ("StatusError::status",),
    "field_code": ("StatusError::code",),
    "field_error_code": ("StatusError::error_code",),
    "field_message": ("StatusError::message",),
    "field_details": ("StatusError::details",),
    "field_headers": ("StatusError::headers",),
    "field_request_id": ("StatusError::request_id",),
    "field_body": ("StatusError::body",),
    "field_method": ("StatusError::method",),
    "field_url": ("StatusError::url",),
}


# --- The targets --------------------------------------------------------------------------------

TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        Target(
            name="python",
            label="Python",
            generator="scripts.targets.python:generate",
            config="openapi/python-client.yaml",
            files=("openapi/python-client-templates",),
            layer=Layer(
                sources=("openapi/python-client-layer/*.py",),
                method_case="openapi-python-client",
                declaration=(
                    r"^\s*(?:async\s+)?def {name}\(|^\s*class {name}\b"
                    r"|^\s*(?:self\.)?{name}\s*[:=]"
                ),
                clients=("SnapshotsClient", "AsyncSnapshotsClient"),
                names=_PYTHON_NAMES,
            ),
            package=Package(folder="python", packager=None, imports="vps_snapshots_client"),
            samples=Samples(
                label="Python", lang="python", renderer="scripts.targets.python:sample"
            ),
            tests=TestBuilds(
                module="tests.targets.python",
                scenario_folder="tests/scenario/python",
                new_field=(
                    "vps_snapshots_client/models/snapshot_create_request.py",
                    r"^    tags: list\[str\] \| Unset = UNSET$",
                ),
                layer_create=(
                    "vps_snapshots_client/sdk.py",
                    r"def create_snapshot\(\n(?:.*\n)*?        tags: list\[str\] \| None = N"
                    r"one,\n",
                ),
            ),
        ),
        Target(
            name="typescript",
            label="TypeScript",
            generator="scripts.targets.typescript:generate",
            config="openapi/typescript-client",
            layer=Layer(
                sources=("openapi/typescript-client/layer/*.ts",),
                method_case="openapi-ts",
                declaration=(
                    r"^\s*export\s+(?:const|function|class|interface|type)\s+{name}\b"
                    r"|^\s*(?:(?:readonly|async|get|static)\s+)*{name}\??\s*[:(]"
                ),
                clients=("SnapshotsClient",),
                names=_TYPESCRIPT_NAMES,
            ),
            package=Package(
                folder="typescript", packager=None, imports="@vps-org/snapshots-client"
            ),
            samples=Samples(
                label="TypeScript",
                lang="typescript",
                renderer="scripts.targets.typescript:sample",
            ),
            tests=TestBuilds(
                module="tests.targets.typescript",
                scenario_folder="tests/scenario/typescript",
                new_field=(
                    "src/types.gen.ts",
                    r"^export type SnapshotCreateRequest = \{\n(?:(?!\}).*\n)*?    tags\?: S"
                    r"napshotTags;$",
                ),
                layer_create=(
                    "src/layer/client.ts",
                    r"async createSnapshot\(body: SnapshotCreateRequest,",
                ),
            ),
        ),
        Target(
            name="go",
            label="Go",
            generator="scripts.targets.go:generate",
            config="openapi/go-client",
            layer=Layer(
                sources=("openapi/go-client/layer/*.go",),
                method_case="pascal",
                declaration=(
                    r"^func (?:\([^)]*\) )?{name}\(|^type {name}\b|^(?:const|var) {name}\b"
                    r"|^\t{name}\s"
                ),
                clients=("SnapshotsClient",),
                names=_GO_NAMES,
            ),
            package=Package(
                folder="go",
                packager="scripts.targets.go:package",
                imports="vps.org/snapshots-client-go",
            ),
            samples=Samples(label="Go", lang="go", renderer="scripts.targets.go:sample"),
            tests=TestBuilds(
                module="tests.targets.go",
                scenario_folder="tests/scenario/go",
                new_field=(
                    "snapshots.gen.go",
                    r"^type SnapshotCreateRequest struct \{\n(?:(?!\}).*\n)*?\tTags \*Snapsh"
                    r'otTags `json:"tags,omitempty"`$',
                ),
                layer_create=(
                    "client.go",
                    r"CreateSnapshot\(ctx context\.Context, request SnapshotCreateRequest,",
                ),
            ),
            generated_names=GeneratedNames(
                operation="ClientWithResponses.{pascal}WithResponse",
                model="{pascal}",
                # oapi-codegen leaves the type's name off a constant when no other name collides.
                enum_value="`{pascal}` (or `{schema}{pascal}`)",
                types={
                    ("integer", None): "int",
                    ("integer", "int32"): "int32",
                    ("integer", "int64"): "int64",
                    ("number", None): "float32",
                    ("number", "float"): "float32",
                    ("number", "double"): "float64",
                    ("string", None): "string",
                    ("string", "date-time"): "time.Time",
                    ("string", "date"): "openapi_types.Date",
                    ("string", "uuid"): "openapi_types.UUID",
                    ("boolean", None): "bool",
                },
                nullable="*{}",
            ),
        ),
        Target(
            name="java",
            label="Java",
            generator="scripts.targets.java:generate",
            config="openapi/java-client",
            layer=Layer(
                sources=("openapi/java-client/layer/*.java",),
                method_case="camel",
                declaration=(
                    r"^\s*public\s+(?:static\s+)?(?:final\s+)?(?:class|interface|enum|record)"
                    r"\s+{name}\b|^\s*public\s+[\w<>\[\], .]*?\b{name}\s*[(=;]"
                ),
                clients=("SnapshotsClient",),
                names=_JAVA_NAMES,
            ),
            package=Package(
                folder="java",
                packager="scripts.targets.java:package",
                imports="org.vps.snapshots",
            ),
            samples=Samples(label="Java", lang="java", renderer="scripts.targets.java:sample"),
            tests=TestBuilds(
                module="tests.targets.java",
                scenario_folder="tests/scenario/java",
                new_field=(
                    "src/main/java/org/vps/snapshots/model/SnapshotCreateRequest.java",
                    r"^  public SnapshotCreateRequest tags\(@javax\.annotation\.Nullable Lis"
                    r"t<String> tags\)",
                ),
                layer_create=(
                    "src/main/java/org/vps/snapshots/sdk/SnapshotsClient.java",
                    r"public SnapshotCreated createSnapshot\(SnapshotCreateRequest request, "
                    r"CallOptions",
                ),
            ),
            generated_names=GeneratedNames(
                operation="{tag_pascal}Api.{camel}",
                model="model.{pascal}",
                enum_value="`{schema}.{upper}`",
                types={
                    ("integer", None): "Integer",
                    ("integer", "int32"): "Integer",
                    ("integer", "int64"): "Long",
                    ("number", None): "BigDecimal",
                    ("number", "float"): "Float",
                    ("number", "double"): "Double",
                    ("string", None): "String",
                    ("string", "date-time"): "OffsetDateTime",
                    ("string", "date"): "LocalDate",
                    ("string", "uuid"): "UUID",
                    ("boolean", None): "Boolean",
                },
                nullable="{}",
            ),
        ),
        Target(
            name="rust",
            label="Rust",
            generator="scripts.targets.rust:generate",
            config="openapi/rust-client",
            layer=Layer(
                sources=("openapi/rust-client/layer/*.rs",),
                method_case="snake",
                declaration=(
                    r"^\s*pub\s+(?:async\s+)?(?:fn|struct|enum|trait|type|const)\s+{name}\b"
                    r"|^\s*(?:pub\s+)?{name}\s*[:({,]"
                ),
                clients=("SnapshotsClient",),
                names=_RUST_NAMES,
            ),
            package=Package(
                folder="rust",
                packager="scripts.targets.rust:package",
                imports="vps_snapshots_client",
            ),
            samples=Samples(label="Rust", lang="rust", renderer="scripts.targets.rust:sample"),
            tests=TestBuilds(
                module="tests.targets.rust",
                scenario_folder="tests/scenario/rust",
                new_field=(
                    "src/models/snapshot_create_request.rs",
                    "^    pub tags: Option<Vec<String>>,$",
                ),
                layer_create=("src/sdk.rs", "request: &models::SnapshotCreateRequest,"),
            ),
            generated_names=GeneratedNames(
                operation="{tag_snake}_api::{snake}",
                model="models::{pascal}",
                enum_value="`{schema}::{pascal}`",
                types={
                    ("integer", None): "i32",
                    ("integer", "int32"): "i32",
                    ("integer", "int64"): "i64",
                    ("number", None): "f64",
                    ("number", "float"): "f32",
                    ("number", "double"): "f64",
                    ("string", None): "String",
                    ("string", "date-time"): "chrono::DateTime<chrono::FixedOffset>",
                    ("string", "date"): "String",
                    ("string", "uuid"): "uuid::Uuid",
                    ("boolean", None): "bool",
                },
                nullable="Option<{}>",
            ),
        ),
    )
}

NAMES: tuple[str, ...] = tuple(TARGETS)


def names(where: Callable[[Target], object] = lambda target: True) -> tuple[str, ...]:
    """The targets' names, in the registry's order, of those for which `where` is true."""
    return tuple(name for name, target in TARGETS.items() if where(target))


def packaged_by_bindings() -> tuple[str, ...]:
    """The targets scripts/package_bindings.py packages (the others: the noxfile's build)."""
    return names(lambda target: target.package.packager is not None)


def with_generated_names() -> list[Target]:
    """The targets whose generated names the change report gives (spec_changes/bindings.py)."""
    return [target for target in TARGETS.values() if target.generated_names is not None]


# --- The tools made on top of the Python client's layer (issue 27) ------------------------------


@dataclass(frozen=True)
class Tool:
    """A target built on the Python client's layer rather than by a generator: the command-line
    tool and the MCP server. What its build names (distribution, command, dist folder,
    dependencies) is in its package's ``target`` module, which the tool's own code and
    scripts/package_tools.py read too; the registry says where that is and how the rest of the
    toolkit meets the tool."""

    label: str  # in the change report's lines ("CLI: `command vps-snapshots list` → ...")
    facts: str  # the module of its build's facts
    summary: str  # its package's one-line description
    # What an operation becomes in it ("command" or "tool") and the "module:function" that names
    # it from an operationId: a renamed operation renames it (spec_changes/bindings.py).
    kind: str
    named: str
    # "module:function" building its program for the shared scenario, or None.
    scenario: str | None


TOOLS: dict[str, Tool] = {
    "cli": Tool(
        label="CLI",
        facts="snapshots_cli.target",
        summary="The VPS.org Snapshots API from a shell, made from its OpenAPI document",
        kind="command",
        named="snapshots_cli.names:command_line",
        scenario="tests.tools.installed:cli_scenario",
    ),
    "mcp": Tool(
        label="MCP",
        facts="snapshots_mcp.target",
        summary="The VPS.org Snapshots API as MCP tools, made from its OpenAPI document",
        kind="tool",
        named="snapshots_cli.names:tool_name",
        scenario=None,
    ),
}


def tool_facts(name: str) -> Any:
    """The tool's ``target`` module (its distribution, command, dist folder, dependencies)."""
    return importlib.import_module(TOOLS[name].facts)


def resolve(reference: str) -> Any:
    """The object a ``"module:function"`` reference of the registry names, imported now."""
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)


def layer_files(target: Target) -> list[Path]:
    return sorted(path for pattern in target.layer.sources for path in ROOT.glob(pattern))


# --- The contract as a table (docs/clients.md) ------------------------------------------------


def _cell(names: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _operation_rows(
    operation_ids: Iterable[str], method: Callable[[Target, str], str]
) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    """One row per operation: each layer's method for it (`method(target, operation_id)`)."""
    return [
        (
            f"operation `{operation_id}`",
            {name: (method(target, operation_id),) for name, target in TARGETS.items()},
        )
        for operation_id in operation_ids
    ]


def contract_rows(
    operation_ids: Iterable[str], method: Callable[[Target, str], str]
) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    """The table's rows: (what, {target: its names}), the operations after the client."""
    rows = [
        (label, {name: target.layer.names[concept] for name, target in TARGETS.items()})
        for concept, label in CONCEPTS.items()
    ]
    return [rows[0], *_operation_rows(operation_ids, method), *rows[1:]]


def contract_table(operation_ids: Iterable[str], method: Callable[[Target, str], str]) -> list[str]:
    """docs/clients.md's table of the layers' names, one Markdown line per row."""
    header = ["", *(target.label for target in TARGETS.values())]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, cells in contract_rows(operation_ids, method):
        lines.append("| " + " | ".join([label, *(_cell(cells[n]) for n in NAMES)]) + " |")
    return lines
