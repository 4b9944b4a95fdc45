"""Checking an image a chapter embeds, before the PDF renderer sees it: the renderer drops an
image it cannot load with no more than a log line, so what it would drop is refused here,
naming the chapter, the line and the image (issue 26). An SVG must be self-contained (no
reference to anything outside itself: the renderer may load nothing else, and would drop the
image); a raster image must open and stay within the image library's pixel limit."""
from __future__ import annotations

import re
import warnings
from pathlib import Path
from xml.etree import ElementTree

from carbon.errors import InputError

#: References inside an SVG that stay inside it: a fragment (#id) or inline data.
_INSIDE = ("#", "data:")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\");\s]*)", re.IGNORECASE)


def _svg_references(data: bytes) -> list[str]:
    """Every reference in an SVG document (href, src, CSS url() and @import) that points
    outside it; a document type with entities (an XML bomb, an outside entity) counts as one."""
    head = data[:65536].lower()
    if b"<!entity" in head or b"<!doctype" in head and b"[" in head.split(b"<!doctype", 1)[1][:2000]:
        return ["<!ENTITY>"]
    root = ElementTree.fromstring(data)
    found = []
    for element in root.iter():
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local in ("href", "src") and not value.strip().startswith(_INSIDE):
                found.append(value.strip())
            if local == "style":
                found += _css_outside(value)
        if str(element.tag).rsplit("}", 1)[-1].lower() == "style":
            found += _css_outside(element.text or "")
    return found


def _css_outside(css: str) -> list[str]:
    """The url() and @import targets of CSS text that point outside the document."""
    urls = [u.strip() for u in _CSS_URL.findall(css)] + [u.strip() for u in _CSS_IMPORT.findall(css)]
    return [u for u in urls if u and not u.startswith(_INSIDE)]


def check_image(path: Path, data: bytes, file: Path, row: int | None) -> None:
    """An image the renderer would drop is an InputError naming the chapter (`file`), its line
    and the image: an SVG that refers outside itself or does not parse, a raster image that
    does not open or has more pixels than the image library accepts."""
    name = path.name
    if path.suffix.lower() == ".svg":
        try:
            outside = _svg_references(data)
        except ElementTree.ParseError as exc:
            raise InputError(file, f"image {name!r} cannot be read: {exc}", row=row,
                             code="image_unreadable", params={"name": name, "detail": str(exc)}) \
                from None
        if outside:
            raise InputError(file, f"image {name!r} refers to {outside[0]!r} outside itself: an "
                             "SVG in a chapter must be self-contained (the report loads nothing "
                             "else)", row=row, code="image_svg_reference",
                             params={"name": name, "reference": outside[0]})
        return
    from io import BytesIO

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        width, height = _size_anyway(data)
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        raise InputError(file, f"image {name!r} cannot be read: {exc}", row=row,
                         code="image_unreadable", params={"name": name, "detail": str(exc)}) \
            from None
    limit = Image.MAX_IMAGE_PIXELS
    if limit and width * height > limit:
        raise InputError(file, f"image {name!r} has {width} × {height} pixels, more than the "
                         f"{limit} the renderer accepts: scale it down", row=row,
                         code="image_too_large",
                         params={"name": name, "width": width, "height": height, "limit": limit})


def _size_anyway(data: bytes) -> tuple[int, int]:
    """The size of an image past the pixel limit (opened with the limit lifted: the header only)."""
    from io import BytesIO

    from PIL import Image

    saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(BytesIO(data)) as image:
            return image.size
    finally:
        Image.MAX_IMAGE_PIXELS = saved
