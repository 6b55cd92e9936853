"""The Java layer's public names that come from the document are the ones the change report
already gives for Java, so that the report stays true for `SnapshotsClient` users too.

`spec_changes.bindings` names each operation's Java method (`SnapshotsApi.<camel(operationId)>`);
the layer's `SnapshotsClient` (openapi/java-client/layer/) has one method of that same name per
operation, plus `waitForSnapshot`, which polls the operation `spec_changes.layer.WAIT_OPERATION`
with its filter and returns or throws at the statuses the report names for it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from scripts import targets
from spec_changes import bindings, layer
from spec_changes.operations import METHODS

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text(encoding="utf-8"))
JAVA_CLIENT = (ROOT / "openapi" / "java-client" / "layer" / "SnapshotsClient.java").read_text(
    encoding="utf-8"
)
GENERATED_API = ROOT / "generated" / "java" / "src" / "main" / "java" / "org" / "vps"
OWN_METHODS = {"waitForSnapshot", "builder"}


def _operation_ids() -> set[str]:
    return {
        str(item[method]["operationId"])
        for item in DOCUMENT["paths"].values()
        for method in METHODS
        if method in item
    }


def test_each_operation_is_a_java_method_of_the_name_the_report_gives() -> None:
    methods = set(re.findall(r"^    public (?:static )?[\w<>]+ (\w+)\(", JAVA_CLIENT, re.MULTILINE))
    java = targets.TARGETS["java"]
    expected = {layer.method(java, operation_id) for operation_id in _operation_ids()}
    assert expected == {bindings.camel(operation_id) for operation_id in _operation_ids()}
    assert methods - OWN_METHODS == expected
    api = (GENERATED_API / "snapshots" / "api" / "SnapshotsApi.java").read_text(encoding="utf-8")
    for name in expected:
        assert re.search(rf"^  public \w+ {name}\(", api, re.MULTILINE), name


def test_the_wait_helper_polls_the_list_with_its_filter_and_the_statuses_it_names() -> None:
    list_method = bindings.camel(layer.WAIT_OPERATION)
    assert f"{list_method}(options.serverId())" in JAVA_CLIENT
    assert layer.WAIT_FILTER == "server_id"  # WaitOptions.withServerId
    for value in ("completed", "failed"):
        assert f"SnapshotStatus.{bindings.upper_snake(value)}" in JAVA_CLIENT
    assert "new SnapshotFailedError(" in JAVA_CLIENT
