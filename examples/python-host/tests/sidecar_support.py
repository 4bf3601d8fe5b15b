"""Shared by the tests: where the client, the checker, the rollouts and the sidecar are."""

import os
import sys
import unittest
from pathlib import Path

HOST_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = HOST_DIR.parent.parent
ROLLOUTS = REPO_ROOT / "examples" / "rollouts"
CHECK_ROLLOUT = HOST_DIR / "check_rollout.py"

if str(HOST_DIR) not in sys.path:
    sys.path.insert(0, str(HOST_DIR))

import tool_sequencer_client  # noqa: E402


def sidecar_binary(test: unittest.TestCase) -> str:
    """The sidecar, found as the client finds it; fails the test (never skips) when it is missing."""
    try:
        return tool_sequencer_client.find_binary()
    except FileNotFoundError as error:
        test.fail(f"the tool-sequencer binary is missing: run `swift build` in {REPO_ROOT} first "
                  f"(or set TOOL_SEQUENCER_BIN). {error}")


def environment_with(binary: str) -> dict:
    """This process's environment, with TOOL_SEQUENCER_BIN set to ``binary``."""
    env = dict(os.environ)
    env["TOOL_SEQUENCER_BIN"] = binary
    return env
