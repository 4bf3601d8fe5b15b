"""check_rollout.py over the rollouts shipped in examples/rollouts/, against the real sidecar."""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from sidecar_support import CHECK_ROLLOUT, ROLLOUTS, environment_with, sidecar_binary
from tool_sequencer_client import FORMATS, ToolSequencer

import check_rollout

INTERRUPTED = "aborted: the user interrupted this tool call before it finished; it may have partly run."


class CheckerTestCase(unittest.TestCase):
    def setUp(self):
        self.binary = sidecar_binary(self)

    def run_checker(self, *args):
        """Runs check_rollout.py as a user would, from a directory that is not the repository's
        (paths are absolute; nothing may depend on the working directory)."""
        return subprocess.run([sys.executable, str(CHECK_ROLLOUT), *map(str, args)], cwd=tempfile.gettempdir(),
                              env=environment_with(self.binary), capture_output=True, text=True, timeout=60)

    def report(self, name, **options):
        with ToolSequencer(self.binary) as sidecar:
            return check_rollout.check_rollout(str(ROLLOUTS / name), sidecar, **options)

    def assert_valid_everywhere(self, report):
        self.assertEqual(set(report.array_checks), set(FORMATS))
        for fmt, check in report.array_checks.items():
            self.assertEqual(check, {"valid": True, "problems": []}, f"{report.path} in {fmt}")


class InterruptedTurnTests(CheckerTestCase):
    """examples/rollouts/interrupted-turn.jsonl: the stuck session the project exists for."""

    ROLLOUT = "interrupted-turn.jsonl"

    def test_the_raw_history_has_the_error_the_api_answers_with_its_line(self):
        report = self.report(self.ROLLOUT)
        self.assertEqual([(problem["line"], problem["severity"], problem["message"]) for problem in report.problems],
                         [(6, "error", "No tool output found for local shell call call_8Qk2.")])

    def test_the_interruption_cancels_the_call(self):
        report = self.report(self.ROLLOUT)
        self.assertEqual(report.rollout.interruption_lines, [7])
        self.assertEqual([str(note) for note in report.repairs], [
            "line 6: cancelled local_shell_call call_8Qk2 at the turn_aborted on line 7: "
            "closed with a synthetic output (interrupted)"])
        self.assertEqual(report.left_out, [])

    def test_the_repaired_array_validates_in_all_four_formats(self):
        report = self.report(self.ROLLOUT)
        self.assert_valid_everywhere(report)
        items = report.arrays["responses"]
        self.assertEqual([item["type"] for item in items],
                         ["message", "reasoning", "local_shell_call", "function_call_output", "message"])
        self.assertEqual(items[3], {"type": "function_call_output", "call_id": "call_8Qk2", "output": INTERRUPTED})
        self.assertEqual(items[4]["content"][0]["text"], "It hangs on the network tests. Skip those.")

    def test_the_command_prints_the_problem_and_the_cancel_and_exits_1(self):
        result = self.run_checker(ROLLOUTS / self.ROLLOUT)
        self.assertEqual(result.returncode, 1, result.stderr)
        lines = result.stdout.splitlines()
        self.assertIn("  line 6: error: No tool output found for local shell call call_8Qk2. [missing_output]", lines)
        self.assertIn("  1 error, 0 warnings", lines)
        self.assertIn("  line 6: cancelled local_shell_call call_8Qk2 at the turn_aborted on line 7: "
                      "closed with a synthetic output (interrupted)", lines)
        self.assertEqual(lines[-1], "Repaired array: 5 items, revision 5; validate finds no problem in "
                                    "responses, chat, anthropic, gemini.")

    def test_the_printed_array_validates_in_each_format(self):
        with ToolSequencer(self.binary) as sidecar:
            for fmt in FORMATS:
                with self.subTest(format=fmt):
                    result = self.run_checker(ROLLOUTS / self.ROLLOUT, "--print-array", "--format", fmt)
                    self.assertEqual(result.returncode, 1, result.stderr)
                    lines = result.stdout.splitlines()
                    self.assertEqual(lines[-2], f"Repaired array (format {fmt}):")
                    body = json.loads(lines[-1])
                    self.assertEqual(sidecar.validate(body, fmt), {"valid": True, "problems": []})

    def test_quiet_prints_only_the_array(self):
        result = self.run_checker(ROLLOUTS / self.ROLLOUT, "--print-array", "--quiet", "--format", "chat")
        self.assertEqual(result.returncode, 1)
        messages = json.loads(result.stdout)
        self.assertEqual([message["role"] for message in messages], ["user", "assistant", "tool", "user"])
        self.assertEqual(messages[2], {"role": "tool", "content": INTERRUPTED, "tool_call_id": "call_8Qk2"})


class ShippedRolloutTests(CheckerTestCase):
    def test_every_shipped_rollout_is_repaired_into_a_valid_array(self):
        rollouts = sorted(ROLLOUTS.glob("*.jsonl"))
        self.assertGreaterEqual(len(rollouts), 6)
        for path in rollouts:
            with self.subTest(rollout=path.name):
                report = self.report(path.name, cancel_at_end="interrupted")
                self.assert_valid_everywhere(report)

    def test_problems_match_tool_sequencer_check(self):
        """The checker and `tool-sequencer check` report the same problems on the same lines."""
        for path in sorted(ROLLOUTS.glob("*.jsonl")):
            with self.subTest(rollout=path.name):
                report = self.report(path.name)
                check = subprocess.run([self.binary, "check", str(path)], capture_output=True, text=True, timeout=60)
                expected = [line for line in check.stdout.splitlines() if line.startswith(f"{path}:") and ": " in line
                            and line.split(": ", 2)[1] in ("error", "warning")]
                mine = [f"{path}:{problem['line']}: {problem['severity']}: {problem['message']} [{problem['code']}]"
                        for problem in report.problems]
                self.assertEqual(mine, expected)
                self.assertEqual(check.returncode, 1 if report.errors else 0)

    def test_a_healthy_turn_has_nothing_to_repair(self):
        report = self.report("healthy-turn.jsonl")
        self.assertEqual((report.problems, report.repairs, report.left_out), ([], [], []))
        self.assertEqual(report.arrays["responses"], report.rollout.items)
        result = self.run_checker(ROLLOUTS / "healthy-turn.jsonl")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("  0 errors, 0 warnings", result.stdout.splitlines())

    def test_a_message_during_a_tool_is_a_warning_and_is_moved(self):
        report = self.report("message-during-tool.jsonl")
        self.assertEqual([(problem["line"], problem["severity"], problem["code"]) for problem in report.problems],
                         [(4, "warning", "message_before_output")])
        self.assertEqual([str(note) for note in report.repairs], [
            "line 4: user message held: it came while call_pt77 (line 3) had no output; placed after the outputs"])
        self.assertEqual([item["type"] for item in report.arrays["responses"]],
                         ["message", "custom_tool_call", "custom_tool_call_output", "message"])
        self.assertEqual(self.run_checker(ROLLOUTS / "message-during-tool.jsonl").returncode, 0)

    def test_parallel_calls_interrupted_with_a_question_typed(self):
        report = self.report("parallel-calls-interrupted.jsonl")
        self.assertEqual([(problem["line"], problem["message"]) for problem in report.problems],
                         [(5, "No tool output found for local shell call call_bld1.")])
        self.assertEqual([str(note) for note in report.repairs], [
            "line 8: user message held: it came while call_bld1 (line 5) had no output; placed after the outputs",
            "line 5: cancelled local_shell_call call_bld1 at the turn_aborted on line 10: "
            "closed with a synthetic output (interrupted)"])
        items = report.arrays["responses"]
        self.assertEqual([(item["type"], item.get("call_id")) for item in items], [
            ("message", None), ("reasoning", None), ("local_shell_call", "call_bld1"), ("function_call", "call_rd02"),
            ("function_call_output", "call_bld1"), ("function_call_output", "call_rd02"), ("message", None),
            ("message", None)])
        self.assertEqual(items[4]["output"], INTERRUPTED)
        self.assertEqual([item.get("role") for item in items[6:]], ["user", "assistant"])

    def test_replayed_outputs_early_converted_duplicate_and_orphan(self):
        report = self.report("replayed-outputs.jsonl")
        self.assertEqual([(problem["line"], problem["code"]) for problem in report.problems], [
            (3, "orphan_output"), (4, "missing_output"), (5, "missing_output"), (6, "orphan_output"),
            (7, "orphan_output"), (8, "orphan_output")])
        self.assertEqual([str(note) for note in report.repairs], [
            "line 3: output for call_ls05 came before its call: placed after the call call_ls05 (line 5)",
            "line 6: converted_output: function_call_output converted to custom_tool_call_output to answer call_pt09",
            "line 7: reported duplicate: the output of call_pt09 was already submitted; "
            "this identical copy was not added again",
            "line 8: function_call_output call_gone dropped: no call with call_id call_gone came (orphan)"])
        self.assertEqual([(item["type"], item.get("call_id")) for item in report.arrays["responses"]], [
            ("message", None), ("custom_tool_call", "call_pt09"), ("function_call", "call_ls05"),
            ("custom_tool_call_output", "call_pt09"), ("function_call_output", "call_ls05"), ("message", None)])
        self.assert_valid_everywhere(report)

    def test_a_log_that_ends_mid_tool_leaves_the_call_out_unless_told(self):
        report = self.report("ends-mid-tool.jsonl")
        self.assertEqual([str(note) for note in report.left_out], [
            "line 3: local_shell_call call_dp03 still pending: not in the array (--cancel-at-end REASON closes it)",
            "line 4: user message still held behind the pending calls: not in the array"])
        self.assertEqual(len(report.arrays["responses"]), 1)
        closed = self.report("ends-mid-tool.jsonl", cancel_at_end="failed")
        self.assertEqual(closed.left_out, [])
        self.assertIn("line 3: cancelled local_shell_call call_dp03 at the end of the log: "
                      "closed with a synthetic output (failed)", [str(note) for note in closed.repairs])
        self.assertEqual([item["type"] for item in closed.arrays["responses"]],
                         ["message", "local_shell_call", "function_call_output", "message"])


class CommandLineTests(CheckerTestCase):
    def test_help_explains_with_examples(self):
        result = self.run_checker("--help")
        self.assertEqual(result.returncode, 0)
        for text in ("--print-array", "--format", "turn_aborted", "examples:", "exit status:"):
            self.assertIn(text, result.stdout)

    def test_a_file_that_is_not_a_rollout_exits_2_naming_the_line(self):
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "rollout-bad.jsonl"
            path.write_text((ROLLOUTS / "healthy-turn.jsonl").read_text().splitlines()[0] + "\n{not json\n")
            result = self.run_checker(path)
            self.assertEqual(result.returncode, 2)
            self.assertIn(f"{path}:2: not JSON", result.stderr)

    def test_a_missing_file_exits_2(self):
        result = self.run_checker("no/such/rollout.jsonl")
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot read", result.stderr)

    def test_a_missing_sidecar_exits_2_saying_what_to_do(self):
        result = subprocess.run([sys.executable, str(CHECK_ROLLOUT), str(ROLLOUTS / "healthy-turn.jsonl"),
                                 "--binary", "/nonexistent/tool-sequencer"],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot run the sidecar", result.stderr)


if __name__ == "__main__":
    unittest.main()
