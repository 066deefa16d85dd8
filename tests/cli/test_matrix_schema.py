"""Matrix files are validated whole against the published conformance/matrix.schema.json before anything runs."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from conformance.cli import main
from conformance.matrix_targets import MATRIX_KEYS, MATRIX_SCHEMA_PATH
from tests.paths import ROOT
from tests.support import load_report

SCHEMA = json.loads(MATRIX_SCHEMA_PATH.read_text(encoding="utf-8"))
FAST = ["--seed", "3", "--max-examples", "3", "--timeout", "5"]


def write(tmp_path: Path, body: str) -> Path:
    config = tmp_path / "targets.toml"
    config.write_text(body, encoding="utf-8")
    return config


def test_the_schema_is_valid_and_names_every_key_the_matrix_reads() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert set(SCHEMA["$defs"]["target"]["properties"]) == MATRIX_KEYS


def test_the_readme_matrix_examples_validate() -> None:
    blocks = re.findall(r"```toml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    heredocs = re.findall(r"<<'TOML'\n(.*?)TOML\n", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) + len(heredocs) >= 2
    for text in blocks + heredocs:
        jsonschema.validate(tomllib.loads(text), SCHEMA)


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ('headers = "oops"', "[[target]] 'x': headers: 'oops' is not of type 'object'"),
        ("headers = { X-Trace = 1 }", "[[target]] 'x': headers.X-Trace: 1 is not of type 'string'"),
        ('headers = { "bad name" = "v" }', "[[target]] 'x': headers: 'bad name' does not match"),
        ("thread_id = 7", "[[target]] 'x': thread_id: 7 is not of type 'string'"),
        ('thread_id = ""', "[[target]] 'x': thread_id: '' should be non-empty"),
        ("profile = []", "[[target]] 'x': profile: [] is not of type 'string'"),
        ('api_key_env = "sk-not-a-name"', "[[target]] 'x': api_key_env: 'sk-not-a-name' does not match"),
        ("run_id = { a = 1 }", "[[target]] 'x': run_id: {'a': 1} is not of type 'string'"),
        ('api_key = "inline"', "[[target]] 'x': unknown keys ['api_key']"),
    ],
)
def test_a_key_of_the_wrong_type_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str, said: str
) -> None:
    config = write(tmp_path, f'[[target]]\nname = "x"\nbase_url = "embedded"\n{entry}\n')
    assert main(["matrix", "--config", str(config), "--report-dir", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err, err
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("name", ["../../etc/x", "a/b", "..", ".", "", ".hidden", "x" * 65, "a b"])
def test_a_name_that_is_not_one_safe_path_segment_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    reports = tmp_path / "deep" / "reports"
    config = write(tmp_path, f'[[target]]\nname = "{name}"\nbase_url = "embedded"\n')
    assert main(["matrix", "--config", str(config), "--report-dir", str(reports)]) == 2
    assert "safe path segment" in capsys.readouterr().err
    if name:
        assert main(["matrix", "--target", f"{name}=embedded", "--report-dir", str(reports)]) == 2
        assert "safe path segment" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["targets.toml"]


def test_names_are_unique_and_tables_required(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    twice = write(tmp_path, '[[target]]\nname = "a"\nbase_url = "embedded"\n' * 2)
    assert main(["matrix", "--config", str(twice)]) == 2
    assert "target names must be unique; repeated: 'a'" in capsys.readouterr().err
    for body in ("", 'target = "x"\n', "[target]\nname = 'a'\n", '[[target]]\nname = "a"\n', "[other]\n"):
        assert main(["matrix", "--config", str(write(tmp_path, body))]) == 2, body
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "targets.toml" in err, err


def test_a_target_refused_for_its_budget_is_recorded_as_the_exit_code_says(tmp_path: Path) -> None:
    code = main(["matrix", *FAST, "--target", "small=embedded", "--max-requests", "10", "--report-dir", str(tmp_path)])
    report = load_report(tmp_path / "small")
    assert report["verdict"] == "untestable" and report["untestable"]["kind"] == "not_run"
    assert code == 3
    assert "not run" in (tmp_path / "matrix.md").read_text(encoding="utf-8")
