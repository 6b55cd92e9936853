"""The Rust client: cargo clippy -D warnings passes on it, and cargo packs it. (Its README,
install from the release bundle's directory source included, is followed in test_readmes.py.)"""

from __future__ import annotations

from pathlib import Path

from tests.targets import rust as rust_tests


def test_the_crate_and_its_programs_pass_clippy() -> None:
    assert (rust_tests.rust_programs() / "scenario").is_file()


def test_cargo_packs_the_crate_with_its_readme(tmp_path: Path) -> None:
    import tarfile

    from scripts.targets import rust
    from tests import openapi_document

    version = openapi_document.load()["info"]["version"]
    # Without the verifying build: the programs above build the crate; `nox -s build` verifies.
    rust.package(tmp_path, tmp_path, verify=False)
    crate = tmp_path / f"vps-snapshots-client-{version}.crate"
    with tarfile.open(crate) as archive:
        names = set(archive.getnames())
    prefix = f"vps-snapshots-client-{version}/"
    assert {prefix + "Cargo.toml", prefix + "README.md", prefix + "src/lib.rs"} <= names
