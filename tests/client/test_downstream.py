"""The client as a downstream developer meets it: what the package root offers (and only that), help() that
shows the fields, errors that carry the request id and the attempts, arguments refused before anything is
sent, and the deprecation warning on the caller's own line, from every entry point."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
import run_steps_client
from run_steps_client import (
    ApiConnectionError,
    ApiError,
    InternalServerError,
    ListRunStepsIncludeItem,
    NotFoundError,
    RedirectError,
    RetryPolicy,
    iter_run_steps,
    list_run_steps,
    presets,
)

from conformance.reference.server import ReferenceServer
from tests.client.test_front_door import Servers
from tests.paths import ROOT
from tests.ports import free_port

KEY, THREAD, RUN = "sk-ref-conformance", "thread_ref_main", "run_ref_main"
CONTENT: ListRunStepsIncludeItem = "step_details.tool_calls[*].file_search.results[*].content"


def readme_python_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)


def imports_of(source: str) -> list[tuple[str, str]]:
    """(module, name) for every `from run_steps_client... import name` in the source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("run_steps_client"):
            found += [(node.module, alias.name) for alias in node.names]
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names if alias.name.startswith("run_steps_client.")]
    return found


def test_the_readme_examples_and_the_typed_example_import_only_from_the_root() -> None:
    sources = [*readme_python_blocks(), (ROOT / "examples" / "tool_calls.py").read_text(encoding="utf-8")]
    used = [found for source in sources for found in imports_of(source)]
    assert len(used) > 20, used
    assert {module for module, _ in used} == {"run_steps_client"}, used
    names = sorted({name for _, name in used})
    # In a fresh process: the import works, and it loads no submodule until a name is used.
    code = (
        "import sys, run_steps_client\n"
        "assert [m for m in sys.modules if m.startswith('run_steps_client.')] == [], sys.modules\n"
        f"from run_steps_client import {', '.join(names)}\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert set(names) <= set(run_steps_client.__all__)


def test_dir_and_help_show_the_clients_names_only() -> None:
    code = (
        "import pydoc, sys, run_steps_client as r\n"
        "print(' '.join(dir(r)))\n"
        "print('httpx' in sys.modules, [m for m in sys.modules if m.startswith('run_steps_client.')])\n"
        "print(pydoc.render_doc(r, renderer=pydoc.plaintext))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    listed, loaded, page = result.stdout.split("\n", 2)
    assert listed.split() == sorted(run_steps_client.__all__)
    assert loaded == "False []"  # dir() is lazy too
    for name in ("ToolCallsDetails", "CodeInterpreterToolCall", "CodeInterpreterLogsOutput", "FileSearchToolCall",
                 "ListRunStepsIncludeItem", "Unset", "UNSET", "UnknownVariant", "iter_run_steps"):  # fmt: skip
        assert name in run_steps_client.__all__ and re.search(rf"\b{name}\b", page), name
    module_level = page.split("FUNCTIONS", 1)[1]  # the functions and data sections of the package
    for stray in ("TYPE_CHECKING", "import_module", "__getattr__", "_WHERE", "Any"):
        assert not re.search(rf"\b{stray}\b", module_level), stray


def test_help_of_every_model_shows_its_fields_descriptions() -> None:
    from run_steps_client import models

    for name in models.__all__:
        model = getattr(models, name)
        if not attrs.has(model):
            continue
        doc = model.__doc__ or ""
        for field in attrs.fields(model):
            if field.name != "additional_properties":
                assert re.search(rf"^\s+{field.name}: \S", doc, flags=re.MULTILINE), (name, field.name)
    from run_steps_client import RunStep

    assert "expired_at: When the step expired" in " ".join((RunStep.__doc__ or "").split())


def test_user_docstrings_carry_no_maintainer_notes() -> None:
    package = ROOT / "generated" / "run_steps_client"
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node) or ""
                for note in ("Hand-written", "scripts/", "codegen/", "README"):
                    assert note not in doc, (path.name, getattr(node, "name", "module"), note)


def test_an_error_from_the_reference_provider_shows_its_request_id(reference: ReferenceServer) -> None:
    client = presets.openai(KEY, base_url=reference.base_url, retry=RetryPolicy(max_retries=0))
    with client, pytest.raises(NotFoundError) as caught:
        list_run_steps(client, THREAD, "run_nope")
    error = caught.value
    assert error.request_id is not None and error.request_id.startswith("req_ref_")
    assert error.headers["X-Request-Id"] == error.request_id  # the headers as sent, looked up in any case
    assert error.attempts == 1
    assert str(error).startswith("404 invalid_request_error: No run found")
    assert str(error).endswith(f"(request id {error.request_id})")


def test_a_retried_error_says_how_many_attempts_it_took(servers: Servers) -> None:
    policy = RetryPolicy(max_retries=2, backoff_base=0.01)
    client = presets.openai(KEY, base_url=servers("server-error").base_url, retry=policy)
    with client, pytest.raises(InternalServerError) as caught:
        list(iter_run_steps(client, THREAD, RUN, limit=100))
    assert caught.value.attempts == 3 and "; 3 attempts)" in str(caught.value), str(caught.value)


def test_an_error_made_from_a_bare_answer_has_no_request_id() -> None:
    error = ApiError.from_response(500, b"oops", {})
    assert error.request_id is None and error.attempts is None and str(error) == "500 error: oops"
    redirect = ApiError.from_response(302, b"", {"location": "https://u:p@elsewhere/v1", "x-request-id": "r1"})
    assert isinstance(redirect, RedirectError) and str(redirect).endswith("(request id r1)")


@pytest.mark.parametrize("call", ["list_run_steps", "iter_run_steps"])
def test_include_as_one_string_is_refused_before_anything_is_sent(call: str) -> None:
    # Nothing listens on this port: a request sent would be an ApiConnectionError, not a TypeError.
    client = presets.openai(KEY, base_url=f"http://127.0.0.1:{free_port()}/v1", retry=RetryPolicy(max_retries=0))
    with client:
        with pytest.raises(TypeError, match=re.escape(f"write include=[{CONTENT!r}]")):
            if call == "list_run_steps":
                list_run_steps(client, THREAD, RUN, include=CONTENT)  # type: ignore[arg-type]
            else:
                next(iter_run_steps(client, THREAD, RUN, include=CONTENT))  # type: ignore[arg-type]
        with pytest.raises(ApiConnectionError):  # the list form is sent
            list_run_steps(client, THREAD, RUN, include=[CONTENT])


# entry point -> the script's last line, and the line the warning must name.
ENTRY_POINTS = {
    "list_run_steps": ("list_run_steps(client, THREAD, RUN, limit=1)", 10),
    "iter_run_steps": ("for step in iter_run_steps(client, THREAD, RUN, limit=100): pass", 10),
    "alist_run_steps": ("asyncio.run(one())", 9),
    "aiter_run_steps": ("asyncio.run(walk())", 6),
}
SCRIPT = """\
import asyncio, sys
from run_steps_client import aiter_run_steps, alist_run_steps, iter_run_steps, list_run_steps, presets
THREAD, RUN = "thread_ref_main", "run_ref_main"
client = presets.openai("sk-ref-conformance", base_url=sys.argv[1])
async def walk():
    async for step in aiter_run_steps(client, THREAD, RUN, limit=100):
        pass
async def one():
    await alist_run_steps(client, THREAD, RUN, limit=1)
{call}
"""


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_the_deprecation_warning_names_the_callers_line(tmp_path: Path, reference: ReferenceServer, entry: str) -> None:
    """Python's default filters show a DeprecationWarning only when it is attributed to `__main__`: a script
    that only iterates sees it, on its own line, without any -W option."""
    script = tmp_path / "app.py"
    call, line = ENTRY_POINTS[entry]
    script.write_text(SCRIPT.format(call=call), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), reference.base_url], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert f"{script}:{line}: DeprecationWarning: The Assistants API" in result.stderr, result.stderr
    assert result.stderr.count("DeprecationWarning") == 1 and "run_steps_client" not in result.stderr


def test_the_readme_narrowing_example_runs_as_written(reference: ReferenceServer) -> None:
    client_section = (ROOT / "README.md").read_text(encoding="utf-8").split("## The generated client", 1)[1]
    blocks = re.findall(r"```python\n(.*?)```", client_section, flags=re.DOTALL)
    example = next(block for block in blocks if "match step.step_details" in block)
    example = example.replace("http://127.0.0.1:8080/v1", reference.base_url)
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", example], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) >= 8 and any(" wrote msg_" in line for line in lines), lines
    assert any(" ran code: [" in line for line in lines) and any(" searched: " in line for line in lines), lines
    assert "ResourceWarning" not in result.stderr, result.stderr
