"""The README's "When upstream publishes a new spec" walk-through, end to end, on a copy of the repository:
the diff names the change, the maintainer carries it into openapi.yaml, records the new upstream snapshot,
regenerates the client, and the checks `scripts/test` runs on the spec and the client end green.

The "new" upstream is OpenAI's published spec from ../shared/reference with one enum value added (skips with a
message where that folder is absent); the copy holds only files the repository tracks, so nothing outside it helps.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conformance.upstream import load_document
from tests.paths import ROOT, reference_file

STATUS_ENUM = """          description: Where the step is in its life.
          enum:
            - in_progress
"""


def tracked_copy(into: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name, follow_symlinks=False)  # conformance/openapi.yaml stays a link
    return into


def test_the_readme_walk_through_ends_green_on_a_copy_of_the_repo(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    walk = readme[readme.index("The maintainer's loop:") :]
    walk = walk[: walk.index("```", walk.index("```sh") + 5)]
    full = reference_file("openai-openapi-full.yaml.gz")
    repo = tracked_copy(tmp_path / "repo")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PYTHONPATH": str(repo), "PATH": path}

    def step(*command: str, cwd: Path = repo) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)

    diff = (sys.executable, "-m", "conformance.upstream")
    upstream = load_document(full)
    upstream["components"]["schemas"]["RunStepObject"]["properties"]["status"]["enum"].append("requires_action")
    new = tmp_path / "new-openai-spec.yaml"
    new.write_text(json.dumps(upstream, default=str), encoding="utf-8")  # JSON is YAML too, and quick to write

    first = step(*diff, str(new))
    assert first.returncode == 1, first.stdout + first.stderr
    shown = next(line.removeprefix("#   ") for line in walk.splitlines() if "new enum value upstream" in line)
    assert any(line.startswith(shown.removesuffix("...").rstrip()) for line in first.stdout.splitlines()), shown

    spec = repo / "openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.count(STATUS_ENUM) == 1
    spec.write_text(text.replace(STATUS_ENUM, STATUS_ENUM + "            - requires_action\n"), encoding="utf-8")

    assert "--update-baseline --source" in walk
    source = "openai/openai-openapi openapi.yaml at commit 0123abc (2026-12-01)"
    update = step(*diff, str(new), "--update-baseline", "--source", source)
    assert update.returncode == 0, update.stdout + update.stderr
    assert "0 upstream change(s) to act on" in update.stdout
    assert "- fact changed: `schema RunStepObject.properties.status.enum`" in update.stdout, update.stdout
    assert source in (repo / "codegen" / "upstream-snapshot.json").read_text(encoding="utf-8")

    generate = step(sys.executable, "scripts/generate.py")
    assert generate.returncode == 0, generate.stdout + generate.stderr
    models = "".join(p.read_text(encoding="utf-8") for p in (repo / "generated").rglob("*status*.py"))
    assert "requires_action" in models
    for command in (
        (sys.executable, "scripts/generate.py", "--check"),
        (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/spec/test_fidelity.py"),
    ):
        done = step(*command)
        assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"
    typed = step(sys.executable, "-m", "mypy", "--strict", "run_steps_client", cwd=repo / "generated")
    assert typed.returncode == 0, typed.stdout + typed.stderr
