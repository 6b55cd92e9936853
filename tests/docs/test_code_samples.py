"""The code samples are made from the document's examples, one per language per operation."""

from __future__ import annotations

import ast
import copy
import json
import shlex
from typing import Any

import pytest
import yaml

from scripts import code_samples
from snapshots_mock.seed_facts import PAGE_LATEST_SNAPSHOT, PAGE_SERVER, TOKEN
from tests.openapi_document import ROOT

SOURCE = code_samples.load_document()
OPERATION_IDS = [
    operation["operationId"] for item in SOURCE["paths"].values() for operation in item.values()
]

# The original page's cURL examples, word for word (transcribed once, in
# tests/mock/page_examples.yaml): the cURL renderer writes the same.
PAGE_EXAMPLES = yaml.safe_load(
    (ROOT / "tests" / "mock" / "page_examples.yaml").read_text(encoding="utf-8")
)["examples"]
SEED_CURL = {
    operation_id: example["curl"].rstrip("\n") for operation_id, example in PAGE_EXAMPLES.items()
}
# The page's (and the document's) example values: its server, its newest snapshot, its token.
SERVER = str(PAGE_SERVER)
SNAPSHOT = str(PAGE_LATEST_SNAPSHOT)


def _samples(document: Any) -> dict[str, dict[str, str]]:
    return {
        operation_id: {sample["label"]: sample["source"] for sample in samples}
        for operation_id, samples in code_samples.code_samples(document).items()
    }


def _curl_words(source: str) -> list[str]:
    return shlex.split(source.replace("\\\n", " "))


def test_one_sample_per_language_per_operation() -> None:
    samples = code_samples.code_samples(SOURCE)
    assert sorted(samples) == sorted(OPERATION_IDS)
    labels = [language.label for language in code_samples.LANGUAGES.values()]
    assert labels == ["cURL", "Python", "TypeScript", "Go", "Java", "Rust"]
    for operation_id, entries in samples.items():
        assert [entry["label"] for entry in entries] == labels, operation_id
        assert all(entry["source"].strip() for entry in entries)


@pytest.mark.parametrize("operation_id", sorted(SEED_CURL))
def test_curl_sample_is_the_seed_pages(operation_id: str) -> None:
    assert code_samples.render(operation_id, "curl") == SEED_CURL[operation_id]


def test_samples_follow_the_document_examples() -> None:
    # Nothing is written per operation: change the document's examples and every sample follows.
    document = copy.deepcopy(SOURCE)
    document["components"]["parameters"]["SnapshotId"]["example"] = 4242
    document["components"]["parameters"]["ServerIdFilter"]["example"] = 777
    request = document["components"]["examples"]["SnapshotCreateRequestSeed"]["value"]
    request["name"] = "changed-in-a-test"
    before, after = _samples(SOURCE), _samples(document)
    for label in ("cURL", "Python", "TypeScript", "Go", "Java", "Rust"):
        for operation_id in ("restoreSnapshot", "deleteSnapshot"):
            assert SNAPSHOT in before[operation_id][label]
            assert "4242" in after[operation_id][label]
            assert SNAPSHOT not in after[operation_id][label]
        assert "777" in after["listSnapshots"][label]
        assert SERVER not in after["listSnapshots"][label]
        assert "changed-in-a-test" in after["createSnapshot"][label]
        assert "before-update-snapshot" not in after["createSnapshot"][label]


def test_a_new_operation_gets_its_samples() -> None:
    document = copy.deepcopy(SOURCE)
    document["paths"]["/api/v1/snapshots/{snapshot_id}/"]["get"] = {
        "operationId": "getSnapshot",
        "tags": ["Snapshots"],
        "summary": "Get snapshot",
        "parameters": [{"$ref": "#/components/parameters/SnapshotId"}],
        "responses": {"200": {"description": "The snapshot.", "content": {"application/json": {}}}},
    }
    samples = _samples(document)["getSnapshot"]
    assert samples["cURL"].startswith(
        f'curl -X GET "https://admin.vps.org/api/v1/snapshots/{SNAPSHOT}/"'
    )
    assert "from vps_snapshots_client.api.snapshots import get_snapshot" in samples["Python"]
    assert "await getSnapshot({" in samples["TypeScript"]


def test_base_url_and_token_are_parameters() -> None:
    # The tests run the published samples against the mock server by these two arguments.
    base_url, token = "http://127.0.0.1:8765", "mock-token"
    for operation_id in OPERATION_IDS:
        for language in code_samples.LANGUAGES:
            source = code_samples.render(operation_id, language, base_url, token=token)
            assert base_url in source
            assert token in source
            assert "admin.vps.org" not in source
            assert code_samples.TOKEN_PLACEHOLDER not in source


def test_curl_body_survives_shell_quoting() -> None:
    document = copy.deepcopy(SOURCE)
    request = document["components"]["examples"]["SnapshotCreateRequestSeed"]["value"]
    request["description"] = 'it\'s "quoted" and $HOME stays text'
    source = code_samples.render("createSnapshot", "curl", document=document)
    words = _curl_words(source)
    assert words[:3] == ["curl", "-X", "POST"]
    assert json.loads(words[words.index("-d") + 1]) == request


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_python_sample_is_valid_python(operation_id: str) -> None:
    source = code_samples.render(operation_id, "python")
    compile(source, f"<{operation_id} sample>", "exec")
    assert f"from vps_snapshots_client.api.snapshots import {_snake(operation_id)}" in source
    assert "print(response.status_code)" in source
    assert "print(json.dumps(response.parsed.to_dict(), indent=2))" in source


def test_python_sample_calls_the_generated_function_in_its_signatures_order() -> None:
    # Path parameters, then the client, then query parameters and the body (keywords only).
    assert (
        "with client:\n"
        "    response = restore_snapshot.sync_detailed(\n"
        f"        snapshot_id={SNAPSHOT},\n"
        "        client=client,\n"
        "    )\n"
    ) in code_samples.render("restoreSnapshot", "python")
    assert (
        "    response = list_snapshots.sync_detailed(\n"
        "        client=client,\n"
        f"        server_id={SERVER},\n"
        "    )\n"
    ) in code_samples.render("listSnapshots", "python")
    source = code_samples.render("createSnapshot", "python")
    assert "from vps_snapshots_client.models import SnapshotCreateRequest\n" in source
    assert "        client=client,\n        body=SnapshotCreateRequest(\n" in source
    assert source.startswith(
        "import json\n\nfrom vps_snapshots_client import AuthenticatedClient\n"
    )
    assert (
        f'client = AuthenticatedClient(base_url="https://admin.vps.org", token="{TOKEN}")' in source
    )


def test_python_request_body_is_the_example_model() -> None:
    tree = ast.parse(code_samples.render("createSnapshot", "python"))
    [model] = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "SnapshotCreateRequest"
    ]
    fields = {keyword.arg: ast.literal_eval(keyword.value) for keyword in model.keywords}
    assert fields == SOURCE["components"]["examples"]["SnapshotCreateRequestSeed"]["value"]


def test_typescript_sample_passes_the_example_values() -> None:
    source = code_samples.render("restoreSnapshot", "typescript")
    assert f"path: {{ snapshot_id: {SNAPSHOT} }}" in source
    source = code_samples.render("listSnapshots", "typescript")
    assert f"query: {{ server_id: {SERVER} }}" in source
    source = code_samples.render("createSnapshot", "typescript")
    assert "name: 'before-update-snapshot'," in source


def test_typescript_sample_configures_the_packages_client() -> None:
    source = code_samples.render("restoreSnapshot", "typescript")
    assert source.startswith(
        "import { client, restoreSnapshot } from '@vps-org/snapshots-client';\n\n"
        f"client.setConfig({{ baseUrl: 'https://admin.vps.org', auth: '{TOKEN}' }});\n"
    )
    assert "const { data, error, response } = await restoreSnapshot({\n" in source
    assert "if (response === undefined) throw error;" in source
    assert source.endswith(
        "console.log(response.status);\nconsole.log(JSON.stringify(data ?? error, null, 2));"
    )


def test_typescript_sample_of_a_body_less_answer_prints_only_an_error() -> None:
    source = code_samples.render("deleteSnapshot", "typescript")
    assert "const { error, response } = await deleteSnapshot({\n" in source
    assert source.endswith("if (error !== undefined) console.log(JSON.stringify(error, null, 2));")


def test_typescript_call_without_options_passes_none() -> None:
    document = copy.deepcopy(SOURCE)
    del document["paths"]["/api/v1/snapshots/"]["get"]["parameters"]
    source = code_samples.render("listSnapshots", "typescript", document=document)
    assert "const { data, error, response } = await listSnapshots();\n" in source


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


@pytest.mark.parametrize(
    ("version", "module"),
    [
        ("1.3.0", "vps.org/snapshots-client-go"),
        ("2.0.0", "vps.org/snapshots-client-go/v2"),
        ("3.1.4", "vps.org/snapshots-client-go/v3"),
    ],
)
def test_the_go_samples_import_the_module_path_of_the_documents_version(
    version: str, module: str
) -> None:
    # Go's semantic import versioning: the path ends in /vN from major version 2 on.
    document = copy.deepcopy(SOURCE)
    document["info"]["version"] = version
    for operation_id, samples in _samples(document).items():
        assert f'\tsnapshots "{module}"\n' in samples["Go"], operation_id
