"""The code samples are made from the document's examples, one per language per operation, and
read the token and the base URL from the environment."""

from __future__ import annotations

import ast
import copy
import json
import re
import shlex
from typing import Any

import pytest
import yaml

from scripts import code_samples, targets
from scripts.targets.go import module_path as go_module_path
from snapshots_mock.seed_facts import PAGE_LATEST_SNAPSHOT, PAGE_SERVER, TOKEN
from tests.openapi_document import ROOT
from tests.targets import of

SOURCE = code_samples.load_document()
OPERATION_IDS = [
    operation["operationId"] for item in SOURCE["paths"].values() for operation in item.values()
]

# The original page's cURL examples, word for word (transcribed once, in
# tests/mock/page_examples.yaml): the cURL renderer writes the same, but for the token and the
# base URL, which it takes from the environment.
PAGES = yaml.safe_load((ROOT / "tests" / "mock" / "page_examples.yaml").read_text(encoding="utf-8"))
SEED_CURL = {
    operation_id: example["curl"]
    .rstrip("\n")
    .replace(f"Bearer {TOKEN}", "Bearer $VPS_API_TOKEN")
    .replace(f'"{PAGES["host"]}', f'"${{VPS_API_BASE_URL:-{PAGES["host"]}}}')
    for operation_id, example in PAGES["examples"].items()
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
    assert labels == ["cURL", *(target.samples.label for target in targets.TARGETS.values())]
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
    for label in (language.label for language in code_samples.LANGUAGES.values()):
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
        f'curl -X GET "${{VPS_API_BASE_URL:-https://admin.vps.org}}/api/v1/snapshots/{SNAPSHOT}/"'
    )
    assert f"answer = api.get_snapshot(snapshot_id={SNAPSHOT})" in samples["Python"]
    assert f"const answer = await api.getSnapshot({SNAPSHOT});" in samples["TypeScript"]
    assert f"answer, err := api.GetSnapshot(context.Background(), {SNAPSHOT})" in samples["Go"]
    assert f"var answer = api.getSnapshot({SNAPSHOT}L);" in samples["Java"]
    assert f"let answer = api.get_snapshot({SNAPSHOT}).await;" in samples["Rust"]


@pytest.mark.parametrize("language", list(code_samples.LANGUAGES))
def test_every_sample_reads_the_token_and_the_base_url_from_the_environment(
    language: str,
) -> None:
    # The tests run the published text as it is, with only these two set by the environment.
    for operation_id in OPERATION_IDS:
        source = code_samples.render(operation_id, language)
        assert TOKEN not in source  # no token to replace in the code
        assert "YOUR_API_TOKEN" not in source
        assert source.count("VPS_API_TOKEN") == 1
        assert source.count("VPS_API_BASE_URL") == 1
        # The production server is only the default, named once.
        assert source.count("admin.vps.org") == 1


def test_the_default_base_url_is_the_documents_server() -> None:
    document = copy.deepcopy(SOURCE)
    document["servers"][0]["url"] = "https://api.example.test"
    for language in code_samples.LANGUAGES:
        source = code_samples.render("listSnapshots", language, document=document)
        assert "https://api.example.test" in source
        assert "admin.vps.org" not in source


def test_curl_body_survives_shell_quoting() -> None:
    document = copy.deepcopy(SOURCE)
    request = document["components"]["examples"]["SnapshotCreateRequestSeed"]["value"]
    request["description"] = 'it\'s "quoted" and $HOME stays text'
    source = code_samples.render("createSnapshot", "curl", document=document)
    words = _curl_words(source)
    assert words[:3] == ["curl", "-X", "POST"]
    assert json.loads(words[words.index("-d") + 1]) == request


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_python_sample_is_valid_python_using_the_layer(operation_id: str) -> None:
    source = code_samples.render(operation_id, "python")
    compile(source, f"<{operation_id} sample>", "exec")
    assert "from vps_snapshots_client import APIStatusError, SnapshotsClient\n" in source
    assert f"api.{_snake(operation_id)}(" in source
    assert "AuthenticatedClient" not in source
    assert "sync_detailed" not in source
    assert 'sys.exit(f"refused: {error.status} {error.code}")' in source


def test_python_sample_passes_parameters_and_body_fields_by_name() -> None:
    assert (
        "    try:\n"
        f"        answer = api.restore_snapshot(snapshot_id={SNAPSHOT})\n"
        "    except APIStatusError as error:\n"
    ) in code_samples.render("restoreSnapshot", "python")
    source = code_samples.render("listSnapshots", "python")
    assert f"        answer = api.list_snapshots(server_id={SERVER})\n" in source
    assert source.endswith("\nprint(json.dumps(answer.to_dict(), indent=2))")
    source = code_samples.render("deleteSnapshot", "python")
    assert f"        api.delete_snapshot(snapshot_id={SNAPSHOT})\n" in source
    assert source.endswith('\nprint("done")')
    assert "import json" not in source
    source = code_samples.render("createSnapshot", "python")
    assert source.startswith("import json\nimport os\nimport sys\n\n")
    assert (
        "with SnapshotsClient(\n"
        '    base_url=os.environ.get("VPS_API_BASE_URL", "https://admin.vps.org"),\n'
        '    token=os.environ["VPS_API_TOKEN"],\n'
        ") as api:\n"
    ) in source


def test_python_request_body_is_the_example() -> None:
    tree = ast.parse(code_samples.render("createSnapshot", "python"))
    [call] = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "create_snapshot"
    ]
    fields = {keyword.arg: ast.literal_eval(keyword.value) for keyword in call.keywords}
    assert fields == SOURCE["components"]["examples"]["SnapshotCreateRequestSeed"]["value"]


def test_typescript_sample_passes_the_example_values() -> None:
    source = code_samples.render("restoreSnapshot", "typescript")
    assert f"  const answer = await api.restoreSnapshot({SNAPSHOT});\n" in source
    source = code_samples.render("listSnapshots", "typescript")
    assert f"  const answer = await api.listSnapshots({SERVER});\n" in source
    source = code_samples.render("createSnapshot", "typescript")
    assert "  const answer = await api.createSnapshot({\n" in source
    assert "    name: 'before-update-snapshot',\n" in source


def test_typescript_sample_uses_the_layer_with_the_environments_token() -> None:
    source = code_samples.render("restoreSnapshot", "typescript")
    assert source.startswith(
        "import { APIStatusError, SnapshotsClient } from '@vps-org/snapshots-client';\n\n"
        "const api = new SnapshotsClient({\n"
        "  baseUrl: process.env.VPS_API_BASE_URL ?? 'https://admin.vps.org',\n"
        "  token: process.env.VPS_API_TOKEN ?? '',\n"
        "});\n"
    )
    assert "  console.log(JSON.stringify(answer, null, 2));\n" in source
    assert source.endswith(
        "} catch (error) {\n"
        "  if (!(error instanceof APIStatusError)) throw error;\n"
        "  console.error(`refused: ${error.status} ${error.code}`);\n"
        "  process.exitCode = 1;\n"
        "}"
    )


def test_typescript_sample_of_a_body_less_answer_prints_done() -> None:
    source = code_samples.render("deleteSnapshot", "typescript")
    assert f"  await api.deleteSnapshot({SNAPSHOT});\n  console.log('done');\n" in source


def test_typescript_call_without_parameters_passes_none() -> None:
    document = copy.deepcopy(SOURCE)
    del document["paths"]["/api/v1/snapshots/"]["get"]["parameters"]
    source = code_samples.render("listSnapshots", "typescript", document=document)
    assert "  const answer = await api.listSnapshots();\n" in source


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


# The getting-started page's install table: a row per language, its last column what the samples
# need besides the client (in backticks).
GETTING_STARTED = (ROOT / "docs" / "reference" / "getting-started.md").read_text(encoding="utf-8")
# What each target's sample imports: the registry's, Go's with the /vN of the document's version.
CLIENTS = {name: target.package.imports for name, target in targets.TARGETS.items()} | {
    "go": go_module_path(str(SOURCE["info"]["version"]))
}


def _install_row(label: str) -> list[str]:
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in GETTING_STARTED.splitlines()
        if line.startswith(f"| {label} ")
    ]
    assert len(rows) == 1, f"the install table has no row of its own for {label}"
    return rows[0]


@pytest.mark.parametrize("language", list(CLIENTS))
def test_the_samples_need_only_the_client_and_what_the_install_table_names(
    language: str,
) -> None:
    label = code_samples.LANGUAGES[language].label
    _, install, also = _install_row(label)
    assert "dist/" in install  # installed from the release bundle
    named = set(re.findall(r"`([^`]+)`", also))
    for operation_id in OPERATION_IDS:
        needed = of(language).sample_imports(code_samples.render(operation_id, language))
        assert CLIENTS[language] in needed, (operation_id, needed)
        assert needed - {CLIENTS[language]} <= named, (operation_id, needed, named)
