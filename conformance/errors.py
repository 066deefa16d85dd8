"""Every error the suite raises, in one tree, each with the exit code it ends a command with.

The command line translates them to an exit in one place (`conformance.cli.main`): the message, one line on
stderr, then `exit_code`. Verdicts' exit codes are `conformance.cli.exits`' (a verdict is no error).

    SuiteError                      4  a bug of ours, unless a subclass says otherwise
    ├── UsageError                  2  what the user asked for cannot be done (one line, no traceback)
    │   ├── BudgetTooSmall          2  --max-requests cannot buy a full verdict (plan, observe)
    │   ├── BadRecording            2  not a recording of a run (judge, serve --replay)
    │   ├── BaselineRefused         2  --baseline of another target, run or spec
    │   └── RenderError             2  render: nothing to render, an unreadable folder
    ├── GatewayUnavailable          2  the Portkey gateway harness: node or its install missing
    └── ControlFlow                 4  caught inside the suite; reaching the CLI is a bug
        ├── BudgetSpent                --max-requests used up (transport -> observe, schema phase)
        ├── BodyTooLarge               a body over the cap (decoding -> transport)
        └── BadEncoding                a body that does not match its Content-Encoding (decoding -> transport)
"""

from __future__ import annotations

EXIT_OK, EXIT_NONCONFORMANT, EXIT_USAGE, EXIT_UNTESTABLE, EXIT_INTERNAL, EXIT_INCOMPLETE = 0, 1, 2, 3, 4, 5


class SuiteError(Exception):
    """The base of every error the suite raises; `exit_code` is what a command that ends on it exits with."""

    exit_code = EXIT_INTERNAL


class UsageError(SuiteError, ValueError):
    """A problem with what the user asked for; the CLI prints it as one line and exits 2."""

    exit_code = EXIT_USAGE


class BudgetTooSmall(UsageError):
    """--max-requests cannot buy a full verdict for this run, and --allow-incomplete was not given."""


class BadRecording(UsageError):
    """The file is not a recording of a run the suite can read; the message is one line."""


class BaselineRefused(UsageError):
    """--baseline is not a report of the same target, run and spec, or cannot be read."""


class RenderError(UsageError):
    """Nothing to render, or a folder that cannot be read; the message is one line."""


class GatewayUnavailable(SuiteError, RuntimeError):
    """Node or the npm install is missing; the message says what to do."""

    exit_code = EXIT_USAGE


class ControlFlow(SuiteError):
    """Raised and caught inside the suite; one that reaches the command line is a bug (exit 4)."""


class BudgetSpent(ControlFlow):
    """The run used every request --max-requests allowed."""


class BodyTooLarge(ControlFlow):
    """The decoded body passed the cap; `partial` holds the bytes up to it."""

    def __init__(self, partial: bytes) -> None:
        super().__init__("body over the cap")
        self.partial = partial


class BadEncoding(ControlFlow):
    """The body does not match its Content-Encoding: one line saying how."""
