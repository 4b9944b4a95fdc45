"""Markdown (CommonMark + tables) to HTML for chapter bodies; images checked (report/render/images.py)
and embedded."""
from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

from markdown_it import MarkdownIt

from carbon.errors import InputError
from .images import check_image

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".svg": "image/svg+xml", ".gif": "image/gif", ".webp": "image/webp"}


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables; raw HTML in the content is shown as text, not passed through."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


#: What a link in a chapter may point at: web pages, e-mail addresses and places in the report.
LINK_PREFIXES = ("https://", "http://", "mailto:", "#")


def _is_remote(src: str) -> bool:
    return "://" in src or src.startswith(("data:", "mailto:"))


def _check_link(href: str, file: Path, row: int | None) -> None:
    """A link must be a web address, an e-mail address or an anchor: a file: or other local
    URL would point the reader (and any tool that follows it) at the building machine."""
    if not href.lower().startswith(LINK_PREFIXES):
        raise InputError(file, f"link {href!r} is not a web address (https://...), an e-mail "
                               "address (mailto:) or a place in the report (#...)", row=row,
                         code="link_refused", params={"href": href})


def data_uri(path: Path, file: Path, row: int | None) -> str:
    """An image file as a data: URI (the HTML and PDF stay self-contained)."""
    mime = IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    if not mime or not mime.startswith("image/"):
        raise InputError(file, f"image {path.name!r} is not a PNG, JPEG, SVG, GIF or WebP file",
                         row=row, code="image_type", params={"name": path.name})
    data = path.read_bytes()
    check_image(path, data, file, row)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def render_markdown(text: str, file: Path, body_line: int | None, image_dir: Path,
                    md: MarkdownIt | None = None) -> str:
    """HTML of a chapter body. `#` headings (the chapter title's level), missing images and
    images without alt text raise InputError naming the file and, when `body_line` is given,
    the line."""
    md = md or markdown_parser()
    tokens = md.parse(text)
    for token in tokens:
        row = body_line + token.map[0] if body_line is not None and token.map else None
        if token.type == "heading_open" and token.tag == "h1":
            raise InputError(file, "a '#' heading repeats the chapter title's level; "
                                   "use '##' for subsections", row=row, code="heading_level")
        for child in token.children or []:
            if child.type == "link_open":
                _check_link(str(child.attrGet("href") or ""), file, row)
            if child.type != "image":
                continue
            src = str(child.attrGet("src") or "")
            if not child.content.strip():
                raise InputError(file, f"image {src!r} has no alt text (![text](file))", row=row,
                                 code="image_no_alt", params={"src": src})
            if _is_remote(src):
                raise InputError(file, f"image {src!r} is not a local file; the report must "
                                       "build offline", row=row,
                                       code="image_remote", params={"src": src})
            path = (image_dir / src).resolve()
            if not path.is_relative_to(image_dir.resolve()):
                raise InputError(file, f"image {src!r} is outside the organisation's content "
                                       f"folder {image_dir}; the report may show only images "
                                       "kept there", row=row, code="image_outside",
                                 params={"src": src, "folder": str(image_dir)})
            if not path.is_file():
                raise InputError(file, f"image not found: {src} (looked in {image_dir})", row=row,
                                 code="image_not_found",
                                 params={"src": src, "folder": str(image_dir)})
            child.attrSet("src", data_uri(path, file, row))
    return md.renderer.render(tokens, md.options, {})
