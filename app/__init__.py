"""The application layer: the functions every front end calls (the command line in `cli/`, a web
page, a notebook). Each takes plain arguments, returns plain results (DataFrames, dataclasses)
and never prints; the `write_*` functions put results into files and return their paths.

    load(org_file) -> Inputs                                     app.organisation
    pick_year(inputs, year) -> int                               app.organisation
    footprint(inputs, year, lang) -> Footprint                   app.calculator
    write_footprint(inputs, result, out_dir, lang) -> [Path]     app.calculator
    footprint_json(result) -> dict                               app.calculator
    progress(inputs, lang, year) -> Progress; progress_json(result, inputs, lang); write_progress(...)
    base_year_policy(inputs, year) -> Baseline; baseline_json(b, inputs, lang);
    policy_sentence(b, inputs, lang); method_label(method, lang); reconciliation(...)   app.calculator
    trace(inputs, year, source_group, factor_id, status) -> Trace   app.calculator
    trend_uncertainty(inputs, base_year, year, draws, seed, interval) -> TrendUncertainty;
    trend_json(result) (the reduction since the base with its interval)   app.calculator
    change(inputs, from_year, to_year, lang, method_year) -> Change; change_json(result);
    write_change(result, out_dir)
    (why the footprint changed: volume, intensity, method, boundary)   app.changes
    run_scenario(inputs, file, ...) -> ScenarioRun               app.scenarios
    run_scenario_doc(inputs, doc, name, ...) -> ScenarioRun; scenario_context(inputs)
    compare_scenarios(inputs, files, ...) -> Comparison          app.scenarios
    write_scenario(...), write_comparison(...), levers(lang)     app.scenarios
    plan_target(inputs, target_year, ...) -> PlanResult; write_plan(...)   app.scenarios
    indicators(inputs, year, lang, kind) -> Indicators           app.publishing
    indicator_sets(inputs) -> [str]                              app.publishing
    sitoumus_export(inputs, year, lang) -> dict; sitoumus_summary(doc); sitoumus_file(doc, kind); write_sitoumus(...),
    validate_sitoumus(path); sitoumus_plan(doc, url) -> Plan; sitoumus_request_lines(plan);
    sitoumus_send(plan)                                          app.publishing
    disclosure(inputs, year, lang) -> Disclosure; write_disclosure(...)
    build_report(org_file, year, out_dir, lang, include_original) -> BuildResult   app.report
    content_status(org_file) -> ContentStatus (chapters per language: translations
    current, stale or missing)                                   app.report
    import_factor_table(inputs, table, ...) -> FactorImport; write_factor_import(...)  app.factors
    freeze_year(inputs, year) -> Freeze; write_freeze(result, force)   app.freezing
    check_frozen(inputs, years) -> [FrozenComparison]; check_frozen_year(org_file, year)
    state_footprint(files, year, rules, lang) -> StateFootprint  app.government
    parse_rules(pairs), write_state_footprint(result, out_dir, ...) -> [Path]
    supplier_emissions(inputs, year, lang) -> Suppliers; suppliers_json(r); write_suppliers(r, out_dir)
    request_pack(inputs, year, top, ids, deadline) -> RequestPack; write_requests(pack, out_dir)
    import_answers(inputs, files) -> SupplierImport; write_supplier_import(r, org_file);
    set_supplier_status(inputs, id, year, status, note); tender_comparison(inputs, file, lang)
                                                                 app.suppliers

The working group's shared editing is the module `app.collab` (`from app import collab`; its
names are not re-exported here): status, indicator_rows, save_indicator, facts, save_fact,
chapters, chapter_text, save_chapter, preview_chapter, history, restore, approve,
diff_since_approval, publish, reopen.

Names are resolved on first use, so `import app` stays cheap (the report command starts its PDF
worker before pandas is imported).
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "organisation": ["load", "pick_year"],
    "calculator": ["Footprint", "footprint", "footprint_json", "write_footprint", "Progress",
                   "progress", "progress_json", "write_progress", "Trace", "trace",
                   "base_year_policy", "baseline_json", "policy_sentence", "method_label",
                   "reconciliation", "TrendUncertainty", "trend_uncertainty", "trend_json"],
    "changes": ["Change", "change", "change_json", "write_change"],
    "scenarios": ["ScenarioRun", "run_scenario", "run_scenario_doc", "scenario_context",
                  "Comparison", "compare_scenarios", "write_scenario", "write_comparison",
                  "Lever", "levers", "PlanResult", "default_bounds", "bound_rows",
                  "with_bounds", "scenario_yaml", "plan_target", "write_plan"],
    "publishing": ["Indicators", "indicators", "indicator_sets", "write_indicators",
                   "sitoumus_export",
                   "sitoumus_summary", "sitoumus_file", "write_sitoumus", "validate_sitoumus", "sitoumus_plan",
                   "sitoumus_request_lines", "sitoumus_send", "Disclosure",
                   "disclosure", "write_disclosure"],
    "report": ["build_report", "ContentStatus", "content_status"],
    "factors": ["FactorImport", "import_factor_table", "write_factor_import"],
    "freezing": ["Freeze", "freeze_year", "write_freeze", "frozen_years", "check_frozen",
                 "check_frozen_year"],
    "government": ["StateFootprint", "state_footprint", "parse_rules", "write_state_footprint"],
    "suppliers": ["Suppliers", "supplier_emissions", "suppliers_json", "write_suppliers", "RequestPack",
                  "request_pack", "write_requests", "SupplierImport", "import_answers",
                  "write_supplier_import", "set_supplier_status", "TenderComparison",
                  "tender_comparison"],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'app' has no attribute {name!r}")
    return getattr(importlib.import_module(f"app.{_WHERE[name]}"), name)
