"""The union template reads each discriminator from the spec (`propertyName`, `mapping`): a copy of openapi.yaml
whose step-details tag is renamed and which gains a variant regenerates into a client that decodes both, with
no template change."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.paths import ROOT, SPEC

DETAILS = ("RunStepDetailsMessageCreationObject", "RunStepDetailsToolCallsObject")


def edited_spec(path: Path) -> None:
    spec: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    for name in DETAILS:  # the tag of step details is called `kind` from now on
        schema = schemas[name]
        schema["properties"] = {("kind" if k == "type" else k): v for k, v in schema["properties"].items()}
        schema["required"] = ["kind" if r == "type" else r for r in schema["required"]]
    schemas["RunStepDetailsWebSearchObject"] = {
        "type": "object",
        "title": "Web search details",
        "properties": {
            "kind": {"type": "string", "enum": ["web_search"]},
            "web_search": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
        },
        "required": ["kind", "web_search"],
    }
    details = schemas["RunStepObject"]["properties"]["step_details"]
    details["oneOf"].append({"$ref": "#/components/schemas/RunStepDetailsWebSearchObject"})
    details["discriminator"]["propertyName"] = "kind"
    details["discriminator"]["mapping"]["web_search"] = "#/components/schemas/RunStepDetailsWebSearchObject"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


def test_a_renamed_tag_and_a_new_variant_need_no_template_change(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    edited_spec(spec)
    out = tmp_path / "client"  # the client's project; the package is out / "run_steps_client"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import generate; from pathlib import Path; "
        "generate.build(Path(sys.argv[2]), Path(sys.argv[3]))"
    )
    built = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "scripts"), str(out), str(spec)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); from run_steps_client.models.run_step import RunStep\n"
        "import json\nstep = json.loads(sys.argv[2])\n"
        'for kind, details in (("message_creation", {"kind": "message_creation", "message_creation": '
        '{"message_id": "msg_1"}}), ("web_search", {"kind": "web_search", "web_search": {"query": "q"}}),'
        ' ("mcp", {"kind": "mcp"})):\n'
        '    parsed = RunStep.from_dict({**step, "type": kind, "step_details": details})\n'
        "    print(type(parsed.step_details).__name__, getattr(parsed.step_details, 'type_', ''))\n"
    )
    step = {
        "id": "step_1", "object": "thread.run.step", "created_at": 1, "assistant_id": "a", "thread_id": "t",
        "run_id": "r", "status": "completed", "last_error": None, "expired_at": None, "cancelled_at": None,
        "failed_at": None, "completed_at": 2, "metadata": None, "usage": None,
    }  # fmt: skip
    import json

    ran = subprocess.run(
        [sys.executable, "-c", probe, str(out), json.dumps(step)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split("\n")[:3] == ["MessageCreationDetails ", "WebSearchDetails ", "UnknownVariant mcp"]
    assert importlib.util.find_spec("run_steps_client") is not None  # the project's own client is untouched
