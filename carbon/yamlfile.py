"""Reading a YAML data file with errors that name the file and the line.

One reader for every YAML file vastuu reads. It refuses what it cannot mean: a key given twice
in one mapping (YAML keeps the last one without a word) and aliases beyond the bounds of
carbon/yaml_limits.yaml (an "alias bomb" expands a few lines into gigabytes). Both are checked
on the composed document, before anything is built from it; the C parser composes it when
present (several times faster than pure Python)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import InputError
from .textfile import detect_encoding

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when present
LIMITS_FILE = Path(__file__).with_name("yaml_limits.yaml")
MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"
#: a text that might nest deeper than this is scanned before the C parser composes it (the
#: parser composes 20,000 levels in a thread; the bundled files bound below 1,500)
SCAN_FROM_DEPTH = 3000


@dataclass(frozen=True)
class Limits:
    """How many aliases a document may hold and how large it may grow when they are expanded."""

    max_count: int
    max_expanded: int
    max_ratio: int
    max_depth: int


@lru_cache(maxsize=1)
def limits() -> Limits:
    """The bounds of carbon/yaml_limits.yaml (the project's own file, read without them)."""
    doc = yaml.load(LIMITS_FILE.read_text(encoding="utf-8"), Loader=_LOADER)
    aliases = doc["aliases"]
    return Limits(int(aliases["max_count"]), int(aliases["max_expanded"]),
                  int(aliases["max_ratio"]), int(doc["nesting"]["max_depth"]))


def _row(node: Node, first_row: int) -> int:
    return node.start_mark.line + first_row


def _key_text(node: Node) -> str | None:
    return node.value if isinstance(node, ScalarNode) and node.tag != MERGE_TAG else None


def _duplicate_keys(loader: Any, node: MappingNode, file: str | Path, first_row: int) -> None:
    """A key given twice in one mapping is an InputError naming both rows (merge keys `<<`
    may be overridden: that is what they are for). Keys are compared as YAML reads them
    (1, 01 and 0x1 are one key; 1 and "1" two); plain text keys, the usual case, as text."""
    keys = [k for k, _ in node.value if isinstance(k, ScalarNode) and k.tag != MERGE_TAG]
    if all(k.tag == STR_TAG for k in keys) and len({k.value for k in keys}) == len(keys):
        return
    seen: dict[Any, int] = {}
    for key_node in keys:
        key = loader.construct_object(key_node)
        try:
            first = seen.get(key)
        except TypeError:
            continue
        row = _row(key_node, first_row)
        if first is not None:
            raise InputError(file, f"the key '{key_node.value}' is given twice in the same "
                             f"mapping (first on row {first}); remove one of them", row=row,
                             key=str(key_node.value), code="yaml_duplicate_key",
                             params={"key": key_node.value, "first": first})
        seen[key] = row


def _mappings(root: Node, file: str | Path, first_row: int) -> Any:
    """Every mapping node of a document without aliases (a tree), parents first; one nested
    deeper than max_depth is an InputError."""
    deepest = limits().max_depth
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            raise _too_deep(file, _row(node, first_row))
        if isinstance(node, MappingNode):
            yield node
            stack.extend((v, depth + 1) for _, v in node.value if not isinstance(v, ScalarNode))
        elif isinstance(node, SequenceNode):
            stack.extend((v, depth + 1) for v in node.value if not isinstance(v, ScalarNode))


def check_document(loader: Any, root: Node, text_length: int, file: str | Path,
                   first_row: int = 1) -> None:
    """Walk the composed document once: every mapping's keys once, at most `max_count` alias
    references, no alias inside the value it names, and the size with every alias written out
    (values plus scalar characters) within max(max_expanded, max_ratio × the text's length).
    Raises InputError (file, row, key) at the first problem; the walk visits each node once."""
    bound = limits()
    cap = max(bound.max_expanded, bound.max_ratio * text_length)
    size: dict[int, int] = {}       # id(node) -> its size with the aliases inside expanded
    open_: set[int] = set()         # nodes being walked (an alias to one of them is a cycle)
    aliases = 0

    def alias(key: str | None, at: Node) -> None:
        nonlocal aliases
        aliases += 1
        if aliases > bound.max_count:
            raise InputError(file, f"more than {bound.max_count:,} aliases (*name) in one "
                             "document; the file is not read", row=_row(at, first_row),
                             key=key, code="yaml_alias_count",
                             params={"limit": f"{bound.max_count:,}".replace(",", " ")})

    # (node, the key it is the value of, where it is referred from, children walked?);
    # scalars are sized where they are met, containers after their children
    stack: list[tuple[Node, str | None, Node, bool]] = []

    def visit(node: Node, key: str | None, at: Node) -> None:
        ident = id(node)
        if ident in size:
            alias(key, at)
        elif isinstance(node, ScalarNode):
            size[ident] = 1 + len(node.value)
        elif ident in open_:
            raise InputError(file, "an alias refers to the value that holds it (the document "
                             "would be endless)", row=_row(at, first_row), key=key,
                             code="yaml_alias_cycle")
        else:
            stack.append((node, key, at, False))

    visit(root, None, root)
    while stack:
        node, key, at, walked = stack.pop()
        ident = id(node)
        if walked:
            open_.discard(ident)
            if isinstance(node, SequenceNode):
                total = 1 + sum(size[id(item)] for item in node.value)
            else:
                total = 1 + sum(size[id(k)] + size[id(v)] for k, v in node.value)
            if total > cap:
                raise InputError(file, f"aliases would expand the document beyond {cap:,} values "
                                 "and characters (an alias bomb?); the file is not read",
                                 row=_row(node, first_row), key=key, code="yaml_alias_expansion",
                                 params={"limit": f"{cap:,}".replace(",", " ")})
            size[ident] = total
            continue
        if ident in size:      # met again while waiting on the stack: an alias
            alias(key, at)
            continue
        open_.add(ident)      # the nodes open are the node's ancestors and itself
        if len(open_) > bound.max_depth:
            raise _too_deep(file, _row(node, first_row))
        stack.append((node, key, at, True))
        if isinstance(node, SequenceNode):
            for item in reversed(node.value):
                visit(item, key, node)
        else:
            _duplicate_keys(loader, node, file, first_row)
            for k, v in reversed(node.value):
                visit(v, _key_text(k) or key, k)
                visit(k, key, k)


def _nesting_bound(text: str) -> int:
    """An upper bound of the document's nesting depth from its text alone (brackets, then
    indentation and the '- ', '? ', ': ' of each line), so that only a text that might nest
    deeper than the C parser can compose (it recurses) is scanned event by event."""
    flow = text.count("[") + text.count("{")
    indent = max((len(m) for m in re.findall(r"^ *", text, re.M)), default=0)
    marks = text.count("- ") + text.count("? ") + text.count(": ")
    if flow + 2 * (indent + 1) + marks <= SCAN_FROM_DEPTH:
        return flow + 2 * (indent + 1) + marks
    per_line = max((ln.count("- ") + ln.count("? ") + ln.count(": ") for ln in text.splitlines()),
                   default=0)
    return flow + 2 * (indent + 1) + per_line


def _check_nesting(text: str, file: str | Path, first_row: int) -> None:
    """A document nested deeper than max_depth is an InputError (file, row), found before it
    is composed: deep enough, the C parser's recursion would crash the process."""
    deepest = limits().max_depth
    if _nesting_bound(text) <= SCAN_FROM_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > deepest:
                    raise _too_deep(file, event.start_mark.line + first_row)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:  # PyYAML 6.0.4 and later stop deep nesting themselves
        if "nesting depth" not in str(getattr(exc, "problem", "") or exc):
            raise
        mark = getattr(exc, "problem_mark", None)
        raise _too_deep(file, (mark.line if mark else 0) + first_row) from None


def _too_deep(file: str | Path, row: int) -> InputError:
    deepest = limits().max_depth
    return InputError(file, f"the document nests lists and mappings more than {deepest} deep; "
                      "the file is not read", row=row, code="yaml_too_deep",
                      params={"limit": deepest})


def parse_yaml(text: str, file: str | Path = "<text>", first_row: int = 1) -> Any:
    """YAML text parsed (C parser when present) and checked (check_document). Broken YAML
    raises yaml.YAMLError as yaml.safe_load does; a key twice or aliases beyond bounds raise
    InputError naming `file` and the row (`first_row`: the file's row of the text's first
    line, for YAML inside another file)."""
    _check_nesting(text, file, first_row)
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        if "&" in text:     # an anchor: aliases may follow
            check_document(loader, root, len(text), file, first_row)
        else:               # no anchor, no alias: the document is a tree as long as its text
            for node in _mappings(root, file, first_row):
                _duplicate_keys(loader, node, file, first_row)
        return loader.construct_document(root)
    finally:
        loader.dispose()


def read_yaml(path: str | Path, what: str = "file") -> Any:
    """The parsed document; a missing file, broken YAML, a key given twice or an alias bomb
    raises InputError (file, line)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, f"{what} not found", code="not_found")
    data = path.read_bytes()
    text = data.decode(detect_encoding(data, path))
    try:
        return parse_yaml(text, path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = getattr(exc, "problem", None) or str(exc)
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start is not None and mark is not None and start.line != mark.line:
            detail += f" ({context} that starts at row {start.line + 1})"
        raise InputError(path, f"not valid YAML: {detail}", row=mark.line + 1 if mark else None,
                         code="yaml_invalid", params={"detail": detail}) from None


def read_mapping(path: str | Path, what: str = "file") -> dict[str, Any]:
    """Like read_yaml, for files whose top level must be a mapping (an empty file gives {})."""
    doc = read_yaml(path, what)
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise InputError(path, f"the {what} must be a mapping of keys to values",
                         code="yaml_not_mapping")
    return doc
