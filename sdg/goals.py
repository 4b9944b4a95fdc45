"""The UN SDG goals and targets the reports cite (sdg/goals.yaml): loading and lookup."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carbon.errors import InputError
from carbon.yamlfile import read_mapping

GOALS_FILE = Path(__file__).resolve().parent / "goals.yaml"
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CODE = re.compile(r"^(\d{1,2})\.([0-9a-z]{1,2})$")


def localized(value: Any, lang: str, fallbacks: tuple[str, ...] = ("fi", "en")) -> str:
    """The text of a {lang: text} mapping in `lang`, else the first fallback that has one."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    for code in (lang, *fallbacks):
        if value.get(code):
            return str(value[code])
    return next((str(v) for v in value.values() if v), "")


@dataclass(frozen=True)
class Target:
    """One SDG target: its code ("5.1"), goal number and text by language."""

    code: str
    goal: int
    text: dict[str, str]


@dataclass(frozen=True)
class Goal:
    """One SDG: number, official colour, name by language and the targets the reports use."""

    number: int
    colour: str
    name: dict[str, str]
    targets: dict[str, Target] = field(default_factory=dict)

    @property
    def text_colour(self) -> str:
        """White or black, whichever reads better on the goal's colour (WCAG contrast)."""
        return text_colour(self.colour)


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an #rrggbb colour."""
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(background: str) -> str:
    """White text where it meets WCAG AA (4.5:1) on the background, else black: the official
    SDG colours stay, and every chip's number stays readable (SDG 5's red: black)."""
    return "#ffffff" if contrast("#ffffff", background) >= 4.5 else "#000000"


@dataclass(frozen=True)
class Goals:
    """All goals by number, with the file they came from and its source note by language."""

    file: Path
    goals: dict[int, Goal]
    source: dict[str, dict[str, Any]]

    def target(self, code: str) -> Target | None:
        """The target with this code, or None when the data does not have it."""
        m = _CODE.match(str(code))
        goal = self.goals.get(int(m.group(1))) if m else None
        return goal.targets.get(str(code)) if goal else None

    def problems(self, goal_numbers: list[int], target_codes: list[str]) -> list[str]:
        """What is wrong with a chapter's SDG references (unknown goals/targets, target without its goal)."""
        return [english for _, _, english in self.coded_problems(goal_numbers, target_codes)]

    def coded_problems(self, goal_numbers: list[int], target_codes: list[str]
                       ) -> list[tuple[str, dict[str, Any], str]]:
        """The problems as (message code, params, English text), for an InputError."""
        found = []
        known = ", ".join(map(str, self.goals))
        for n in goal_numbers:
            if n not in self.goals:
                found.append(("sdg_goal_unknown", {"value": repr(n), "known": known},
                              f"unknown SDG goal {n!r} (known: {known})"))
        for code in target_codes:
            target = self.target(code)
            if target is None:
                found.append(("sdg_target_unknown", {"value": repr(code), "file": self.file.name},
                              f"unknown SDG target code {code!r} (not in {self.file.name})"))
            elif target.goal not in goal_numbers:
                found.append(("sdg_target_goal_missing", {"code": code, "goal": target.goal},
                              f"SDG target {code} cited but its goal {target.goal} is not in sdg_goals"))
        return found


def _fail(file: Path, message: str, key: str) -> InputError:
    return InputError(file, message, key=key, code="sdg_data_invalid", params={"detail": message})


def load_goals(path: str | Path = GOALS_FILE) -> Goals:
    """Read and validate goals.yaml; every problem names the file and the key."""
    file = Path(path).resolve()
    doc = read_mapping(file, "SDG goals file")
    goals: dict[int, Goal] = {}
    for i, g in enumerate(doc.get("goals") or []):
        key = f"goals[{i}]"
        if not isinstance(g, dict) or not isinstance(g.get("number"), int):
            raise _fail(file, "a goal needs an integer 'number'", key)
        if not _COLOUR.match(str(g.get("colour", ""))):
            raise _fail(file, f"colour must be '#RRGGBB', not {g.get('colour')!r}", key + ".colour")
        if not isinstance(g.get("name"), dict) or not g["name"].get("fi"):
            raise _fail(file, "name needs at least {fi: ...}", key + ".name")
        if g["number"] in goals:
            raise _fail(file, f"goal {g['number']} appears twice", key)
        targets: dict[str, Target] = {}
        for j, t in enumerate(g.get("targets") or []):
            tkey = f"{key}.targets[{j}]"
            code = str(t.get("code", "")) if isinstance(t, dict) else ""
            m = _CODE.match(code)
            if not m or int(m.group(1)) != g["number"]:
                raise _fail(file, f"target code {code!r} does not belong to goal {g['number']}", tkey)
            if not isinstance(t.get("text"), dict) or not t["text"].get("fi"):
                raise _fail(file, "target text needs at least {fi: ...}", tkey + ".text")
            if code in targets:
                raise _fail(file, f"target {code} appears twice", tkey)
            targets[code] = Target(code, g["number"], dict(t["text"]))
        goals[g["number"]] = Goal(g["number"], g["colour"], dict(g["name"]), targets)
    if not goals:
        raise InputError(file, "no goals", key="goals", code="sdg_no_goals")
    return Goals(file=file, goals=dict(sorted(goals.items())), source=dict(doc.get("source") or {}))
