"""`python -m conformance.upstream SPEC ...`: the command behind `scripts/upstream-diff`."""

import sys

from conformance.upstream.cli import main

sys.exit(main())
