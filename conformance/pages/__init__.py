"""The compatibility pages: `report.html` and `badge.svg` per run, `matrix.html` over targets (with the history
of earlier nights), all made from `report.json` data (plain dicts) only, so old reports can be rendered again.

Every page is one self-contained file: inline CSS, a little inline JS, no request to any other host (a
Content-Security-Policy in each page says so to the browser too). Every string from a report is HTML-escaped,
and every page passes the masker on its way to disk, like every other output of the suite.
"""

from conformance.errors import RenderError
from conformance.pages.history import DEFAULT_NIGHTS
from conformance.pages.render import matrix_page, render, write_matrix_page, write_run_pages

__all__ = ["DEFAULT_NIGHTS", "RenderError", "matrix_page", "render", "write_matrix_page", "write_run_pages"]
