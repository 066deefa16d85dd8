"""The seeded data the reference provider serves: one thread with its runs, built in code.

Everything is derived from fixed seeds, so every start serves byte-identical steps. `run_ref_main` has 250
steps cycling through every variant the spec allows: message creation, Code Interpreter calls with log and
image outputs, file search with and without results, function calls with and without output, every status,
usage null and set, metadata null, empty and filled. `created_at` never decreases and some neighbours share
a second, as real runs do, so ordering has to break ties by id.

The short runs are shaped like the runs real assistants make (one to five steps: a few tool calls, then the
message that answers): `run_ref_two`, `run_ref_three` and `run_ref_five`, and `run_ref_active`, whose last
step is still in progress. Their shapes are the `SHAPES` below.

`run_ref_foundry` is a run as Microsoft Foundry's Agent Service makes it: beside OpenAI's tool calls, the calls of
Foundry's own tools (`FOUNDRY_TOOL_CALLS`), which OpenAI's spec does not declare: extensions, not violations.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

THREAD_ID = "thread_ref_main"
ASSISTANT_ID = "asst_ref_conformance"
MAIN_RUN, EMPTY_RUN, ONE_RUN, HUNDRED_RUN = "run_ref_main", "run_ref_empty", "run_ref_one", "run_ref_hundred"
TWO_RUN, THREE_RUN, FIVE_RUN, ACTIVE_RUN = "run_ref_two", "run_ref_three", "run_ref_five", "run_ref_active"
FOUNDRY_RUN = "run_ref_foundry"
FOUNDRY_PROJECT = "ref-conformance"  # the one project the Foundry surface serves (`/api/projects/ref-conformance`)
# Realistic runs, step by step in the order they happened: (step_details kind, status). Kinds are those of
# `_details`: 0 message creation, 1 Code Interpreter, 2 file search with results, 4 function with its output.
SHAPES: dict[str, tuple[tuple[int, str], ...]] = {
    TWO_RUN: ((2, "completed"), (0, "completed")),
    THREE_RUN: ((2, "completed"), (4, "completed"), (0, "completed")),
    FIVE_RUN: ((2, "completed"), (1, "failed"), (1, "completed"), (4, "completed"), (0, "completed")),
    ACTIVE_RUN: ((4, "completed"), (2, "completed"), (0, "in_progress")),
}
RUN_SIZES = {
    MAIN_RUN: 250,
    EMPTY_RUN: 0,
    ONE_RUN: 1,
    TWO_RUN: 2,
    THREE_RUN: 3,
    FIVE_RUN: 5,
    ACTIVE_RUN: 3,
    HUNDRED_RUN: 100,
    FOUNDRY_RUN: 6,
}
EPOCH = 1_730_000_000

Step = dict[str, Any]


@dataclass(frozen=True)
class Run:
    """A run's steps in ascending (created_at, id) order, with and without file-search content."""

    thread_id: str
    run_id: str
    steps: tuple[Step, ...]
    steps_without_content: tuple[Step, ...]
    position: dict[str, int] = field(default_factory=dict)


def _ids(rng: random.Random, prefix: str) -> Callable[[], str]:
    alphabet = string.ascii_letters + string.digits
    return lambda: prefix + "".join(rng.choices(alphabet, k=24))


def _usage(rng: random.Random) -> dict[str, int]:
    prompt, completion = rng.randint(20, 900), rng.randint(0, 400)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _details(kind: int, rng: random.Random, new_id: Callable[[], str]) -> dict[str, Any]:
    """The step_details of the kind-th variant (kind cycles 0..5)."""
    if kind == 0:
        return {"type": "message_creation", "message_creation": {"message_id": "msg_" + new_id()[5:]}}
    if kind == 1:
        outputs: list[dict[str, Any]] = [{"type": "logs", "logs": f"{rng.randint(1, 99)}\n"}]
        if rng.random() < 0.5:
            outputs.append({"type": "image", "image": {"file_id": "file_" + new_id()[5:]}})
        call = {
            "id": "call_" + new_id()[5:],
            "type": "code_interpreter",
            "code_interpreter": {"input": "import math\nprint(math.pi)", "outputs": outputs},
        }
        return {"type": "tool_calls", "tool_calls": [call]}
    if kind == 2:
        results = [
            {
                "file_id": "file_" + new_id()[5:],
                "file_name": f"doc-{n}.pdf",
                "score": round(rng.random(), 4),
                "content": [{"type": "text", "text": f"Passage {n} of the handbook."}],
            }
            for n in range(rng.randint(1, 3))
        ]
        search = {
            "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.25},
            "results": results,
        }
        return {
            "type": "tool_calls",
            "tool_calls": [{"id": "call_" + new_id()[5:], "type": "file_search", "file_search": search}],
        }
    if kind == 3:
        # A search that found nothing: upstream sends an empty object for it.
        return {
            "type": "tool_calls",
            "tool_calls": [{"id": "call_" + new_id()[5:], "type": "file_search", "file_search": {}}],
        }
    if kind == 4:
        function = {"name": "get_weather", "arguments": '{"city": "Oslo"}', "output": '{"celsius": 4}'}
        return {
            "type": "tool_calls",
            "tool_calls": [{"id": "call_" + new_id()[5:], "type": "function", "function": function}],
        }
    # kind 5: a function whose output was not submitted yet, next to a Code Interpreter image call.
    pending: dict[str, str | None] = {"name": "lookup_order", "arguments": '{"order": 42}', "output": None}
    image = {"type": "image", "image": {"file_id": "file_" + new_id()[5:]}}
    return {"type": "tool_calls", "tool_calls": [
        {"id": "call_" + new_id()[5:], "type": "function", "function": pending},
        {"id": "call_" + new_id()[5:], "type": "code_interpreter",
         "code_interpreter": {"input": "plot()", "outputs": [image]}},
    ]}  # fmt: skip


STATUSES = (
    "completed",
    "completed",
    "in_progress",
    "failed",
    "completed",
    "cancelled",
    "completed",
    "expired",
)


def _step(
    index: int,
    run_id: str,
    created_at: int,
    rng: random.Random,
    new_id: Callable[[], str],
    shape: tuple[int, str] | None = None,
) -> Step:
    kind, status = shape if shape is not None else (index % 6, STATUSES[index % len(STATUSES)])
    details = _details(kind, rng, new_id)
    done = created_at + rng.randint(1, 5)
    metadata: dict[str, str] | None = [None, {}, {"phase": f"p{index % 4}", "source": "fixture"}][index % 3]
    return {
        "id": new_id(),
        "object": "thread.run.step",
        "created_at": created_at,
        "assistant_id": ASSISTANT_ID,
        "thread_id": THREAD_ID,
        "run_id": run_id,
        "type": details["type"],
        "status": status,
        "step_details": details,
        "last_error": (
            {"code": ["server_error", "rate_limit_exceeded"][index % 2], "message": "The tool call failed."}
            if status == "failed" else None
        ),
        "expired_at": done if status == "expired" else None,
        "cancelled_at": done if status == "cancelled" else None,
        "failed_at": done if status == "failed" else None,
        "completed_at": done if status == "completed" else None,
        "metadata": metadata,
        "usage": None if status == "in_progress" else _usage(rng),
    }  # fmt: skip


def _without_content(step: Step) -> Step:
    """The step as served when include[] does not ask for file-search content: `content` is left out."""
    if step["step_details"]["type"] != "tool_calls":
        return step
    calls = []
    for call in step["step_details"]["tool_calls"]:
        if call["type"] == "file_search" and "results" in call["file_search"]:
            results = [{k: v for k, v in r.items() if k != "content"} for r in call["file_search"]["results"]]
            call = {**call, "file_search": {**call["file_search"], "results": results}}
        calls.append(call)
    return {**step, "step_details": {**step["step_details"], "tool_calls": calls}}


# Foundry's tool calls as its REST surface sends them (Microsoft's azure-ai-agents models): `{"id", "type",
# "<type>": {...}}` with string-to-string payloads for the grounding tools, a nested object for connected agents
# and deep research, and the MCP call's fields beside `id` and `type`.
FOUNDRY_TOOL_CALLS: dict[str, dict[str, Any]] = {
    "bing_grounding": {"bing_grounding": {
        "requesturl": "https://api.bing.microsoft.com/v7.0/search?q=oslo+weather", "response_metadata": "{}"}},
    "bing_custom_search": {"bing_custom_search": {
        "requesturl": "https://api.bing.microsoft.com/v7.0/custom/search?q=handbook", "response_metadata": "{}"}},
    "azure_ai_search": {"azure_ai_search": {"input": "vacation policy", "output": "3 documents"}},
    "sharepoint_grounding": {"sharepoint_grounding": {"input": "travel rules", "output": "2 passages"}},
    "fabric_dataagent": {"fabric_dataagent": {"input": "sales by region", "output": "5 rows"}},
    "openapi": {"openapi": {"name": "weather_GetForecast", "arguments": '{"city": "Oslo"}', "output": "4"}},
    "mcp": {"name": "search_docs", "arguments": '{"q": "limits"}', "output": "1 hit", "server_label": "docs"},
    "connected_agent": {"connected_agent": {
        "name": "travel_helper", "arguments": '{"query": "trains"}', "output": "Take the 08:05.",
        "run_id": "run_ref_connected", "thread_id": "thread_ref_connected"}},
    "deep_research": {"deep_research": {"input": "market overview", "output": "A short report."}},
}  # fmt: skip
# The Foundry run, step by step: the tool calls of each step (OpenAI's by kind, see `_details`, Foundry's by type),
# then the message that answers.
FOUNDRY_STEPS: tuple[tuple[str, ...], ...] = (
    ("bing_grounding", "bing_custom_search"),
    ("azure_ai_search", "file_search"),
    ("sharepoint_grounding", "fabric_dataagent"),
    ("openapi", "function"),
    ("mcp", "connected_agent", "deep_research"),
    (),
)


def _foundry_details(calls: tuple[str, ...], rng: random.Random, new_id: Callable[[], str]) -> dict[str, Any]:
    if not calls:
        return _details(0, rng, new_id)
    openai_kind = {"file_search": 2, "function": 4}
    tool_calls = []
    for kind in calls:
        if kind in openai_kind:
            tool_calls.extend(_details(openai_kind[kind], rng, new_id)["tool_calls"])
        else:
            tool_calls.append({"id": "call_" + new_id()[5:], "type": kind, **FOUNDRY_TOOL_CALLS[kind]})
    return {"type": "tool_calls", "tool_calls": tool_calls}


def build_foundry_run() -> Run:
    rng = random.Random(f"reference-provider/{FOUNDRY_RUN}")
    new_id = _ids(rng, "step_")
    steps = []
    for index, calls in enumerate(FOUNDRY_STEPS):
        step = _step(index, FOUNDRY_RUN, EPOCH + 10 * index, rng, new_id, (0, "completed"))
        step["step_details"] = _foundry_details(calls, rng, new_id)
        step["type"] = step["step_details"]["type"]
        steps.append(step)
    return _ordered(FOUNDRY_RUN, steps)


def _ordered(run_id: str, steps: list[Step]) -> Run:
    steps.sort(key=lambda s: (s["created_at"], s["id"]))
    ordered = tuple(steps)
    return Run(
        thread_id=THREAD_ID,
        run_id=run_id,
        steps=ordered,
        steps_without_content=tuple(_without_content(s) for s in ordered),
        position={s["id"]: n for n, s in enumerate(ordered)},
    )


def build_run(run_id: str, size: int) -> Run:
    rng = random.Random(f"reference-provider/{run_id}")
    new_id = _ids(rng, "step_")
    steps = []
    created_at = EPOCH
    shapes = SHAPES.get(run_id)
    for index in range(size):
        steps.append(_step(index, run_id, created_at, rng, new_id, shapes[index] if shapes else None))
        # Mostly one second apart; every seventh neighbour shares the second, so ties need the id.
        created_at += 0 if index % 7 == 3 else rng.randint(1, 3)
    return _ordered(run_id, steps)


@cache
def build_store() -> Mapping[tuple[str, str], Run]:
    """Every run, keyed by (thread_id, run_id); built once per process and shared by every provider started in
    it (a fifth of a warm suite run's CPU went to rebuilding it). Read-only: a fault changes copies of the steps
    it serves (`app.page`), never the fixture's own."""
    return MappingProxyType(
        {
            (THREAD_ID, run_id): build_foundry_run() if run_id == FOUNDRY_RUN else build_run(run_id, size)
            for run_id, size in RUN_SIZES.items()
        }
    )
