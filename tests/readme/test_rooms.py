"""The README's "What is here" tables name every module of the suite, so that a newcomer who reads them finds
every room, and a module added, moved or removed without the README fails here."""

from __future__ import annotations

import re

from tests.paths import ROOT

PACKAGE = ROOT / "conformance"


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## What is here")
    return text[start : text.index("\n## ", start + 1)]


def named() -> set[str]:
    """Every backticked name in the section, as written (`conformance/evidence/`, `spec.py`, `fields`)."""
    return set(re.findall(r"`([^`\s]+)`", section()))


def test_every_module_of_the_suite_is_named_in_the_room_tables() -> None:
    names = named()
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if path.name in ("__init__.py", "__main__.py") or "__pycache__" in relative.parts:
            continue
        stem = path.stem
        if len(relative.parts) == 1:
            spellings = {f"conformance/{path.name}", path.name}
        else:
            folder = "/".join(relative.parts[:-1])
            spellings = {stem, path.name, f"{folder}/{path.name}", f"conformance/{folder}/{path.name}"}
            if f"conformance/{folder}/" not in names:
                missing.append(f"conformance/{folder}/ (the package)")
        if not spellings & names:
            missing.append(str(relative))
    assert not missing, f"README 'What is here' does not name: {', '.join(sorted(set(missing)))}"


def test_every_name_in_the_room_tables_that_looks_like_a_path_exists() -> None:
    gone = [n for n in named() if n.startswith(("conformance/", "tests/")) and not (ROOT / n.rstrip("/")).exists()]
    gone += [n for n in named() if n.endswith(".py") and "/" not in n and not any(PACKAGE.rglob(n))]
    assert not gone, f"README 'What is here' names what is not there: {', '.join(sorted(gone))}"
