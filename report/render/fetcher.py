"""What the PDF renderer may load: the report's own charts (`vastuu-chart:<key>`), data: URLs
(the images the chapters embed) and files under the allowed folders (the organisation's content
and the project's templates). Everything else is refused, so that no chapter, style or fact
can make the build read a file elsewhere on the machine or fetch from the network."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

#: The prefix of a refusal message; the parent process recognises it (report/render/output.py).
REFUSED = "refused URL: "
#: The prefix of a resource the renderer could not load (it logs it and drops the resource).
FAILED = "failed resource: "
#: WeasyPrint's log messages for a resource it dropped (weasyprint/images.py, css/, html.py).
FAILED_PREFIXES = ("Failed to load image", "Failed to render SVG image", "Failed to load inline SVG",
                   "Failed to load stylesheet", "Failed to load attachment")


def allowed_file(url: str, roots: list[Path]) -> bool:
    """Whether a file: URL points inside one of the folders (symbolic links resolved)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return any(path.is_relative_to(root.resolve()) for root in roots)


def is_allowed(url: str, roots: list[Path], chart_scheme: str) -> bool:
    """Whether the renderer may load `url`."""
    scheme = url.partition(":")[0].lower()
    if scheme == chart_scheme:
        return True  # an unknown chart key is reported as such by the fetcher
    if scheme == "data":
        return True
    return allowed_file(url, roots)


def restricted_fetcher(svgs: dict[str, bytes], roots: list[str | Path]) -> Any:
    """WeasyPrint's URL fetcher: serves `vastuu-chart:<key>` from the drawn charts, data: URLs
    and files under `roots`; any other URL (or a chart that was not drawn) stops the rendering
    with FatalURLFetchingError('refused URL: ...')."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    from .charts import CHART_SCHEME

    folders = [Path(r) for r in roots]

    class RestrictedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not is_allowed(url, folders, CHART_SCHEME):
                raise FatalURLFetchingError(REFUSED + url)
            scheme, _, key = url.partition(":")
            if scheme == CHART_SCHEME:
                if key not in svgs:
                    raise FatalURLFetchingError(f"no chart {key!r} was drawn "
                                                f"(drawn: {sorted(svgs)})")
                return URLFetcherResponse(url, svgs[key], {"Content-Type": "image/svg+xml"})
            return super().fetch(url, headers)

    return RestrictedFetcher(fail_on_errors=True)
