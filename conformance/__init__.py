"""Conformance suite for OpenAI's `GET /threads/{thread_id}/runs/{run_id}/steps`, with its reference provider."""
