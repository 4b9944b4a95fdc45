"""Fault corpus cases of issue 21 (uncertainty): an organisation's factor that names a source
row of the library with another value stops the footprint with one message naming its file
and key; a derived factor in another unit may name the row."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.faults.corpus import ORG, append_text, make_copy

ROW = "Open Emission Factors Database 677c3be, line 2359"
FILE = "factors/reception_night.yaml"


def own_factor(fid: str, unit: str, value: float, method: str = "spend-based") -> str:
    """A factor entry (YAML text) naming the social and health services' database line."""
    return f"""- id: {fid}
  name: {{fi: x, en: x}}
  scope: 3
  category: 1
  method: {method}
  unit: {unit}
  value: {value}
  years: [2015, 2035]
  price_year: 2019
  source: {{publisher: p, title: t}}
  source_row: "{ROW}"
  provenance: {{tier: estimate}}
  derivation: d
  uncertainty: {{gsd: 2.0}}
"""


def footprint(root: Path):
    from build import cli
    org = root / "examples" / "migri" / ORG
    return CliRunner().invoke(cli, ["footprint", "--year", "2021", "--draws", "200", "--org", str(org),
                                    "--out", str(root / "out"), "--lang", "en"])


def test_a_source_row_with_another_value_is_one_message(tmp_path):
    root = make_copy(tmp_path)
    append_text(FILE, own_factor("own_social", "kgCO2e/EUR", 0.2))(root / "examples" / "migri")
    result = footprint(root)
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert str(root / "examples" / "migri" / FILE) in lines[0]
    assert "key 'own_social'" in lines[0] and "spend_social_services" in lines[0]
    assert not (root / "out").exists() or not any(p.is_file() for p in (root / "out").rglob("*"))


def test_a_derived_factor_in_another_unit_may_name_the_row(tmp_path):
    root = make_copy(tmp_path)
    append_text(FILE, own_factor("own_room", "kgCO2e/room_night", 4.0, "activity-based"))(
        root / "examples" / "migri")
    result = footprint(root)
    assert result.exit_code == 0, result.output
