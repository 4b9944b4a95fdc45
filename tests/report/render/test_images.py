"""Images the PDF renderer would drop stop the build (report/render/images.py, and the net in
report/render/output.py for whatever else WeasyPrint logs as failed to load)."""
from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest

from carbon.errors import InputError
from report.document.chapters import Chapter
from report.pipeline import failed
from report.render.images import check_image
from report.render.output import FailedResource, render_pdf, url_fingerprint

OUTSIDE = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           b'width="10" height="10"><image xlink:href="file:///etc/hostname" width="10" '
           b'height="10"/></svg>')
CHAPTER = Path("/content/x/02_x.md")


@pytest.mark.parametrize("svg, reference", [
    (OUTSIDE, "file:///etc/hostname"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#a"/></svg>', "other.svg#a"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(\'http://x.org/p\')"/></svg>',
     "http://x.org/p"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://x.org/s.css";</style></svg>',
     "https://x.org/s.css"),
])
def test_an_svg_referring_outside_itself_is_refused(svg, reference):
    with pytest.raises(InputError) as err:
        check_image(Path("k.svg"), svg, CHAPTER, 12)
    assert (err.value.code, err.value.row, err.value.params["reference"]) == \
        ("image_svg_reference", 12, reference)


def test_a_self_contained_svg_and_a_small_png_pass():
    check_image(Path("k.svg"), b'<svg xmlns="http://www.w3.org/2000/svg"><defs><g id="a"/></defs>'
                b'<use href="#a"/><rect style="fill:url(#a)"/></svg>', CHAPTER, 1)
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10)).save(buffer, "PNG")
    check_image(Path("k.png"), buffer.getvalue(), CHAPTER, 1)


def test_a_png_over_the_pixel_limit_is_refused_without_decoding_it():
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("1", (12000, 8000)).save(buffer, "PNG")
    with pytest.raises(InputError) as err:
        check_image(Path("iso.png"), buffer.getvalue(), CHAPTER, 4)
    assert err.value.code == "image_too_large"
    assert (err.value.params["width"], err.value.params["height"]) == (12000, 8000)
    assert err.value.params["limit"] == Image.MAX_IMAGE_PIXELS   # the limit is restored


def test_what_the_renderer_drops_stops_it_and_names_the_chapter():
    uri = "data:image/svg+xml;base64," + base64.b64encode(OUTSIDE).decode()
    html = (f'<html lang="fi"><head><title>t</title></head><body><p>x</p>'
            f'<img alt="Kaavio" src="{uri}"></body></html>')
    with pytest.raises(FailedResource) as err:
        render_pdf(html, allowed_roots=["/nonexistent"])
    assert url_fingerprint(uri) in err.value.detail and "base64" not in err.value.detail
    chapter = Chapter(file=CHAPTER, id="x", title="X", order=2, sdg_goals=(), sdg_targets=(),
                      kind="chapter", body="eka\n\n![Kaavio](kuvat/k.svg)\n", body_line=7)
    error = failed(err.value, [chapter], html)
    assert (error.file, error.row, error.code, error.params["resource"]) == \
        (str(CHAPTER), 9, "resource_failed", "kuvat/k.svg")
