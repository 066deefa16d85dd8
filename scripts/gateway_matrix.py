"""Builds the example matrix in examples/gateway-matrix.md: the reference provider directly, behind Portkey's
gateway 1.9.8, behind 1.15.2, and with a fault behind 1.9.8. Everything runs on loopback.

Usage: scripts/gateway-matrix [OUTPUT [REPORT_DIR]]
  OUTPUT: the Markdown table (default: examples/gateway-matrix.md);
  REPORT_DIR: each target's reports and pages, and matrix.html (default: reports/gateway-matrix/).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from conformance import reference
from conformance.cli import main as conformance_main
from conformance.errors import GatewayUnavailable
from conformance.portkey_gateway_process import PortkeyGateway

ROOT = Path(__file__).resolve().parent.parent
FAULT = "cursor-inclusive"
KEY_ENV = "RUN_STEPS_REFERENCE_KEY"


def toml_target(name: str, base_url: str, **extra: str) -> str:
    lines = [
        "[[target]]",
        f'name = "{name}"',
        f'base_url = "{base_url}"',
        f'api_key_env = "{KEY_ENV}"',
        'thread_id = "thread_ref_main"',
        'run_id = "run_ref_main"',
    ]
    lines += [f'{key} = "{value}"' for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def build(output: Path, report_dir: Path) -> int:
    os.environ[KEY_ENV] = reference.BEARER_KEY
    with (
        reference.embedded() as clean,
        reference.embedded(FAULT) as faulty,
        PortkeyGateway("1.9.8") as old,
        PortkeyGateway("1.15.2") as new,
    ):
        via = {"profile": "portkey-self-hosted", "portkey_provider": "openai"}
        config = "\n".join([
            toml_target("reference", clean.base_url),
            toml_target("gateway-1.9.8", old.base_url, custom_host=clean.base_url, **via),
            toml_target("gateway-1.15.2", new.base_url, custom_host=clean.base_url, **via),
            toml_target(f"gateway-1.9.8+{FAULT}", old.base_url, custom_host=faulty.base_url, **via),
        ])  # fmt: skip
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "targets.toml"
            path.write_text(config, encoding="utf-8")
            return conformance_main(
                ["matrix", "--config", str(path), "--seed", "1", "--max-examples", "10", "--output", str(output),
                 "--report-dir", str(report_dir)]
            )  # fmt: skip


def main() -> int:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "gateway-matrix.md"
    report_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "reports" / "gateway-matrix"
    try:
        code = build(output, report_dir)
    except GatewayUnavailable as exc:
        print(f"gateway-matrix: {exc}", file=sys.stderr)
        return 2
    # Exit 1 is expected: two of the four targets are non-conformant on purpose.
    if code in (0, 1):
        print(f"gateway-matrix: open {report_dir / 'matrix.html'} in a browser")
    return 0 if code in (0, 1) else code


if __name__ == "__main__":
    sys.exit(main())
