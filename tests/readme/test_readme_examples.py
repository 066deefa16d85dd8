"""The README runs: every shell command and Python example in it is either run here, as written, against the
embedded reference provider (on free ports instead of the README's 8080 and 8090, in a scratch folder), with
its documented exit code and a line of its output checked; or run as written by another test named here; or
skipped with the reason (a real host, a gateway under Node). A command the README gains without an entry
here fails `test_every_example_is_accounted_for`, so an example cannot drift from the code unnoticed.

Cost: the examples are run in groups that share a folder and a server; each group is one test. A command waits
for the commands of its group it needs (`Example.after`: by default the one before it, as a reader typing them
in order would), and commands that need nothing of each other run at the same time, as many as there are CPUs:
a run is CPU-bound (its embedded provider and its case generation, in one process), so the groups of
independent whole runs (foundry, the suite, the evidence flow after its recording) take about half as long on
two cores. The groups of ELSEWHERE are run by tests/readme/test_readme_example_flows.py: `--dist loadfile` gives a
file to one worker, and one file of every group was a worker's longest (~3 min)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.paths import ROOT
from tests.ports import free_port
from tests.readme.examples import Command, all_commands, blocks

REAL_HOST = "needs a real provider and its keys (no test reaches one)"
GATEWAY = "needs Portkey's gateway under Node; tests/gateway/ runs this setup against the reference provider"


@dataclass(frozen=True)
class Example:
    """What the README promises for one command: its exit code and a line of its output (`last`: how the last
    line starts, which is where the verdict goes; `line`: any line containing it), or where it is run
    instead, or why it is not run."""

    section: str
    first_line: str
    exit: int | None = None
    last: str | None = None
    line: str | None = None
    group: str | None = None  # run here, in this group
    covered_by: str | None = None  # a test file that runs it as written
    skip: str | None = None
    # The first lines of the commands of its group it needs done first (a file they write, a server they start):
    # None, the command before it in its group; (), none (it only shares the group's folder).
    after: tuple[str, ...] | None = None

    def matches(self, command: Command) -> bool:
        return command.section.startswith(self.section) and command.text.splitlines()[0].strip() == self.first_line


PY = ".venv/bin/python -m conformance"
EXAMPLES = (
    Example("run-steps", "scripts/conformance", exit=0, last="conformant", group="main job"),
    Example("run-steps", "scripts/test", skip="the whole test suite (CI runs it; this test is part of it)"),
    # Built as wheels and installed into fresh environments (what pipx and pip do with the folder), then used.
    Example(
        "run-steps", "pipx install --preinstall ./generated ./", covered_by="tests/packaging/test_distributions.py"
    ),
    Example("run-steps", "pip install ./generated", covered_by="tests/packaging/test_distributions.py"),
    *(
        Example("When upstream", first, covered_by="tests/spec/test_maintainer_loop.py")
        for first in (
            "scripts/upstream-diff ../shared/reference/openai-openapi-full.yaml.gz",
            "scripts/upstream-diff new-openai-spec.yaml",
            'scripts/upstream-diff new-openai-spec.yaml --update-baseline --source "openai/openai-openapi '
            'openapi.yaml at commit <sha> (<date>)"',
            "scripts/generate",
            "scripts/test",
        )
    ),
    Example("The conformance suite", f"{PY} run", exit=0, last="conformant", group="suite"),
    Example(
        "The conformance suite",
        f"{PY} run --fault cursor-inclusive",
        exit=1,
        last="non-conformant: cursor_walk",
        group="suite",
        after=(),
    ),
    Example("The conformance suite", f"{PY} run --base-url https://my-compatible-server.example/v1 \\", skip=REAL_HOST),
    Example(
        "The conformance suite", f"{PY} run --base-url https://api.portkey.ai/v1 --profile portkey \\", skip=REAL_HOST
    ),
    Example(
        "The conformance suite",
        f"{PY} run --base-url http://127.0.0.1:8787/v1 --profile portkey-self-hosted \\",
        skip=GATEWAY,
    ),
    Example(
        "Hand a failure",
        f"{PY} run --fault cursor-inclusive --seed 1 --record failing.har",
        exit=1,
        last="non-conformant: cursor_walk",
        group="evidence",
    ),
    Example(
        "Hand a failure",
        f"{PY} judge failing.har --keep-failing bug-report.har",
        exit=1,
        line="wrote bug-report.har: ",
        last="non-conformant: cursor_walk",
        group="evidence",
    ),
    Example(
        "Hand a failure",
        f"{PY} judge bug-report.har --report-dir reports/bug",
        exit=1,
        last="non-conformant: cursor_walk",
        group="evidence",
    ),
    Example(
        "Hand a failure",
        f"{PY} serve --replay failing.har --port 8090 &",
        group="evidence",
        after=(f"{PY} run --fault cursor-inclusive --seed 1 --record failing.har",),  # alongside the judging
    ),
    Example(
        "Hand a failure",
        f"{PY} run --base-url http://127.0.0.1:8090/v1 --thread-id thread_ref_main \\",
        exit=1,
        last="non-conformant: cursor_walk",
        group="evidence",
    ),
    Example(
        "Several targets",
        f"{PY} matrix --target reference=embedded --target broken=embedded:cursor-inclusive \\",
        exit=1,
        line="wrote reports/matrix/matrix.md",
        last="2 targets: 1 conformant, 1 non-conformant",
        group="matrix",
    ),
    Example(
        "Several targets",
        f"{PY} matrix --config targets.toml --report-dir reports/matrix",
        skip="targets.toml is the reader's own file (the nightly block runs a matrix file as written)",
    ),
    *(
        Example("A nightly", first, covered_by="tests/nightly/test_nightly.py")
        for first in (
            f"{PY} serve --port 8080 --latency 100 &",
            "sleep 2",
            "cat > nightly.toml <<'TOML'",
            "export REFERENCE_KEY=sk-ref-conformance",
            f"{PY} matrix --config nightly.toml --rate-limit 20/s --workers 4 --seed 1 \\",
        )
    ),
    Example(
        "The compatibility pages",
        "rsync -a reports/ www@static.example:/srv/compat/",
        skip="copies the pages to a static host",
    ),
    Example(
        "Azure OpenAI",
        f"{PY} run --profile azure --base-url https://RESOURCE.openai.azure.com/openai/v1 \\",
        skip=REAL_HOST,
    ),
    Example(
        "Azure OpenAI",
        f"{PY} run --profile azure --base-url https://RESOURCE.openai.azure.com/openai \\",
        skip=REAL_HOST,
    ),
    Example("Azure OpenAI", f"{PY} serve --port 8080 --require-api-version 2024-05-01-preview &", group="azure"),
    Example(
        "Azure OpenAI",
        f"{PY} run --base-url http://127.0.0.1:8080/v1 --profile azure --api-key sk-ref-conformance \\",
        exit=0,
        last="conformant",
        group="azure",
    ),
    Example("Foundry Agent Service", f"{PY} run --profile foundry \\", skip=REAL_HOST),
    Example("Foundry Agent Service", f"{PY} run --profile foundry", exit=0, last="conformant", group="foundry"),
    Example(
        "Foundry Agent Service",
        f"{PY} run --profile foundry --strict",
        exit=1,
        last="non-conformant: spec_extensions",
        group="foundry",
        after=(),
    ),
    Example(
        "Foundry Agent Service",
        f"{PY} run --run-id run_ref_foundry",
        exit=0,
        last="conformant",
        group="foundry",
        after=(),
    ),
    Example(
        "Foundry Agent Service",
        f"{PY} run --profile foundry --fault foundry-call-without-id",
        exit=1,
        last="non-conformant",
        group="foundry",
        after=(),
    ),
    Example(
        "Tests",
        "WIRE_FAULTS_SEED=7 WIRE_FAULTS_EXAMPLES=40 WIRE_FAULTS_CLIENT_EXAMPLES=400 \\",
        skip="a longer run of the generated wire-fault tests, which CI runs with their own settings",
    ),
    Example(
        "The reference provider",
        f"{PY} serve --host 127.0.0.1 --port 8080 [--fault NAME]",
        line="reference provider on http://127.0.0.1:",
        group="client",
    ),
    Example("Through Portkey", f"{PY} serve --port 8080 &", skip=GATEWAY),
    Example(
        "Through Portkey",
        "node gateway/node_modules/portkey-gateway-1.9.8/build/start-server.js --port=8787 &",
        skip=GATEWAY,
    ),
    Example(
        "Through Portkey",
        f"{PY} run --base-url http://127.0.0.1:8787/v1 --profile portkey-self-hosted \\",
        skip=GATEWAY,
    ),
)
# The Python examples, by section and place in it: the README line that starts the server each needs, and how
# the first line it prints starts.
PYTHON = {
    ("Azure OpenAI", 0): (f"{PY} serve --port 8080 --require-api-version 2024-05-01-preview &", "250"),
    ("The generated client", 0): (f"{PY} serve --host 127.0.0.1 --port 8080 [--fault NAME]", "5 True"),
    ("The generated client", 1): (f"{PY} serve --host 127.0.0.1 --port 8080 [--fault NAME]", "step_"),
}
# Commands that start a server the next commands use: they run in the background until their group ends.
SERVES = ("serve --host 127.0.0.1 --port 8080 [--fault NAME]",)


def example_for(command: Command) -> Example:
    found = [e for e in EXAMPLES if e.matches(command)]
    assert len(found) == 1, f"README command without one entry in EXAMPLES ({len(found)}): {command.text!r}"
    return found[0]


def test_every_example_is_accounted_for() -> None:
    """Each README command has one entry (and each entry a command); where the README states an exit code, the
    entry checks that one; a test that runs a block instead says so in its own words."""
    commands = all_commands()
    used = {id(example_for(c)) for c in commands}
    unused = [e.first_line for e in EXAMPLES if id(e) not in used]
    assert not unused, f"entries for commands the README no longer has: {unused}"
    for command in commands:
        example = example_for(command)
        documented = command.documented_exit
        if documented is not None and example.covered_by is None and example.skip is None:
            assert example.exit == documented, (command.text, documented, example.exit)
        if example.covered_by:
            assert "README" in (ROOT / example.covered_by).read_text(encoding="utf-8"), example.covered_by
        assert example.group or example.covered_by or example.skip, example
    assert set(ELSEWHERE) < set(GROUPS), ELSEWHERE
    for group in GROUPS:  # what a command waits for is a command before it in its group, named by its first line
        steps = _steps(group)
        assert len({e.first_line for _, e in steps}) == len(steps), group
        for index, (_, example) in enumerate(steps):
            earlier = [e.first_line for _, e in steps[:index]]
            assert all(first in earlier for first in example.after or ()), (group, example.first_line)
    languages = {(b.section, b.language) for b in blocks() if b.language != "sh"}
    assert languages == {*((s, "python") for s, _ in PYTHON), ("Through Portkey's gateway", "toml")}
    python = [b.section for b in blocks() if b.language == "python"]
    assert sorted((s, python[:i].count(s)) for i, s in enumerate(python)) == sorted(PYTHON)


def test_the_matrix_file_example_is_valid() -> None:
    """The README's TOML matrix file passes the published schema (and names its keys by variable)."""
    import tomllib

    from conformance.matrix_targets import check_matrix_file

    block = next(b for b in blocks() if b.language == "toml")
    check_matrix_file(tomllib.loads(block.text), Path("README.md"))


def _wait_for(port: int, process: subprocess.Popen[str], seconds: float = 30) -> None:
    """A server a README line starts with `&` is used by the next line at once; the test waits for it to
    listen (a reader typing the next line would)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server exited: {process.stderr.read() if process.stderr else ''}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {seconds} s")


def _as_run(text: str, ports: dict[str, int]) -> str:
    text = text.replace("[--fault NAME]", "").replace(".venv/bin/python", f"{ROOT}/.venv/bin/python")
    text = re.sub(r"(^|\s)scripts/", rf"\g<1>{ROOT}/scripts/", text)
    for written, port in ports.items():
        text = text.replace(f"127.0.0.1:{written}", f"127.0.0.1:{port}").replace(f"--port {written}", f"--port {port}")
    return text


def _check(example: Example, done: subprocess.CompletedProcess[str]) -> None:
    output = done.stdout + done.stderr
    lines = [line for line in output.splitlines() if line.strip()]
    where = f"{example.first_line}\n{done.stdout[-1500:]}{done.stderr[-1500:]}"
    if example.exit is not None:
        assert done.returncode == example.exit, where
    if example.line is not None:
        assert any(example.line in line for line in lines), where
    if example.last is not None:
        last = (done.stderr if example.exit == 3 else done.stdout).rstrip().splitlines()[-1]
        assert last.startswith(example.last), where


GROUPS = sorted({e.group for e in EXAMPLES if e.group})
ELSEWHERE = ("azure", "evidence", "matrix")  # the groups tests/readme/test_readme_example_flows.py runs


def _server(line: str, ports: dict[str, int], cwd: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """A README line that starts a server, run in the background until the caller stops it."""
    script = _as_run(line, ports)
    server = subprocess.Popen(
        ["bash", "-c", f"exec {script.rstrip('& ')}"], cwd=cwd, env=env, text=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    _wait_for(int(re.findall(r"--port (\d+)", script)[0]), server)
    return server


def _stop(servers: list[subprocess.Popen[str]]) -> None:
    for server in servers:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a server slow to stop under load must not hide the result
            server.kill()
            server.wait(timeout=10)
        if server.stderr is not None:
            server.stderr.close()


def _environment(home: Path) -> dict[str, str]:
    return {"PATH": f"{ROOT}/.venv/bin:/usr/bin:/bin", "HOME": str(home), "NO_COLOR": "1"}


def _steps(group: str) -> list[tuple[Command, Example]]:
    """The commands of a group with their entries, in the README's order."""
    return [(c, e) for c in all_commands() if (e := example_for(c)).group == group]


# Commands of a group run at once (the rest wait for a slot): a run keeps a CPU busy, so more would only share them.
CPUS = len(os.sched_getaffinity(0))


@pytest.mark.timeout(600)  # a group is up to four whole runs (foundry), not one test's worth
@pytest.mark.parametrize("group", [g for g in GROUPS if g not in ELSEWHERE])
def test_the_readme_examples_run_as_written(group: str, tmp_path: Path) -> None:
    run_group(group, tmp_path)


def run_group(group: str, tmp_path: Path) -> None:
    """The commands of a group, each as written, in `tmp_path`; each checked against its entry."""
    ports, env = {"8080": free_port(), "8090": free_port()}, _environment(tmp_path)
    servers: list[subprocess.Popen[str]] = []
    slots = threading.Semaphore(CPUS)

    def step(command: Command, example: Example, needs: list[Future[None]]) -> None:
        for need in needs:
            need.result()  # a command whose input failed is not run: the failure is reported once, as itself
        with slots:
            if command.background or any(s in command.text for s in SERVES):
                servers.append(server := _server(command.text, ports, tmp_path, env))
                if example.line is not None:
                    assert server.stderr is not None and example.line in server.stderr.readline()
                return
            done = subprocess.run(["bash", "-c", _as_run(command.text, ports)], cwd=tmp_path, env=env,
                                  capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        _check(example, done)

    steps = _steps(group)
    started: dict[str, Future[None]] = {}
    try:
        with ThreadPoolExecutor(max_workers=len(steps)) as pool:  # a thread each: one waiting holds no slot
            for command, example in steps:
                after = list(started)[-1:] if example.after is None else example.after
                started[example.first_line] = pool.submit(step, command, example, [started[a] for a in after])
        for future in started.values():  # the first failure in the README's order (its dependents fail with it)
            future.result()
    finally:
        _stop(servers)


@pytest.mark.parametrize("where", list(PYTHON), ids=[f"{s} {n + 1}" for s, n in PYTHON])
def test_the_readme_python_examples_run_clean(where: tuple[str, int], tmp_path: Path) -> None:
    """A Python example as written (its port aside) against the server its section starts, with ResourceWarning
    an error: an example that leaves a connection open would teach its readers to."""
    line, first = PYTHON[where]
    section, place = where
    ports, env = {"8080": free_port()}, _environment(tmp_path)
    server = _server(line, ports, tmp_path, env)
    try:
        block = [b for b in blocks() if b.section == section and b.language == "python"][place]
        done = subprocess.run(
            [sys.executable, "-W", "error::ResourceWarning", "-c", _as_run(block.text, ports)], cwd=tmp_path,
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        _stop([server])
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[0].startswith(first), done.stdout[:500]
    assert "ResourceWarning" not in done.stderr, done.stderr[-2000:]
