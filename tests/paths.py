"""Where the tests find the project's files and the optional shared reference folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
REFERENCE = ROOT.parent / "shared" / "reference"


def reference_file(name: str) -> Path:
    """A file of ../shared/reference, or skip the calling test with a message saying what is missing."""
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"reference material not present: {path} (it sits beside the project in CI)")
    return path
