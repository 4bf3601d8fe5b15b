"""kill -9 and carry on: the client starts the sidecar again on the same --state-dir, the
sessions are back, and the request that was in flight is sent again."""

import os
import signal
import sys
import tempfile
import unittest
from pathlib import Path

from sidecar_support import sidecar_binary
from tool_sequencer_client import ERROR_CODES, ToolSequencer, ToolSequencerError, ToolSequencerProtocolError

from test_client import INTERRUPTED, QUESTION, REASONING, SHELL, USER

PROXY = Path(__file__).resolve().parent / "fixtures" / "dies_after_applying.py"


def call_and_output(call_id):
    return [{"type": "function_call", "call_id": call_id, "name": "read_file", "arguments": "{}"},
            {"type": "function_call_output", "call_id": call_id, "output": "# project"}]


class RecoveryTestCase(unittest.TestCase):
    def setUp(self):
        self.binary = sidecar_binary(self)
        directory = tempfile.TemporaryDirectory(prefix="tool-sequencer-python-")
        self.addCleanup(directory.cleanup)
        self.directory = Path(directory.name)
        self.state_dir = self.directory / "state"

    def client(self, **options):
        sidecar = ToolSequencer(self.binary, timeout=20, **options)
        self.addCleanup(sidecar.close)
        return sidecar

    def dies_after_applying(self, method, state_dir=None):
        """A client whose sidecar, the first time it answers ``method``, dies after applying it but
        before answering (deterministically: a proxy swallows the answer and kills both)."""
        args = [str(PROXY), str(self.directory / "died"), method, self.binary]
        if state_dir is not None:
            args += ["--state-dir", str(state_dir)]
        sidecar = ToolSequencer(sys.executable, args, timeout=20)
        self.addCleanup(sidecar.close)
        return sidecar


class KillWithStateDirTests(RecoveryTestCase):
    def test_the_interrupted_turn_carries_on_after_kill_9(self):
        sidecar = self.client(state_dir=self.state_dir)
        sidecar.initialize({"name": "test_recovery.py", "version": "1"})
        session = sidecar.open_session("demo")
        sidecar.submit(session, [USER, REASONING, SHELL])
        first = sidecar.process.pid
        os.kill(first, signal.SIGKILL)
        sidecar.process.wait()
        # The next request finds the sidecar dead, starts it again and is answered by the new one.
        self.assertEqual(sidecar.state(session)["pending"], ["call_make"])
        self.assertEqual(sidecar.generation, 2)
        self.assertNotEqual(sidecar.process.pid, first)
        self.assertEqual(sidecar.submit(session, [QUESTION])["held"], 1)
        self.assertEqual(sidecar.cancel(session, reason="interrupted")["cancelled"], ["call_make"])
        messages = sidecar.messages(session)["messages"]
        self.assertEqual(messages[:3], [USER, REASONING, SHELL])
        self.assertEqual(messages[3], {"type": "function_call_output", "call_id": "call_make", "output": INTERRUPTED})
        self.assertEqual(messages[4], QUESTION)
        # initialize was said again to the new process.
        with self.assertRaises(ToolSequencerError) as caught:
            sidecar.initialize()
        self.assertEqual(caught.exception.code, ERROR_CODES["already_initialized"])

    def test_a_submit_applied_but_not_answered_is_retried_and_reported_as_duplicates(self):
        sidecar = self.dies_after_applying("session/submit", self.state_dir)
        session = sidecar.open_session("d")
        result = sidecar.submit(session, call_and_output("call_once"))
        self.assertEqual(sidecar.generation, 2)
        self.assertEqual(result["committed"], 0)
        self.assertEqual([(report["index"], report["reason"], report["item"]) for report in result["reported"]],
                         [(0, "duplicate", call_and_output("call_once")[0]), (1, "duplicate", call_and_output("call_once")[1])])
        self.assertEqual(sidecar.messages(session)["messages"], call_and_output("call_once"))

    def test_a_message_has_no_id_so_a_retried_one_is_there_twice(self):
        sidecar = self.dies_after_applying("session/submit", self.state_dir)
        session = sidecar.open_session("d")
        self.assertEqual(sidecar.submit(session, [USER])["committed"], 1)
        self.assertEqual(sidecar.messages(session)["messages"], [USER, USER])

    def test_a_retried_open_says_the_session_exists(self):
        sidecar = self.dies_after_applying("session/open", self.state_dir)
        with self.assertRaises(ToolSequencerError) as caught:
            sidecar.open_session("d")
        self.assertEqual((caught.exception.code, caught.exception.retried), (ERROR_CODES["session_exists"], True))
        self.assertEqual(sidecar.state("d")["session"], "d")

    def test_export_and_import_carry_a_session_to_another_process(self):
        sidecar = self.client(state_dir=self.state_dir)
        sidecar.submit(sidecar.open_session("a"), [USER, SHELL])
        exported = sidecar.export_session("a")
        other = self.client()
        self.assertEqual(other.import_session(exported, session="b"), {"session": "b", "revision": 1, "epoch": 0})
        self.assertEqual(other.messages("b"), sidecar.messages("a"))


class KillWithoutStateDirTests(RecoveryTestCase):
    def test_the_sidecar_is_respawned_but_its_sessions_are_gone(self):
        sidecar = self.dies_after_applying("session/state")
        sidecar.open_session("lost")
        with self.assertRaises(ToolSequencerError) as caught:
            sidecar.state("lost")
        self.assertEqual((caught.exception.code, caught.exception.retried), (ERROR_CODES["unknown_session"], True))
        self.assertEqual(sidecar.open_session("lost"), "lost")

    def test_with_respawn_off_a_death_breaks_the_client(self):
        sidecar = self.client(respawn=False)
        os.kill(sidecar.process.pid, signal.SIGKILL)
        sidecar.process.wait()
        with self.assertRaises(ToolSequencerProtocolError) as caught:
            sidecar.open_session("x")
        self.assertIn("the sidecar is gone (exit status -9)", str(caught.exception))
        self.assertEqual(sidecar.generation, 1)


if __name__ == "__main__":
    unittest.main()
