"""Benchmarks of the generated client against openai-python, run side by side in one process tree.

Each figure is a median over interleaved repetitions (ours, theirs, ours, ...), so a noisy machine slows both
sides alike; what is printed is the ratio and the two absolute figures. The goals come from the client
client issue: import <= 0.1x, decode <= 0.15x, iterate <= 0.45x openai-python and <= 1.2x bare httpx, a fresh
process to its first step <= 0.3x.
Then the suite: its minimum budget for a full verdict on run_ref_main, the cost of --record (<= 1.10x), and
a full run against a provider 100 ms away with 4 workers against 1 (<= 1/3).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

THREAD, RUN = "thread_ref_main", "run_ref_main"


def interleaved(sides: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, measure in sides.items():
            samples[name].append(measure())
    return {name: statistics.median(values) for name, values in samples.items()}


def import_time(module: str) -> Callable[[], float]:
    """Seconds a fresh interpreter needs to import `module`, minus its start-up (measured inside it)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"

    def measure() -> float:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        return float(out)

    return measure


def first_step_time(code: str, base_url: str) -> Callable[[], float]:
    """Seconds a fresh interpreter needs to import a client and fetch the first step (everything loaded)."""
    program = (
        f"import time, warnings\nwarnings.simplefilter('ignore')\nt = time.perf_counter()\n{code}\n"
        "print(time.perf_counter() - t)"
    )

    def measure() -> float:
        out = subprocess.run([sys.executable, "-c", program, base_url], capture_output=True, text=True, check=True)
        return float(out.stdout)

    return measure


OURS_FIRST_STEP = """import sys
from run_steps_client import presets
from run_steps_client.pagination import iter_run_steps
next(iter_run_steps(presets.openai("sk-ref-conformance", base_url=sys.argv[1]), "thread_ref_main", "run_ref_main"))"""
OPENAI_FIRST_STEP = """import sys
from openai import OpenAI
client = OpenAI(api_key="sk-ref-conformance", base_url=sys.argv[1])
next(iter(client.beta.threads.runs.steps.list(thread_id="thread_ref_main", run_id="run_ref_main")))"""


def page_of_100() -> dict[str, Any]:
    """The 100 steps of run_ref_hundred, as the reference provider serves them in one page."""
    import httpx

    from conformance import reference

    with reference.embedded() as server:
        answer = httpx.get(
            f"{server.base_url}/threads/{server.thread_id}/runs/run_ref_hundred/steps",
            params={"limit": 100},
            headers={"Authorization": f"Bearer {server.bearer_key}", "OpenAI-Beta": "assistants=v2"},
        )
    page: dict[str, Any] = answer.json()
    return page


def timed(action: Callable[[], object], repeat: int = 1) -> Callable[[], float]:
    def measure() -> float:
        started = time.perf_counter()
        for _ in range(repeat):
            action()
        return (time.perf_counter() - started) / repeat

    return measure


def report(title: str, ours: float, theirs: float, goal: float, unit: str, scale: float) -> bool:
    ratio = ours / theirs
    verdict = "meets" if ratio <= goal else "MISSES"
    print(
        f"{title:58} {ratio:5.2f}x  (ours {ours * scale:8.2f} {unit}, theirs {theirs * scale:8.2f} {unit}; "
        f"goal <= {goal}x: {verdict})"
    )
    return ratio <= goal


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved repetitions per figure")
    parser.add_argument("--client-only", action="store_true", help="only the client's figures")
    args = parser.parse_args()
    import httpx
    from openai import OpenAI
    from openai._models import construct_type
    from openai.types.beta.threads.runs import RunStep as OpenAIRunStep
    from run_steps_client import presets
    from run_steps_client.models import ListRunStepsResponse
    from run_steps_client.pagination import iter_run_steps

    from conformance import reference

    ok = True
    print(f"python {sys.version.split()[0]}, {args.rounds} interleaved rounds, medians")
    imports = interleaved({"ours": import_time("run_steps_client"), "openai": import_time("openai")}, args.rounds)
    ok &= report("import run_steps_client vs import openai", imports["ours"], imports["openai"], 0.1, "ms", 1000)

    page = page_of_100()
    json.dumps(page)
    decode = interleaved(
        {
            "ours": timed(lambda: ListRunStepsResponse.from_dict(page), 20),
            "openai": timed(lambda: [construct_type(type_=OpenAIRunStep, value=item) for item in page["data"]], 20),
        },
        args.rounds,
    )
    ok &= report(
        "decode a 100-step page vs openai construct_type per item", decode["ours"], decode["openai"], 0.15, "ms", 1000
    )

    with reference.embedded() as server, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ours_client = presets.openai("sk-ref-conformance", base_url=server.base_url)
        theirs_client = OpenAI(api_key="sk-ref-conformance", base_url=server.base_url, max_retries=0)
        bare = httpx.Client(
            base_url=server.base_url,
            headers={"Authorization": "Bearer sk-ref-conformance", "OpenAI-Beta": "assistants=v2"},
        )

        def ours() -> int:
            return sum(1 for _ in iter_run_steps(ours_client, THREAD, RUN, limit=20))

        def theirs() -> int:
            return sum(1 for _ in theirs_client.beta.threads.runs.steps.list(thread_id=THREAD, run_id=RUN, limit=20))

        def bare_loop() -> int:
            seen, params = 0, {"limit": 20}
            while True:
                body = bare.get(f"/threads/{THREAD}/runs/{RUN}/steps", params=params).json()
                seen += len(body["data"])
                if not body["has_more"]:
                    return seen
                params["after"] = body["data"][-1]["id"]

        assert ours() == theirs() == bare_loop() == 250
        walk = interleaved({"ours": timed(ours), "openai": timed(theirs), "httpx": timed(bare_loop)}, args.rounds)
        first = interleaved(
            {
                "ours": first_step_time(OURS_FIRST_STEP, server.base_url),
                "openai": first_step_time(OPENAI_FIRST_STEP, server.base_url),
            },
            args.rounds,
        )
    ok &= report(
        "iterate 250 steps at limit 20 vs openai auto-pagination", walk["ours"], walk["openai"], 0.45, "ms", 1000
    )
    ok &= report("iterate 250 steps at limit 20 vs a bare httpx loop", walk["ours"], walk["httpx"], 1.2, "ms", 1000)
    # The import figure above defers httpx and the models to the first request; this one is the whole cost of
    # a fresh process getting its first step, both sides loading everything.
    ok &= report("fresh process: import, client, first step vs openai", first["ours"], first["openai"], 0.3, "ms", 1000)
    if args.client_only:
        return 0 if ok else 1
    ok &= suite_minimum_budget()
    ok &= suite_recording_overhead(max(3, args.rounds // 3))
    ok &= suite_workers_speedup()
    return 0 if ok else 1


def suite_workers_speedup() -> bool:
    """A full default run against a provider 100 ms away (serve --latency 100), 4 workers vs 1. One round
    each: a one-worker run takes about half a minute."""
    from conformance.reference.server import ReferenceServer

    with ReferenceServer(latency=0.1) as slow:
        base = [sys.executable, "-m", "conformance", "run", "--base-url", slow.base_url, "--api-key"]
        base += ["sk-ref-conformance", "--thread-id", THREAD, "--run-id", RUN, "--seed", "1", "--rate-limit", "none"]

        def run(workers: str) -> Callable[[], float]:
            def measure() -> float:
                started = time.perf_counter()
                subprocess.run([*base, "--workers", workers], capture_output=True, check=False)
                return time.perf_counter() - started

            return measure

        times = interleaved({"four": run("4"), "one": run("1")}, 1)
    return report("suite: full run, 100 ms latency, 4 workers vs 1", times["four"], times["one"], 0.33, "s", 1)


def suite_recording_overhead(rounds: int) -> bool:
    """The main job (the suite against the embedded provider) with --record vs without, interleaved."""
    import tempfile

    base = [sys.executable, "-m", "conformance", "run", "--seed", "1"]
    with tempfile.TemporaryDirectory() as scratch:
        har = str(Path(scratch) / "run.har")

        def run(extra: list[str]) -> Callable[[], float]:
            def measure() -> float:
                started = time.perf_counter()
                subprocess.run([*base, *extra], capture_output=True, check=False)
                return time.perf_counter() - started

            return measure

        times = interleaved({"record": run(["--record", har]), "plain": run([])}, rounds)
    return report("suite: main job with --record vs without", times["record"], times["plain"], 1.10, "s", 1)


def suite_minimum_budget() -> bool:
    """The conformance suite's smallest budget for a full verdict on run_ref_main, and a run at that budget."""
    from conformance.plan import minimum_budget
    from conformance.reference import MAIN_RUN, RUN_SIZES

    minimum = minimum_budget(RUN_SIZES[MAIN_RUN])
    args = [sys.executable, "-m", "conformance", "run", "--seed", "1", "--max-requests", str(minimum)]
    run = subprocess.run(args, capture_output=True, text=True, check=False)
    verdict = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr.strip()
    print(f"{'suite: minimum --max-requests for a full verdict on run_ref_main':58} {minimum:5d}   (goal <= 77; a run")
    print(f"{'':58}        at {minimum}: exit {run.returncode}, {verdict[:60]})")
    for run_id, steps in sorted(RUN_SIZES.items(), key=lambda item: item[1]):
        print(f"{f'suite: minimum --max-requests for {run_id} ({steps} steps)':62} {minimum_budget(steps):5d}")
    return run.returncode == 0 and minimum <= 77


if __name__ == "__main__":
    sys.exit(main())
