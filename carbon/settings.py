"""Organisation settings (a YAML data file): names, base year, targets, data files, method."""
from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .yamlfile import read_yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ORG = ROOT / "examples" / "migri" / "organisation.yaml"


@dataclass(frozen=True)
class Target:
    """A reduction target: `reduction_pct` below the base year by `year`."""

    year: int
    reduction_pct: float
    label: dict[str, str]
    source: str = ""


@dataclass(frozen=True)
class Coverage:
    """Activity data that replaces spend of some source groups in the given years (hybrid)."""

    activity: str
    replaces: tuple[str, ...]
    years: tuple[int, ...] | None  # None: every year that has the activity's data


@dataclass
class Organisation:
    """Everything the calculation needs to know about one organisation, paths resolved."""

    file: Path
    id: str
    name: dict[str, str]
    language: str
    base_year: int
    reported_totals: dict[int, float]
    reported_source: str
    targets: list[Target]
    scope2_basis: str
    recalculation_threshold_pct: float
    ledger: list[dict[str, Any]]
    mapping: Path
    mapping_order: list[str]
    activity_dir: Path | None  # None: the organisation keeps no activity data
    activity_map: Path
    factors_dirs: list[Path]
    price_index: Path
    source_groups: Path | None
    coverage: list[Coverage]
    person_years: dict[int, float]
    exclusions: list[dict[str, str]]
    illustrative: str = ""  # the note on illustrative data in the organisation's language
    raw: dict[str, Any] = field(default_factory=dict)
    illustrative_texts: dict[str, str] = field(default_factory=dict)  # the note by language

    def name_in(self, lang: str | None = None) -> str:
        return self.name.get(lang or self.language) or next(iter(self.name.values()))

    def illustrative_in(self, lang: str) -> str:
        """The note on illustrative data in `lang` ("" when the settings have none in it)."""
        return self.illustrative_texts.get(lang, "")

    def path(self, value: str | Path) -> Path:
        """A path from the settings file, relative to that file's folder."""
        p = Path(value)
        return p if p.is_absolute() else (self.file.parent / p).resolve()


def _need(doc: dict, key: str, file: Path) -> Any:
    if key not in doc or doc[key] in (None, ""):
        raise InputError(file, "required setting is missing", key=key)
    return doc[key]


def _illustrative(value: Any, language: str, file: Path) -> dict[str, str]:
    """The note on illustrative data by language: a text (in the organisation's language) or a
    mapping {fi: …, sv: …, en: …}."""
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        return {language: value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise InputError(file, "illustrative must be a text or a mapping of language codes to "
                               "texts", key="illustrative")
    return {str(k): v.strip() for k, v in value.items() if v.strip()}


def load_organisation(path: str | Path = DEFAULT_ORG) -> Organisation:
    """Read the organisation settings file; every problem names the file and the key."""
    file = Path(path).resolve()
    doc = read_yaml(file, "organisation settings file") or {}
    if not isinstance(doc, dict):
        raise InputError(file, "expected a mapping of settings")
    base = file.parent

    def rel(value: str | Path) -> Path:
        p = Path(value)
        return p if p.is_absolute() else (base / p).resolve()

    name = _need(doc, "name", file)
    name = name if isinstance(name, dict) else {"fi": str(name)}
    base_year = _need(doc, "base_year", file)
    if not isinstance(base_year, int):
        raise InputError(file, f"base_year must be a year, not {base_year!r}", key="base_year")
    reported = doc.get("reported_totals", {}) or {}
    totals: dict[int, float] = {}
    for y, v in (reported.get("tco2e", {}) or {}).items():
        if not isinstance(v, (int, float)) or v <= 0:
            raise InputError(file, f"reported total for {y} is {v!r}, not a positive number",
                             key=f"reported_totals.tco2e.{y}")
        totals[int(y)] = float(v)
    targets = []
    for i, t in enumerate(_need(doc, "targets", file)):
        if not isinstance(t, dict) or not isinstance(t.get("year"), int) \
                or not isinstance(t.get("reduction_pct"), (int, float)) \
                or not 0 < t["reduction_pct"] <= 100:
            raise InputError(file, "a target needs a year and a reduction_pct between 0 and 100",
                             key=f"targets[{i}]")
        if t["year"] <= base_year:
            raise InputError(file, f"target year {t['year']} is not after the base year",
                             key=f"targets[{i}].year")
        label = t.get("label") or {}
        targets.append(Target(int(t["year"]), float(t["reduction_pct"]),
                              label if isinstance(label, dict) else {"fi": str(label)},
                              str(t.get("source", ""))))
    basis = doc.get("scope2_basis", "location")
    if basis not in ("location", "market"):
        raise InputError(file, f"scope2_basis must be location or market, not {basis!r}",
                         key="scope2_basis")
    data = _need(doc, "data", file)
    ledger = []
    for i, src in enumerate(_need(data, "ledger", file)):
        src = {"path": src} if isinstance(src, str) else dict(src)
        pattern = str(rel(src["path"]))
        paths = sorted(glob.glob(pattern))
        if not paths:
            raise InputError(file, f"no ledger file matches {src['path']!r}", key=f"data.ledger[{i}]")
        fmt = src.get("format", "open-data")
        if fmt not in ("open-data", "mapped"):
            raise InputError(file, f"ledger format must be open-data or mapped, not {fmt!r}",
                             key=f"data.ledger[{i}].format")
        ledger += [{**src, "path": p} for p in paths]
    coverage = []
    for i, c in enumerate(doc.get("activity_coverage", []) or []):
        years = c.get("years", "all")
        if years != "all" and not (isinstance(years, list) and all(isinstance(y, int) for y in years)):
            raise InputError(file, "years must be 'all' or a list of years",
                             key=f"activity_coverage[{i}].years")
        coverage.append(Coverage(str(c["activity"]), tuple(c.get("replaces_source_groups", [])),
                                 None if years == "all" else tuple(years)))
    root_default = ROOT / "emission_factors"
    language = str(doc.get("language", "fi"))
    illustrative = _illustrative(doc.get("illustrative"), language, file)
    return Organisation(
        file=file, id=str(doc.get("id", file.parent.name)), name=name,
        language=language, base_year=base_year, reported_totals=totals,
        reported_source=str(reported.get("source", "")), targets=targets, scope2_basis=basis,
        recalculation_threshold_pct=float(doc.get("recalculation_threshold_pct", 5)),
        ledger=ledger, mapping=rel(_need(data, "mapping", file)),
        mapping_order=list(data.get("mapping_order") or ["supplier", "account", "product_group",
                                                         "category"]),
        activity_dir=rel(data["activity"]) if data.get("activity")
        else (base / "activity" if (base / "activity").is_dir() else None),
        activity_map=rel(data["activity_map"]) if data.get("activity_map") else root_default / "activity_map.csv",
        factors_dirs=[rel(d) for d in (data["factors"] if isinstance(data["factors"], list)
                                       else [data["factors"]])] if data.get("factors")
        else [root_default],
        price_index=rel(data["price_index"]) if data.get("price_index") else root_default / "price_index.csv",
        source_groups=rel(data["source_groups"]) if data.get("source_groups") else None,
        coverage=coverage,
        person_years={int(k): float(v) for k, v in (doc.get("person_years", {}) or {}).items()},
        exclusions=list(doc.get("exclusions", []) or []),
        illustrative=illustrative.get(language, ""), raw=doc, illustrative_texts=illustrative,
    )
