"""Generator upgrades made safe: each custom template records the stock template it was made from; when the
installed openapi-python-client's stock template differs, this fails and names the template to re-apply."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openapi_python_client
import pytest

from tests.paths import ROOT

CUSTOM = ROOT / "codegen" / "templates"
RECORD = json.loads((ROOT / "codegen" / "stock-templates.json").read_text(encoding="utf-8"))
STOCK = Path(openapi_python_client.__file__).parent / "templates"


def custom_templates() -> list[str]:
    return sorted(str(p.relative_to(CUSTOM)) for p in CUSTOM.rglob("*.jinja"))


def test_every_custom_template_records_its_stock_origin() -> None:
    assert custom_templates() == sorted(RECORD["templates"]), "codegen/stock-templates.json and templates differ"


@pytest.mark.parametrize("name", custom_templates())
def test_the_stock_template_is_still_the_one_we_customised(name: str) -> None:
    stock = STOCK / name
    assert stock.is_file(), f"{name}: the installed generator has no stock template of this name any more"
    digest = hashlib.sha256(stock.read_bytes()).hexdigest()
    recorded = RECORD["templates"][name]["stock_sha256"]
    assert digest == recorded, (
        f"{name}: the stock template changed since our customisation ({RECORD['generator']}); diff "
        f"{stock} against the old one and re-apply: {RECORD['templates'][name]['change']}"
    )


def test_the_record_names_the_pinned_generator() -> None:
    pinned = next(
        line.split("==")[1].strip()
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if line.startswith("openapi-python-client==")
    )
    assert RECORD["generator"] == f"openapi-python-client {pinned}"
