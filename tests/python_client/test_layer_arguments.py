"""The layers pass every documented request property through (issue 23): Python's create
arguments are written from the generated request model, and the other layers take that model
whole. (tests/changes/test_a_new_field_flows.py proves it end to end on an edited document.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from vps_snapshots_client import sdk
from vps_snapshots_client.models.snapshot_create_request import SnapshotCreateRequest

from scripts import targets
from scripts.targets.python import LAYER, layer_with_arguments, model_arguments

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
MODEL = """
@_attrs_define
class Request:
    server_id: int
    name: str
    description: None | str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
"""


def test_each_model_property_is_an_argument_optional_ones_defaulting_to_none() -> None:
    assert model_arguments(MODEL, "Request") == [
        "server_id: int,",
        "name: str,",
        "description: str | None = None,",
        "tags: list[str] | None = None,",
    ]


def test_the_layers_argument_block_is_written_from_the_generated_model(tmp_path: Path) -> None:
    (tmp_path / "snapshot_create_request.py").write_text(
        MODEL.replace("class Request", "class SnapshotCreateRequest"), encoding="utf-8"
    )
    written = layer_with_arguments((LAYER / "sdk.py").read_text(encoding="utf-8"), tmp_path)
    blocks = re.findall(r"# arguments of SnapshotCreateRequest.*\n((?:.*\n)*?)\s*# end of", written)
    assert len(blocks) == 2  # the sync and the async client
    for block in blocks:
        assert "tags: list[str] | None = None," in block


def test_a_property_without_an_argument_is_named() -> None:
    with pytest.raises(TypeError, match=r"SnapshotCreateRequest\.description: regenerate"):
        sdk._request_body(SnapshotCreateRequest, {"server_id": 1, "name": "n"})


def test_none_leaves_an_optional_property_out() -> None:
    arguments = {"server_id": 1, "name": "n", "description": None}
    assert sdk._request_body(SnapshotCreateRequest, arguments).to_dict() == {
        "server_id": 1,
        "name": "n",
    }


@pytest.mark.parametrize("target", targets.NAMES)
def test_each_layers_create_method_takes_the_whole_request(target: str) -> None:
    layer_file, takes_the_model = targets.TARGETS[target].tests.layer_create
    # A layer that takes the model's properties one by one (Python's) names `tags` in its pattern;
    # the committed document has no `tags`, so its last argument stands in.
    takes_the_model = takes_the_model.replace(r"tags: list\[str\]", "description: str")
    layer = (GENERATED / target / layer_file).read_text(encoding="utf-8")
    assert re.search(takes_the_model, layer), f"{target}: {layer_file}"
