"""Fixes of the structure tree alone: running heads and page numbers (content of no element) as
pagination artifacts, the /IDTree, figure boxes in points, lists of items only, and each link
annotation's parent its Link."""
from __future__ import annotations

from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, IndirectObject,
                           NameObject, TextStringObject)

from .content import PT_PER_PX
from .document import Fixer


def margin_artifacts(doc: Fixer) -> int:
    """Marked content whose element is not in the structure tree (WeasyPrint's @page margin
    boxes: running heads, page numbers) becomes Pagination artifacts (Header or Footer by
    position). Returns how many."""
    count = 0
    for page, array in doc.parent_arrays.items():
        for mcid, ref in enumerate(list(array)):
            if isinstance(ref, IndirectObject) and ref.idnum not in doc.tree.reachable:
                record = doc.pages[page].marked.get(mcid)
                top = record is not None and record.y is not None and \
                    record.y * PT_PER_PX < doc.pages[page].height / 2
                doc.artifact(page, mcid, "Header" if top else "Footer")
                count += 1
    return count


def id_tree(doc: Fixer) -> int:
    """An /IDTree (a name tree of one node) of every element /ID left in the tree."""
    entries = {}
    for ref in doc.tree.order:
        if ref.idnum in doc.tree.reachable and "/ID" in ref.get_object():
            entries[str(ref.get_object()["/ID"])] = ref
    names = ArrayObject()
    for key in sorted(entries, key=lambda k: k.encode("utf-8")):
        names.extend([TextStringObject(key), entries[key]])
    node = DictionaryObject({NameObject("/Names"): names})
    doc.struct_root[NameObject("/IDTree")] = doc.writer._add_object(node)
    return len(entries)


def figure_boxes(doc: Fixer) -> int:
    """Figure /BBox from CSS px (top-down) to PDF points in the page's user space."""
    count = 0
    for ref in doc.tree.order:
        element = ref.get_object()
        attrs = element.get("/A")
        if element["/S"] != "/Figure" or not isinstance(attrs, DictionaryObject) \
                or "/BBox" not in attrs:
            continue
        page = doc.tree.page_of(element)
        height = doc.pages[page].height if page is not None else 0.0
        x1, y1, x2, y2 = (float(v) for v in attrs["/BBox"])
        attrs[NameObject("/BBox")] = ArrayObject(
            FloatObject(round(v, 3)) for v in (
                x1 * PT_PER_PX, height - y2 * PT_PER_PX,
                x2 * PT_PER_PX, height - y1 * PT_PER_PX))
        count += 1
    return count


def lists(doc: Fixer) -> int:
    """L holds only LI (and L, Caption), LI only Lbl and LBody: a Div grouping items (a
    <div> in a <dl>) gives its items to the list, an empty Span between items goes, and an
    LI's other kids (a <p> in an <li>) are wrapped in one LBody. Returns the changes."""
    changes = 0
    for ref in list(doc.tree.order):
        element = ref.get_object()
        if ref.idnum not in doc.tree.reachable or element["/S"] not in ("/L", "/LI"):
            continue
        kids = element["/K"]
        if element["/S"] == "/L":
            for kid in doc.tree.kids(ref):
                kind = kid.get_object()["/S"]
                if kind in ("/Div", "/NonStruct") and doc.tree.kids(kid) and all(
                        k.get_object()["/S"] in ("/LI", "/L") for k in doc.tree.kids(kid)):
                    items = doc.tree.kids(kid)
                    lang = kid.get_object().get("/Lang")
                    for item in items:
                        if lang is not None and "/Lang" not in item.get_object():
                            item.get_object()[NameObject("/Lang")] = lang
                    kid.get_object()[NameObject("/K")] = ArrayObject()
                    doc.adopt(ref, items, before=kid)
                    doc.remove(kid)
                    changes += 1
                elif kind == "/Span" and not doc.text(kid).strip():
                    doc.drop(kid, kind="Layout")  # white space between items
                    changes += 1
        else:
            others = [k for k in doc.tree.kids(ref)
                      if k.get_object()["/S"] not in ("/Lbl", "/LBody")]
            if not others:
                continue
            body = DictionaryObject({
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/LBody"),
                NameObject("/P"): ref, NameObject("/K"): ArrayObject()})
            if "/Pg" in element:
                body[NameObject("/Pg")] = element.raw_get("/Pg")
            body_ref = doc.writer._add_object(body)
            doc.tree.reachable.add(body_ref.idnum)
            doc.tree.parent[body_ref.idnum] = ref
            at = next(i for i, k in enumerate(kids)
                      if isinstance(k, IndirectObject) and k.idnum == others[0].idnum)
            for other in others:
                doc.remove_kid(ref, other)
            kids.insert(min(at, len(kids)), body_ref)
            doc.adopt(body_ref, others)
            changes += 1
    return changes


def link_parents(doc: Fixer) -> int:
    """A link annotation's structure parent is the Link element: WeasyPrint makes it a Span
    inside the Link when the link's text has its own element. Returns the fixes."""
    nums = doc.struct_root["/ParentTree"].get_object()["/Nums"]
    at = {int(nums[i]): i + 1 for i in range(0, len(nums), 2)}
    fixes = 0
    for page in doc.writer.pages:
        for annot_ref in page.get("/Annots", []):
            annot = annot_ref.get_object()
            key = annot.get("/StructParent")
            if annot.get("/Subtype") != "/Link" or key is None or int(key) not in at:
                continue
            owner = nums[at[int(key)]]
            if not isinstance(owner, IndirectObject) or owner.get_object()["/S"] == "/Link":
                continue
            link = doc.tree.parent.get(owner.idnum)
            while link is not None and link.get_object()["/S"] != "/Link":
                link = doc.tree.parent.get(link.idnum)
            if link is None:
                continue
            kids = owner.get_object()["/K"]
            for i, kid in enumerate(kids):
                obj = kid.get_object() if isinstance(kid, IndirectObject) else kid
                if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/OBJR" and \
                        obj.raw_get("/Obj").idnum == annot_ref.idnum:
                    del kids[i]
                    link.get_object()["/K"].append(kid)
                    break
            nums[at[int(key)]] = link
            fixes += 1
    return fixes
