"""Organisation settings (a YAML data file): names, base year, targets, data files, method."""
from __future__ import annotations

import glob
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carbon.errors import InputError
from carbon.yamlfile import read_yaml

from .selection import parse_select
from .years import check_year, is_year, year_range

ROOT = Path(__file__).resolve().parents[2]
#: a ledger source's `year:` value that lets each line's document date decide its year
DATE_DECIDES = "date"
DEFAULT_ORG = ROOT / "examples" / "migri" / "organisation.yaml"
#: the match kinds of mapping rules in their default order (carbon/readers/mapping.py)
MATCH_KINDS = ("supplier", "account", "product_group", "category")


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


@dataclass(frozen=True)
class TargetBoundary:
    """What the reduction targets cover when it is less than the inventory (e.g. the Ministry
    of the Interior's branch left procurement out of its targets): the source groups and scopes
    left out, and the boundary's name by language."""

    label: dict[str, str]
    source_groups: tuple[str, ...] = ()
    scopes: tuple[int, ...] = ()


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
    #: years whose missing or very low spend the organisation has accepted (carbon/readers/checks.py)
    accept_missing_spend: tuple[int, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)
    illustrative_texts: dict[str, str] = field(default_factory=dict)  # the note by language
    #: what the targets cover when less than the inventory (None: the whole inventory)
    target_boundary: TargetBoundary | None = None
    #: checks: {unclassified_share_pct: N}: a year with more unclassified spend gets a note
    #: (None: the default of carbon/readers/checks.yaml)
    unclassified_share_pct: float | None = None

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
        raise InputError(file, "required setting is missing", key=key, code="setting_missing")
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
                               "texts", key="illustrative", code="illustrative_invalid")
    return {str(k): v.strip() for k, v in value.items() if v.strip()}


def _number(doc: dict, key: str, default: float, file: Path) -> float:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(file, f"{key} must be a number, not {value!r}", key=key,
                         code="setting_not_number", params={"value": repr(value)})
    return float(value)


def _paths(data: dict, key: str, file: Path) -> list[str]:
    """A setting that names one folder or a list of folders."""
    value = data[key] if isinstance(data[key], list) else [data[key]]
    if not all(isinstance(v, str) and v for v in value):
        raise InputError(file, f"data.{key} must be a folder or a list of folders",
                         key=f"data.{key}", code="setting_not_folders")
    return value


def _list(doc: dict, key: str, file: Path) -> list:
    value = doc.get(key) or []
    if not isinstance(value, list):
        raise InputError(file, f"{key} must be a list", key=key, code="setting_not_list")
    return list(value)


def _years(doc: dict, key: str, file: Path) -> tuple[int, ...]:
    value = _list(doc, key, file)
    if not all(isinstance(y, int) and not isinstance(y, bool) for y in value):
        raise InputError(file, f"{key} must be a list of years", key=key, code="setting_not_years")
    return tuple(check_year(y, file, key, f"{key}: {y!r}") for y in value)


def _person_years(doc: dict, file: Path) -> dict[int, float]:
    value = doc.get("person_years") or {}
    if not isinstance(value, dict):
        raise InputError(file, "person_years must map years to numbers", key="person_years",
                         code="person_years_not_mapping")
    out = {}
    for k, v in value.items():
        if not is_year(k) or isinstance(v, bool) or not isinstance(v, (int, float)) \
                or not math.isfinite(v) or v <= 0:
            raise InputError(file, f"person_years: {k!r}: {v!r} is not a year and a positive "
                             "number", key=f"person_years.{k}",
                             code="person_years_invalid",
                             params={"year": repr(k), "value": repr(v)})
        out[int(k)] = float(v)
    return out


def _target_boundary(doc: dict, file: Path) -> TargetBoundary | None:
    """`target_boundary: {label: {fi: ...}, exclude_source_groups: [...], exclude_scopes: [...]}`."""
    value = doc.get("target_boundary")
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("label"), dict) or not (
            value.get("exclude_source_groups") or value.get("exclude_scopes")):
        raise InputError(file, "target_boundary needs a label {fi: ...} and exclude_source_groups "
                         "or exclude_scopes", key="target_boundary", code="target_boundary_invalid")
    groups = value.get("exclude_source_groups") or []
    scopes = value.get("exclude_scopes") or []
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        raise InputError(file, "exclude_source_groups must be a list of source group ids",
                         key="target_boundary.exclude_source_groups", code="setting_not_list")
    if not isinstance(scopes, list) or not all(s in (1, 2, 3) for s in scopes):
        raise InputError(file, "exclude_scopes must be a list of scopes 1, 2 or 3",
                         key="target_boundary.exclude_scopes", code="target_boundary_scopes")
    return TargetBoundary({str(k): str(v) for k, v in value["label"].items()},
                          tuple(groups), tuple(int(s) for s in scopes))


def _unclassified_limit(checks: dict, file: Path) -> float | None:
    """checks.unclassified_share_pct: a percentage 0–100, or None (not given)."""
    value = checks.get("unclassified_share_pct")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise InputError(file, f"checks.unclassified_share_pct must be a percentage 0–100, not "
                         f"{value!r}", key="checks.unclassified_share_pct",
                         code="setting_not_number", params={"value": repr(value)})
    return float(value)


def _mapping_order(data: dict, file: Path) -> list[str]:
    """data.mapping_order: each match kind at most once (a kind twice would leave another
    kind's rules unused without a word), default supplier, account, product_group, category."""
    value = data.get("mapping_order") or list(MATCH_KINDS)
    key, known = "data.mapping_order", ", ".join(MATCH_KINDS)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(file, f"mapping_order must be a list of match kinds ({known})", key=key,
                         code="mapping_order_invalid", params={"known": known})
    seen: set[str] = set()
    for kind in value:
        if kind not in MATCH_KINDS:
            raise InputError(file, f"unknown match kind '{kind}' (known: {known})", key=key,
                             code="mapping_order_unknown", params={"kind": kind, "known": known})
        if kind in seen:
            raise InputError(file, f"the match kind '{kind}' is given twice; give each once",
                             key=key, code="mapping_order_twice", params={"kind": kind})
        seen.add(kind)
    return list(value)


def load_organisation(path: str | Path = DEFAULT_ORG) -> Organisation:
    """Read the organisation settings file; every problem names the file and the key."""
    file = Path(path).resolve()
    doc = read_yaml(file, "organisation settings file") or {}
    if not isinstance(doc, dict):
        raise InputError(file, "expected a mapping of settings", code="settings_not_mapping")
    base = file.parent

    def rel(value: str | Path) -> Path:
        p = Path(value)
        return p if p.is_absolute() else (base / p).resolve()

    name = _need(doc, "name", file)
    name = name if isinstance(name, dict) else {"fi": str(name)}
    base_year = _need(doc, "base_year", file)
    if not isinstance(base_year, int) or isinstance(base_year, bool):
        raise InputError(file, f"base_year must be a year, not {base_year!r}", key="base_year",
                         code="base_year_invalid", params={"value": repr(base_year)})
    check_year(base_year, file, "base_year")
    reported = doc.get("reported_totals", {}) or {}
    if not isinstance(reported, dict) or not isinstance(reported.get("tco2e", {}) or {}, dict):
        raise InputError(file, "reported_totals must be a mapping with tco2e: {year: total}",
                         key="reported_totals", code="reported_totals_invalid")
    totals: dict[int, float] = {}
    for y, v in (reported.get("tco2e", {}) or {}).items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
            raise InputError(file, f"reported total for {y} is {v!r}, not a positive number",
                             key=f"reported_totals.tco2e.{y}",
                             code="reported_total_invalid", params={"year": y, "value": repr(v)})
        totals[check_year(y, file, f"reported_totals.tco2e.{y}", "the year of a reported total")] \
            = float(v)
    targets = []
    if not isinstance(_need(doc, "targets", file), list):
        raise InputError(file, "targets must be a list of {year, reduction_pct}", key="targets",
                         code="targets_not_list")
    for i, t in enumerate(doc["targets"]):
        if not isinstance(t, dict) or not isinstance(t.get("year"), int) \
                or not isinstance(t.get("reduction_pct"), (int, float)) \
                or not 0 < t["reduction_pct"] <= 100:
            raise InputError(file, "a target needs a year and a reduction_pct between 0 and 100",
                             key=f"targets[{i}]", code="target_invalid")
        check_year(t["year"], file, f"targets[{i}].year", "a target's year")
        if t["year"] <= base_year:
            raise InputError(file, f"target year {t['year']} is not after the base year",
                             key=f"targets[{i}].year",
                             code="target_before_base", params={"year": t["year"]})
        label = t.get("label") or {}
        targets.append(Target(int(t["year"]), float(t["reduction_pct"]),
                              label if isinstance(label, dict) else {"fi": str(label)},
                              str(t.get("source", ""))))
    basis = doc.get("scope2_basis", "location")
    if basis not in ("location", "market"):
        raise InputError(file, f"scope2_basis must be location or market, not {basis!r}",
                         key="scope2_basis",
                         code="scope2_basis_invalid", params={"value": repr(basis)})
    for section in ("report", "commitment", "checks"):
        if doc.get(section) is not None and not isinstance(doc[section], dict):
            raise InputError(file, f"{section} must be a mapping of settings", key=section,
                             code="section_not_mapping")
    data = _need(doc, "data", file)
    ledger = []
    if not isinstance(data, dict):
        raise InputError(file, "data must be a mapping of data files", key="data",
                         code="data_not_mapping")
    sources = _need(data, "ledger", file)
    if not isinstance(sources, list):
        raise InputError(file, "data.ledger must be a list of ledger files", key="data.ledger",
                         code="ledger_not_list")
    for i, src in enumerate(sources):
        src = {"path": src} if isinstance(src, str) else src
        if not isinstance(src, dict) or not isinstance(src.get("path"), str) or not src["path"]:
            raise InputError(file, "a ledger source needs a path (a file name or pattern)",
                             key=f"data.ledger[{i}]", code="ledger_source_invalid")
        src = dict(src)
        if "year" in src and src["year"] != DATE_DECIDES and (
                isinstance(src["year"], bool) or not isinstance(src["year"], int)
                or not is_year(src["year"])):
            first, last = year_range()
            raise InputError(file, f"the accounting year of a ledger file must be a year between "
                             f"{first} and {last}, not {src['year']!r}", key=f"data.ledger[{i}].year",
                             code="ledger_year_invalid",
                             params={"value": repr(src["year"]), "first": first, "last": last})
        pattern = str(rel(src["path"]))
        paths = sorted(glob.glob(pattern))
        if not paths:
            raise InputError(file, f"no ledger file matches {src['path']!r}",
                             key=f"data.ledger[{i}]", code="ledger_no_match", params={"pattern": src["path"]})
        if src.get("columns") is not None and not isinstance(src["columns"], dict):
            raise InputError(file, "columns must map vastuu's field names to the file's column "
                             "names", key=f"data.ledger[{i}].columns",
                             code="ledger_columns_invalid")
        fmt = src.get("format", "open-data")
        if fmt not in ("open-data", "mapped"):
            raise InputError(file, f"ledger format must be open-data or mapped, not {fmt!r}",
                             key=f"data.ledger[{i}].format",
                             code="ledger_format_invalid", params={"value": repr(fmt)})
        if src.get("select") is not None:
            if fmt != "open-data":
                raise InputError(file, "select works on open-data ledgers (a mapped ledger is "
                                 "the organisation's own)", key=f"data.ledger[{i}].select",
                                 code="select_not_open_data")
            src["select"] = parse_select(src["select"], file, f"data.ledger[{i}].select")
        ledger += [{**src, "path": p} for p in paths]
    coverage = []
    for i, c in enumerate(_list(doc, "activity_coverage", file)):
        if not isinstance(c, dict) or not isinstance(c.get("activity"), str) \
                or not isinstance(c.get("replaces_source_groups", []), list):
            raise InputError(file, "an activity coverage rule needs an activity and a list "
                             "replaces_source_groups", key=f"activity_coverage[{i}]",
                             code="coverage_rule_invalid")
        years = c.get("years", "all")
        if years != "all" and not (isinstance(years, list) and all(isinstance(y, int) for y in years)):
            raise InputError(file, "years must be 'all' or a list of years",
                             key=f"activity_coverage[{i}].years", code="coverage_years_invalid")
        for y in [] if years == "all" else years:
            check_year(y, file, f"activity_coverage[{i}].years", f"years: {y!r}")
        coverage.append(Coverage(str(c["activity"]), tuple(c.get("replaces_source_groups", [])),
                                 None if years == "all" else tuple(years)))
    root_default = ROOT / "emission_factors"
    language = str(doc.get("language", "fi"))
    illustrative = _illustrative(doc.get("illustrative"), language, file)
    return Organisation(
        file=file, id=str(doc.get("id", file.parent.name)), name=name,
        language=language, base_year=base_year, reported_totals=totals,
        reported_source=str(reported.get("source", "")), targets=targets, scope2_basis=basis,
        recalculation_threshold_pct=_number(doc, "recalculation_threshold_pct", 5, file),
        ledger=ledger, mapping=rel(_need(data, "mapping", file)),
        mapping_order=_mapping_order(data, file),
        activity_dir=rel(data["activity"]) if data.get("activity")
        else (base / "activity" if (base / "activity").is_dir() else None),
        activity_map=rel(data["activity_map"]) if data.get("activity_map") else root_default / "activity_map.csv",
        factors_dirs=[rel(d) for d in _paths(data, "factors", file)] if data.get("factors")
        else [root_default],
        price_index=rel(data["price_index"]) if data.get("price_index") else root_default / "price_index.csv",
        source_groups=rel(data["source_groups"]) if data.get("source_groups") else None,
        coverage=coverage,
        person_years=_person_years(doc, file),
        exclusions=_list(doc, "exclusions", file),
        accept_missing_spend=_years(doc, "accept_missing_spend", file),
        illustrative=illustrative.get(language, ""), raw=doc, illustrative_texts=illustrative,
        target_boundary=_target_boundary(doc, file),
        unclassified_share_pct=_unclassified_limit(doc.get("checks") or {}, file),
    )


@dataclass(frozen=True)
class WorkbenchSettings:
    """The shared workbench's settings (organisation.yaml `workbench:`): where it listens, the
    proxies whose forwarded headers count, the trusted SSO header, cookies, the access log."""

    host: str | None = None
    port: int | None = None
    trusted_header: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    unknown_header_user: str = "refuse"
    secure_cookies: bool | None = None
    session_hours: float = 8.0
    access_log: Path | None = None


#: the keys `workbench:` may have
WORKBENCH_KEYS = ("host", "port", "trusted_header", "trusted_proxies", "unknown_header_user",
                  "secure_cookies", "session_hours", "access_log")


def _workbench_error(file: Path, key: str, text: str, value: Any) -> InputError:
    return InputError(file, f"{key}: {text}, not {value!r}", key=f"workbench.{key}",
                      code="workbench_setting_invalid",
                      params={"setting": f"workbench.{key}", "value": repr(value), "expected": text})


def workbench_settings(org: Organisation) -> WorkbenchSettings:
    """The organisation's `workbench:` settings, checked (one message naming the key)."""
    import ipaddress
    import re
    file, doc = org.file, org.raw.get("workbench") or {}
    if not isinstance(doc, dict):
        raise InputError(file, f"workbench must be a mapping of settings, not {doc!r}",
                         key="workbench", code="workbench_setting_invalid",
                         params={"setting": "workbench", "value": repr(doc),
                                 "expected": "a mapping of settings"})
    unknown = [k for k in doc if k not in WORKBENCH_KEYS]
    if unknown:
        raise InputError(file, f"unknown setting workbench.{unknown[0]}; the settings are "
                         f"{', '.join(WORKBENCH_KEYS)}", key=f"workbench.{unknown[0]}",
                         code="workbench_setting_unknown",
                         params={"setting": f"workbench.{unknown[0]}",
                                 "known": ", ".join(WORKBENCH_KEYS)})
    host, port = doc.get("host"), doc.get("port")
    if host is not None and (not isinstance(host, str) or not host.strip()):
        raise _workbench_error(file, "host", "an address or host name", host)
    if port is not None and (isinstance(port, bool) or not isinstance(port, int)
                             or not 0 <= port <= 65535):
        raise _workbench_error(file, "port", "a port number 0–65535", port)
    header = doc.get("trusted_header")
    if header is not None and (not isinstance(header, str)
                               or not re.fullmatch(r"[A-Za-z0-9-]{1,80}", header)):
        raise _workbench_error(file, "trusted_header", "an HTTP header name", header)
    proxies = doc.get("trusted_proxies") or []
    if isinstance(proxies, str):
        proxies = [proxies]
    if not isinstance(proxies, list):
        raise _workbench_error(file, "trusted_proxies", "a list of IP addresses", proxies)
    for proxy in proxies:
        try:
            ipaddress.ip_address(str(proxy))
        except ValueError:
            raise _workbench_error(file, "trusted_proxies", "a list of IP addresses",
                                   proxy) from None
    if header and not proxies:
        raise _workbench_error(file, "trusted_proxies",
                               "the proxy addresses the trusted header may come from", proxies)
    unknown_user = doc.get("unknown_header_user", "refuse")
    if unknown_user not in ("refuse", "viewer"):
        raise _workbench_error(file, "unknown_header_user", "refuse or viewer", unknown_user)
    secure = doc.get("secure_cookies")
    if secure is not None and not isinstance(secure, bool):
        raise _workbench_error(file, "secure_cookies", "true or false", secure)
    hours = doc.get("session_hours", 8)
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 < hours <= 24 * 30:
        raise _workbench_error(file, "session_hours", "hours, more than 0 and at most 720", hours)
    log = doc.get("access_log")
    if log is not None and (not isinstance(log, str) or not log.strip()):
        raise _workbench_error(file, "access_log", "a file path", log)
    return WorkbenchSettings(host=host, port=port, trusted_header=header,
                             trusted_proxies=tuple(str(p) for p in proxies),
                             unknown_header_user=unknown_user, secure_cookies=secure,
                             session_hours=float(hours), access_log=org.path(log) if log else None)
