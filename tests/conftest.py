"""Shared fixtures: the bundled example's inputs (loaded once) and a writable copy of it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "migri"


@pytest.fixture(scope="session")
def example_inputs():
    """The bundled example, loaded and validated once per test session."""
    from carbon.readers.inputs import load_inputs
    return load_inputs(EXAMPLE / "organisation.yaml")


@pytest.fixture()
def example_copy(tmp_path: Path) -> Path:
    """A writable copy of the example organisation folder; returns its organisation.yaml."""
    dest = tmp_path / "examples" / "migri"
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("generator"))
    # Relative links to the shared library and content must still resolve from the copy.
    for name in ("emission_factors", "content"):
        (tmp_path / name).symlink_to(ROOT / name)
    return dest / "organisation.yaml"


def with_night_factor(inputs, value: float):
    """The inputs with the per-night factor set to `value` kgCO2e/night (inventories anew)."""
    import dataclasses
    fid = inputs.activity_map.lookup("accommodation_nights", "", "")["factor_id"]
    lib = inputs.factors
    changed = dataclasses.replace(lib[fid], values={y: value for y in lib[fid].values})
    patched = dataclasses.replace(inputs, _inventories={}, _base_checks={}, _restated={},
                                  _baselines={})
    patched.factors = type(lib)({f.id: (changed if f.id == fid else f) for f in lib})
    return patched


@pytest.fixture(scope="session")
def recalculating_inputs(example_inputs):
    """The example with the per-night factor derived from 2021 alone (3.9683 kg/night, as the
    example had it before December 2026): the base year restated on the 2022 per-night method
    is 26 % lower, above the 5 % threshold, so progress measures from the recalculated base."""
    return with_night_factor(example_inputs, 3.9683)
