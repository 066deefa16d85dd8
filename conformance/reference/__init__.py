"""The embedded reference provider: a faithful, self-contained server for list-run-steps.

It is what the conformance suite runs against by default (no keys, no network), and it can misbehave on
demand (`faults`) so the suite's power to detect provider bugs can itself be tested.
"""
