"""`conformance matrix`: several targets, one Markdown table of check x target."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.cli import main
from tests.support import load_report

FAST = ["--seed", "3", "--max-examples", "3"]


def test_matrix_from_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "matrix",
            *FAST,
            "--target",
            "reference=embedded",
            "--target",
            "swapped=embedded:ids-swapped",
            "--report-dir",
            str(tmp_path),
        ]
    )
    assert code == 1  # one target is non-conformant
    table = (tmp_path / "matrix.md").read_text(encoding="utf-8")
    assert "| check | reference | swapped |" in table
    assert "| `first_last_ids` | pass | **FAIL** |" in table
    assert "| `cursor_walk` | pass | pass |" in table
    assert "| **verdict** | **conformant** | **non-conformant** |" in table
    for name, verdict in (("reference", "conformant"), ("swapped", "non-conformant")):
        assert load_report(tmp_path / name)["verdict"] == verdict
    assert table in capsys.readouterr().out


def test_matrix_from_toml_reads_keys_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATRIX_TEST_KEY", "sk-ref-conformance")
    config = tmp_path / "targets.toml"
    config.write_text(
        '[[target]]\nname = "clean"\nbase_url = "embedded"\napi_key_env = "MATRIX_TEST_KEY"\n\n'
        '[[target]]\nname = "portkey-style"\nbase_url = "embedded"\nprofile = "portkey"\n',
        encoding="utf-8",
    )
    output = tmp_path / "out" / "table.md"
    assert main(["matrix", *FAST, "--config", str(config), "--output", str(output)]) == 0
    assert "| check | clean | portkey-style |" in output.read_text(encoding="utf-8")


def test_matrix_rejects_unknown_toml_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "targets.toml"
    config.write_text('[[target]]\nname = "x"\nbase_url = "embedded"\napi_key = "inline"\n', encoding="utf-8")
    assert main(["matrix", "--config", str(config)]) == 2
    assert "unknown keys ['api_key']" in capsys.readouterr().err
