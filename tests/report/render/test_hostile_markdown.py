"""Chapter Markdown cannot make the report read files (issue 11): raw HTML is shown as text,
links must be web, mail or anchor links, images must lie in the content folder, and a URL the
PDF renderer refuses is reported with the chapter and line that holds it."""
from __future__ import annotations

from pathlib import Path

import pytest

from carbon.errors import InputError
from report.document.chapters import Chapter
from report.pipeline import refused
from report.render.markdown import render_markdown
from report.render.output import RefusedURL


def test_raw_html_is_shown_as_text(tmp_path):
    html = render_markdown('Kuva <img src="file:///etc/hostname"> ja <script>x()</script>\n',
                           tmp_path / "01.md", 5, tmp_path)
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=&quot;file:///etc/hostname&quot;&gt;" in html


@pytest.mark.parametrize("text, ok", [
    ("[a](https://migri.fi)", True), ("[a](mailto:x@y.fi)", True), ("[a](#hiilijalanjalki)", True),
    ("[a](ftp://palvelin/x)", False), ("[a](../salainen.pdf)", False),
    ("[a](smb://palvelin/x)", False)])
def test_links(tmp_path, text, ok):
    if ok:
        render_markdown(text + "\n", tmp_path / "01.md", 5, tmp_path)
    else:
        with pytest.raises(InputError) as err:
            render_markdown("\n" + text + "\n", tmp_path / "01.md", 5, tmp_path)
        assert err.value.row == 6 and err.value.code == "link_refused"


def test_image_through_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    content, outside = tmp_path / "content", tmp_path / "muualla"
    content.mkdir()
    outside.mkdir()
    (outside / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (content / "kuvat").symlink_to(outside)
    with pytest.raises(InputError) as err:
        render_markdown("![kuva](kuvat/x.png)\n", content / "01.md", 3, content)
    assert err.value.code == "image_outside" and err.value.row == 3


def test_an_image_in_the_folder_is_embedded(tmp_path):
    from PIL import Image
    Image.new("RGB", (4, 3)).save(tmp_path / "x.png")   # a real PNG: a broken one is refused
    html = render_markdown("![kuva](x.png)\n", tmp_path / "01.md", 3, tmp_path)
    assert 'src="data:image/png;base64,' in html


def test_a_refused_url_names_the_chapter_and_line(tmp_path):
    chapter = Chapter(file=tmp_path / "03_x.md", id="x", title="X", order=3, sdg_goals=(),
                      sdg_targets=(), kind="chapter", body="eka\ntoka file:///etc/hostname\n",
                      body_line=9)
    err = refused(RefusedURL("file:///etc/hostname"), [chapter])
    assert (err.file, err.row, err.code) == (str(chapter.file), 10, "url_refused")
    err = refused(RefusedURL("file:///muu"), [chapter])
    assert err.file == "report" and err.row is None
