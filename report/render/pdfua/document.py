"""The PDF being fixed (report/render/pdfua): the pypdf writer, its pages' content, the
structure tree and the parent tree, and the edits every fix shares: taking an element out,
moving elements, turning marked content into artifacts, and writing the result."""
from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, IndirectObject, NameObject, NullObject, StreamObject

from .content import Fonts, read_page
from .tree import Tree


class Fixer:
    """The PDF being fixed: pages, structure tree and the parent tree's page arrays."""

    def __init__(self, pdf: bytes) -> None:
        self.writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        self.catalog = self.writer._root_object
        self.fonts = Fonts()
        self.pages = [read_page(i, p, self.fonts) for i, p in enumerate(self.writer.pages)]
        page_index = {p.indirect_reference.idnum: i for i, p in enumerate(self.writer.pages)}
        self.struct_root = self.catalog["/StructTreeRoot"].get_object()
        self.tree = Tree(self.struct_root, page_index)
        nums = self.struct_root["/ParentTree"].get_object()["/Nums"]
        self.parent_arrays: dict[int, Any] = {
            int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)
            if isinstance(nums[i + 1].get_object(), ArrayObject)}

    def text(self, ref: Any) -> str:
        """The text of an element's marked content (lines joined by spaces)."""
        parts = []
        for page, mcid in self.tree.mcids(ref):
            marked = self.pages[page].marked.get(mcid)
            if marked is not None:
                parts.append(marked.text)
        return " ".join(p for p in parts if p)

    def artifact(self, page: int, mcid: int, subtype: str | None = None,
                 kind: str = "Pagination") -> None:
        """Turn a marked-content sequence into an artifact (pagination unless told), out of the
        parent tree."""
        record = self.pages[page].marked.get(mcid)
        if record is None:
            return
        props = f"<</Type /{kind}".encode() + (f" /Subtype /{subtype}".encode() if subtype
                                                else b"")
        self.pages[page].edits[record.header] = b"/Artifact\n" + props + b">>\nBDC\n"
        array = self.parent_arrays.get(page)
        if array is not None and mcid < len(array):
            array[mcid] = NullObject()

    def last_page(self, ref: Any) -> int:
        """The last page any part of an element is on."""
        pages = [self.tree.page_of(e.get_object()) for e in self.tree.descendants(ref)]
        return max(p for p in pages if p is not None)

    def remove(self, ref: Any) -> None:
        """Take an element out of its parent; a parent left empty goes too (not the root's kids)."""
        parent = self.tree.parent.get(ref.idnum)
        if parent is None:
            return
        kids = parent.get_object()["/K"]
        for i, kid in enumerate(kids):
            if isinstance(kid, IndirectObject) and kid.idnum == ref.idnum:
                del kids[i]
                break
        for element in self.tree.descendants(ref):
            self.tree.reachable.discard(element.idnum)
        if not kids and self.tree.parent.get(parent.idnum) is not None:
            self.remove(parent)

    def adopt(self, new_parent: Any, refs: list[Any], before: Any = None) -> None:
        """Move elements under another parent (before one of its kids, or at the end)."""
        kids = new_parent.get_object()["/K"]
        at = len(kids)
        if before is not None:
            at = next(i for i, k in enumerate(kids)
                      if isinstance(k, IndirectObject) and k.idnum == before.idnum)
        for ref in refs:
            ref.get_object()[NameObject("/P")] = new_parent
            self.tree.parent[ref.idnum] = new_parent
        kids[at:at] = refs

    def remove_kid(self, parent: Any, ref: Any) -> None:
        """Take one kid out of its parent's /K (and nothing else)."""
        kids = parent.get_object()["/K"]
        for i, kid in enumerate(kids):
            if isinstance(kid, IndirectObject) and kid.idnum == ref.idnum:
                del kids[i]
                return

    def drop(self, ref: Any, kind: str = "Pagination") -> None:
        """Make an element's marked content artifacts and take the element out of the tree."""
        for page, mcid in list(self.tree.mcids(ref)):
            self.artifact(page, mcid, kind=kind)
        self.remove(ref)

    def write(self) -> bytes:
        """The edited content streams written back and the whole PDF as bytes."""
        for page in self.pages:
            if not page.edits:
                continue
            out, at = [], 0
            for (start, end), replacement in sorted(page.edits.items()):
                out.extend([page.data[at:start], replacement])
                at = end
            out.append(page.data[at:])
            data = b"".join(out)
            if page.stream is None:
                stream = StreamObject()
                stream.set_data(data)
                page.obj[NameObject("/Contents")] = self.writer._add_object(stream.flate_encode())
            else:
                page.stream.set_data(data)
        buffer = io.BytesIO()
        self.writer.write(buffer)
        return buffer.getvalue()
