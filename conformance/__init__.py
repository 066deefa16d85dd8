"""Conformance suite for OpenAI's `GET /threads/{thread_id}/runs/{run_id}/steps`, with its reference provider."""

__version__ = "0.1.0"  # the same as pyproject.toml (tests/cli/test_command_line.py checks)
