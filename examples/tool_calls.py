"""What a run's tools did, as a downstream application would write it with run_steps_client.

Everything comes from the package root. Steps are narrowed by class (`match` or `isinstance`), which mypy
--strict and pyright --strict both follow; comparing `step_details.type_` to a string does not narrow, because
a variant newer than the client (`UnknownVariant`) has a `type_` too. The tests check this file with both type
checkers and run it against the reference provider:

    python examples/tool_calls.py http://127.0.0.1:8080/v1 sk-ref-conformance thread_ref_main run_ref_main
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter

from run_steps_client import (
    UNSET,
    ApiError,
    AuthenticatedClient,
    CodeInterpreterCall,
    CodeInterpreterImageOutput,
    CodeInterpreterLogsOutput,
    CodeInterpreterToolCall,
    FileSearchToolCall,
    FunctionToolCall,
    ListRunStepsIncludeItem,
    MessageCreationDetails,
    NotFoundError,
    RetryPolicy,
    RunStep,
    ToolCallsDetails,
    UnknownVariant,
    Unset,
    aiter_run_steps,
    iter_run_steps,
    list_run_steps,
    presets,
)

CONTENT: ListRunStepsIncludeItem = "step_details.tool_calls[*].file_search.results[*].content"


def describe(step: RunStep) -> list[str]:
    """One line per thing the step did, narrowed with `match`."""
    match step.step_details:
        case MessageCreationDetails(message_creation=creation):
            return [f"{step.id}: wrote message {creation.message_id}"]
        case ToolCallsDetails(tool_calls=calls):
            return [f"{step.id}: {describe_call(call)}" for call in calls]
        case UnknownVariant(type_=kind):
            return [f"{step.id}: a {kind!r} step, newer than this client"]


def describe_call(call: CodeInterpreterToolCall | FileSearchToolCall | FunctionToolCall | UnknownVariant) -> str:
    match call:
        case CodeInterpreterToolCall(code_interpreter=CodeInterpreterCall(input_=code, outputs=outputs)):
            logs = [output.logs for output in outputs if isinstance(output, CodeInterpreterLogsOutput)]
            images = sum(isinstance(output, CodeInterpreterImageOutput) for output in outputs)
            return f"ran {len(code)} characters of code: {len(logs)} log(s), {images} image(s)"
        case FileSearchToolCall(file_search=search):
            # `results` is optional: UNSET (falsy) when the provider left it out.
            results = search.results or []
            return f"searched files: {len(results)} result(s)"
        case FunctionToolCall(function=function):
            answered = "answered" if function.output is not None else "not answered yet"
            return f"called {function.name}({function.arguments}), {answered}"
        case UnknownVariant(type_=kind):
            return f"a {kind!r} tool call, newer than this client"


def file_search_scores(client: AuthenticatedClient, thread_id: str, run_id: str) -> list[float]:
    """Each file-search result's score, with `isinstance` and the results' content asked for."""
    scores: list[float] = []
    for step in iter_run_steps(client, thread_id, run_id, order="asc", limit=100, include=[CONTENT]):
        if not isinstance(step.step_details, ToolCallsDetails):
            continue
        for call in step.step_details.tool_calls:
            if isinstance(call, FileSearchToolCall) and not isinstance(call.file_search.results, Unset):
                scores.extend(result.score for result in call.file_search.results)
    return scores


def back_in_time_from(client: AuthenticatedClient, thread_id: str, run_id: str, step_id: str) -> list[str]:
    """The steps before `step_id` in time, nearest first: `before` walks back in the list's own order, so the
    list must be oldest first (`order="asc"`) for that to be back in time."""
    return [step.id for step in iter_run_steps(client, thread_id, run_id, order="asc", before=step_id, max_steps=3)]


async def count_async(client: AuthenticatedClient, thread_id: str, run_id: str) -> Counter[str]:
    kinds: Counter[str] = Counter()
    async for step in aiter_run_steps(client, thread_id, run_id, limit=100):
        kinds[step.step_details.type_] += 1
    return kinds


def main(base_url: str, api_key: str, thread_id: str, run_id: str) -> None:
    with presets.openai(api_key, base_url=base_url, retry=RetryPolicy(max_retries=1)) as client:
        page = list_run_steps(client, thread_id, run_id, order="asc", limit=5)
        for step in page.data:
            for line in describe(step):
                print(line)
        print(f"file-search scores: {len(file_search_scores(client, thread_id, run_id))}")
        if page.last_id is not None:
            print(f"before {page.last_id}: {back_in_time_from(client, thread_id, run_id, page.last_id)}")
        try:
            list_run_steps(client, thread_id, "run_nope")
        except NotFoundError as error:
            print(f"not found: {error.status} {error.code} (request id {error.request_id})")
        except ApiError as error:  # any other error status
            print(f"failed: {error}")
    async_client = presets.openai(api_key, base_url=base_url)
    kinds = asyncio.run(count_async_and_close(async_client, thread_id, run_id))
    print(f"kinds: {sorted(kinds.items())}; UNSET is falsy: {not UNSET}")


async def count_async_and_close(client: AuthenticatedClient, thread_id: str, run_id: str) -> Counter[str]:
    async with client:
        return await count_async(client, thread_id, run_id)


if __name__ == "__main__":
    main(*sys.argv[1:5])
