"""The structure tree as read: elements in reading order, their parents, what is reachable from
the root, and the MCIDs under an element."""
from __future__ import annotations

from typing import Any, Iterator

from pypdf.generic import DictionaryObject, IndirectObject


class Tree:
    """The structure tree as read: elements in reading order, their parents, and the MCIDs of
    each element by page."""

    def __init__(self, root: Any, page_index: dict[int, int]) -> None:
        self.root = root
        self.page_index = page_index
        self.parent: dict[int, Any] = {}
        self.order: list[Any] = []
        self.reachable: set[int] = set()
        for kid in root.get("/K", []):
            self._walk(kid, None)

    def _walk(self, ref: Any, parent: Any) -> None:
        """Record an element and its subtree (each element once)."""
        if not isinstance(ref, IndirectObject):
            return
        element = ref.get_object()
        if not isinstance(element, DictionaryObject) or "/S" not in element:
            return
        if ref.idnum in self.reachable:
            return
        self.reachable.add(ref.idnum)
        self.parent[ref.idnum] = parent
        self.order.append(ref)
        for kid in element.get("/K", []):
            self._walk(kid, ref)

    def page_of(self, element: Any) -> int | None:
        """The page index of an element's /Pg."""
        pg = element.get("/Pg")
        return self.page_index.get(pg.idnum) if isinstance(pg, IndirectObject) else None

    def mcids(self, ref: Any) -> Iterator[tuple[int, int]]:
        """The (page, MCID) of the marked content under an element, in reading order."""
        element = ref.get_object()
        page = self.page_of(element)
        for kid in element.get("/K", []):
            if isinstance(kid, int) and not isinstance(kid, IndirectObject):
                if page is not None:
                    yield page, int(kid)
            elif isinstance(kid, IndirectObject):
                obj = kid.get_object()
                if isinstance(obj, DictionaryObject) and "/S" in obj:
                    yield from self.mcids(kid)
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                pg = kid.get("/Pg", element.get("/Pg"))
                if isinstance(pg, IndirectObject) and pg.idnum in self.page_index:
                    yield self.page_index[pg.idnum], int(kid["/MCID"])

    def kids(self, ref: Any, tag: str | None = None) -> list[Any]:
        """An element's child elements (of one structure type, if given)."""
        out = []
        for kid in ref.get_object().get("/K", []):
            if isinstance(kid, IndirectObject):
                obj = kid.get_object()
                if isinstance(obj, DictionaryObject) and "/S" in obj:
                    if tag is None or obj["/S"] == tag:
                        out.append(kid)
        return out

    def descendants(self, ref: Any) -> Iterator[Any]:
        """An element and all elements under it, in reading order."""
        yield ref
        for kid in self.kids(ref):
            yield from self.descendants(kid)
