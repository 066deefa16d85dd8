"""Build generated/run_steps_client from openapi.yaml, or (--check) report where the committed copy drifts.

The client is produced by openapi-python-client (pinned in requirements.lock) with the config and
templates under codegen/, then the hand-written modules in codegen/extras/ are copied in. Nothing inside
generated/ is edited by hand; this script is the only writer.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CODEGEN = ROOT / "codegen"
# generated/ is the client's own project (pyproject.toml, README.md, .gitignore) with the package inside it.
TARGET = ROOT / "generated"
PACKAGE = "run_steps_client"
# What tools leave beside the sources (type-check caches, a local build); never part of the comparison.
IGNORED = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist"}


def prepared_spec(directory: Path, source: Path = SPEC) -> Path:
    """openapi.yaml as the generator should read it. openapi-python-client documents a parameter with its
    schema's description only, so each parameter's own description is copied into its schema (where the
    schema has none); nothing else changes."""
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter.get("schema")
                if isinstance(schema, dict) and parameter.get("description") and "description" not in schema:
                    schema["description"] = " ".join(str(parameter["description"]).split())
    path = directory / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def build(dest: Path, source: Path = SPEC) -> None:
    """Generate the package into dest (which must not exist yet) from `source` (openapi.yaml)."""
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    scratch = Path(tempfile.mkdtemp(prefix="generate-spec-"))
    command = [
        sys.executable, "-m", "openapi_python_client", "generate",
        "--path", str(prepared_spec(scratch, source)),
        "--config", str(CODEGEN / "config.yaml"),
        "--custom-template-path", str(CODEGEN / "templates"),
        "--output-path", str(dest),
        # pyproject.toml and README.md come from codegen/templates (setuptools, the same backend as the suite);
        # the meta kind only makes the generator write a project around the package.
        "--meta", "uv",
    ]  # fmt: skip
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    shutil.rmtree(scratch, ignore_errors=True)
    output = proc.stdout + proc.stderr
    # The generator exits 0 even when it had to leave pieces out; any warning is treated as a failure.
    if proc.returncode != 0 or "Warning" in output or "Error" in output:
        sys.stderr.write(output)
        raise SystemExit("generate: openapi-python-client failed or warned (output above)")
    for extra in sorted(p for p in (CODEGEN / "extras").iterdir() if p.is_file()):
        shutil.copyfile(extra, dest / PACKAGE / extra.name)


def tree(root: Path) -> dict[str, Path]:
    return {
        str(path.relative_to(root)): path
        for path in root.rglob("*")
        if path.is_file()
        and not IGNORED.intersection(path.relative_to(root).parts)
        and not any(part.endswith(".egg-info") for part in path.relative_to(root).parts)
    }


def differences(expected: Path, actual: Path) -> list[str]:
    want, have = tree(expected), tree(actual) if actual.exists() else {}
    changed = []
    for name in sorted(set(want) | set(have)):
        if name not in have:
            changed.append(f"missing   {name}")
        elif name not in want:
            changed.append(f"extra     {name}")
        elif not filecmp.cmp(want[name], have[name], shallow=False):
            changed.append(f"differs   {name}")
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 naming drifted files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "generated"
        build(fresh)
        changed = differences(fresh, TARGET)
        if args.check:
            if changed:
                rel = TARGET.relative_to(ROOT)
                print(f"generate --check: {rel}/ does not match openapi.yaml; run scripts/generate. Files:")
                for line in changed:
                    print(f"  {line}")
                return 1
            print("generate --check: generated/ matches openapi.yaml")
            return 0
        if TARGET.exists():
            shutil.rmtree(TARGET)
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, TARGET)
        print(f"generate: wrote {TARGET.relative_to(ROOT)}/ ({len(changed)} file(s) changed)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
