"""Files the suite reads at run time (the spec, the report and matrix schemas), found through the package.

They ship inside the `conformance` package, so an installed suite (`pip install`, `pipx install`) finds them
wherever it runs. `conformance/openapi.yaml` is a symlink to the project's `openapi.yaml`: a checkout reads the
one hand-maintained file, and building a wheel copies its content into the package (setuptools follows the
link), so the spec is never edited twice.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

SPEC = "openapi.yaml"
REPORT_SCHEMA = "report.schema.json"
MATRIX_SCHEMA = "matrix.schema.json"


def resource_path(name: str) -> Path:
    """The file `name` shipped with the package, as a path on disk.

    Installed wheels and checkouts both keep the package as a directory, so the traversable is a real path
    (schemathesis and jsonschema want one); a zipped install is not supported and says so.
    """
    traversable = files("conformance").joinpath(name)
    path = Path(str(traversable))
    if not path.is_file():
        raise FileNotFoundError(f"the conformance package is missing its data file {name} (looked at {path})")
    return path
