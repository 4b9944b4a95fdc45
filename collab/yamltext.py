"""Edits of a YAML file as text, so that everything else stays as a person wrote it (comments,
key order, quoting, flow or block style): the nodes' positions come from PyYAML's composer, one
entry or key is replaced, inserted or removed line by line, and the caller checks the result."""
from __future__ import annotations

import json
import math
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


def compose(text: str) -> Node | None:
    """The document's node tree with positions (SafeLoader's composer)."""
    return yaml.compose(text, Loader=yaml.SafeLoader)


def child(node: Node, key: str) -> tuple[ScalarNode, Node] | None:
    """The (key node, value node) of `key` in a mapping node."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return k, v
    return None


def scalar(value: Any) -> str:
    """One value as a YAML flow scalar or flow collection: numbers plain, text double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number")
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def block_end(lines: list[str], start: int, col: int, dash: bool = False) -> int:
    """The line after the block that starts on line `start` at column `col` (a key at `col`, or
    with `dash` a sequence entry whose '-' is at `col`): the following lines indented more (for
    a key also '- ' entries at its own column), trailing blank and comment lines left out."""
    end = start + 1
    last = start + 1
    while end < len(lines):
        line = lines[end]
        if _blank(line):
            end += 1
            continue
        ind = _indent(line)
        if ind > col or (not dash and ind == col and line.lstrip().startswith("- ")):
            end += 1
            last = end
            continue
        break
    return last


def _dash_col(lines: list[str], node: Node) -> int:
    """The column of the '-' of a block sequence entry whose content starts at `node`."""
    line = lines[node.start_mark.line]
    col = node.start_mark.column - 1
    while col >= 0 and line[col] == " ":
        col -= 1
    return col if col >= 0 and line[col] == "-" else node.start_mark.column


def entry_lines(lines: list[str], node: Node) -> tuple[int, int, int]:
    """(first line, line after, dash column) of the block sequence entry `node`."""
    dash = _dash_col(lines, node)
    start = node.start_mark.line
    return start, block_end(lines, start, dash, dash=True), dash


def key_lines(lines: list[str], key: ScalarNode) -> tuple[int, int]:
    """(first line, line after) of a key and its value in a block mapping."""
    start = key.start_mark.line
    return start, block_end(lines, start, key.start_mark.column)


def map_end(lines: list[str], node: MappingNode) -> int:
    """The line after a block mapping's last key and its value."""
    return key_lines(lines, node.value[-1][0])[1] if node.value else node.start_mark.line + 1


def map_col(node: MappingNode) -> int:
    """The column of a block mapping's keys."""
    return node.value[0][0].start_mark.column if node.value else node.start_mark.column


def splitlines(text: str) -> list[str]:
    """The text's lines with their endings."""
    return text.splitlines(keepends=True)


def _newline(lines: list[str]) -> str:
    return "\r\n" if lines and lines[0].endswith("\r\n") else "\n"


def _terminated(lines: list[str], at: int) -> None:
    """Make sure the line before `at` ends with a newline (an insert after the last line)."""
    if at > 0 and at - 1 < len(lines) and not lines[at - 1].endswith("\n"):
        lines[at - 1] += _newline(lines)


def set_key(text: str, mapping: MappingNode, key: str, value: Any) -> str:
    """`key: value` in a block mapping: its line(s) replaced, or a new line after the last key."""
    lines = splitlines(text)
    nl = _newline(lines)
    found = child(mapping, key)
    if found:
        start, end = key_lines(lines, found[0])
        lines[start:end] = [" " * found[0].start_mark.column + f"{key}: {scalar(value)}{nl}"]
    else:
        at = map_end(lines, mapping)
        _terminated(lines, at)
        lines[at:at] = [" " * map_col(mapping) + f"{key}: {scalar(value)}{nl}"]
    return "".join(lines)


def drop_key(text: str, mapping: MappingNode, key: str) -> str:
    """The block mapping without `key` (unchanged when it has none)."""
    found = child(mapping, key)
    if not found:
        return text
    lines = splitlines(text)
    start, end = key_lines(lines, found[0])
    del lines[start:end]
    return "".join(lines)


def set_entry(text: str, mapping: MappingNode, key: str, index: int | None,
              entry: dict[str, Any] | None) -> str:
    """In the sequence under `key` of a block mapping: entry `index` replaced by `entry` (a flow
    mapping on one line), removed (`entry` None) or, with `index` None, `entry` added at the end
    (the key created when missing). A flow sequence is rewritten as a block one."""
    lines = splitlines(text)
    nl = _newline(lines)
    found = child(mapping, key)
    col = map_col(mapping)
    if not found:
        if entry is None:
            return text
        at = map_end(lines, mapping)
        _terminated(lines, at)
        lines[at:at] = [" " * col + f"{key}:{nl}", " " * (col + 2) + f"- {scalar(entry)}{nl}"]
        return "".join(lines)
    knode, seq = found
    items = seq.value if isinstance(seq, SequenceNode) else []
    flow = isinstance(seq, SequenceNode) and seq.flow_style or not isinstance(seq, SequenceNode)
    if flow:
        values = [yaml.safe_load(yaml.serialize(n, Dumper=yaml.SafeDumper)) for n in items]
        if index is None:
            values.append(entry)
        elif entry is None:
            values.pop(index)
        else:
            values[index] = entry
        start, end = key_lines(lines, knode)
        kcol = knode.start_mark.column
        new = [" " * kcol + f"{key}:" + (" []" if not values else "") + nl]
        new += [" " * (kcol + 2) + f"- {scalar(v)}{nl}" for v in values]
        lines[start:end] = new
        return "".join(lines)
    if index is None:
        start, end, dash = entry_lines(lines, items[-1])
        _terminated(lines, end)
        lines[end:end] = [" " * dash + f"- {scalar(entry)}{nl}"]
        return "".join(lines)
    start, end, dash = entry_lines(lines, items[index])
    if entry is not None:
        lines[start:end] = [" " * dash + f"- {scalar(entry)}{nl}"]
    elif len(items) == 1:
        del lines[start:end]
        kline = knode.start_mark.line
        lines[kline] = lines[kline].rstrip("\r\n").rstrip() + " []" + nl
    else:
        del lines[start:end]
    return "".join(lines)


def add_entry(text: str, mapping: MappingNode, key: str, body: dict[str, Any]) -> str:
    """A new `key:` with a block mapping `body` (one line per field) at the end of a block
    mapping (a new fact under `facts:`)."""
    lines = splitlines(text)
    nl = _newline(lines)
    col = map_col(mapping)
    at = map_end(lines, mapping)
    _terminated(lines, at)
    lines[at:at] = [" " * col + f"{key}:{nl}"] + [" " * (col + 2) + f"{k}: {scalar(v)}{nl}"
                                                  for k, v in body.items()]
    return "".join(lines)
