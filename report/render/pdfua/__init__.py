"""PDF/UA-1 fixes of WeasyPrint's (70) tagged PDF, made on the written bytes: the running heads and
page numbers become pagination artifacts, a table split across pages is one /Table element again
(its repeated header rows artifacts), every element /ID is in an /IDTree, figure boxes are in PDF
points, internal links are described by their target's heading, a word hyphenated at a line end
reads and copies as the whole word, lists hold only items and a link annotation's parent is its
Link (ISO 32000-1 14.8.2.2, 14.9.4, 14.7.2, 14.8.4; ISO 14289-1 7.1, 7.5, 7.6, 7.18.5)."""
from __future__ import annotations

from .document import Fixer
from .hyphens import hyphens
from .links import link_descriptions, link_titles
from .structure import figure_boxes, id_tree, link_parents, lists, margin_artifacts
from .tables import merge_tables

__all__ = ["make_accessible", "link_titles"]


def make_accessible(pdf: bytes, titles: dict[str, str]) -> tuple[bytes, dict[str, int]]:
    """The PDF with the PDF/UA fixes above, and how many of each were made (for the timeline
    and the tests). `titles` (link_titles) maps anchor ids and link addresses to their texts."""
    fixer = Fixer(pdf)
    counts = {
        "artifacts": margin_artifacts(fixer),
        "tables_merged": merge_tables(fixer),
        "figures": figure_boxes(fixer),
        "links": link_descriptions(fixer, titles),
        "hyphens": hyphens(fixer),
        "lists": lists(fixer),
        "link_parents": link_parents(fixer),
    }
    counts["ids"] = id_tree(fixer)
    return fixer.write(), counts
