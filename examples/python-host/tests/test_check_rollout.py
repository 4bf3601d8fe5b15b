"""check_rollout.py over the rollouts shipped in examples/rollouts/, against the real sidecar."""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from sidecar_support import CHECK_ROLLOUT, REPO_ROOT, ROLLOUTS, environment_with, sidecar_binary
from tool_sequencer_client import FORMATS, ToolSequencer

import check_rollout
from check_rollout import CANCEL_REASONS

INTERRUPTED = "aborted: the user interrupted this tool call before it finished; it may have partly run."
LOST = "aborted: no output was recorded for this tool call; it may have partly run."
CLOSED_BY = " The turn_aborted at line {} closed it: Codex sends an aborted output for it, and repair writes one."


def record(kind, payload, second=0):
    """One rollout line."""
    return json.dumps({"timestamp": f"2026-11-22T08:00:{second:02d}.000Z", "type": kind, "payload": payload})


def user(text):
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}


def shell_call(call_id):
    return {"type": "local_shell_call", "call_id": call_id, "status": "in_progress",
            "action": {"type": "exec", "command": ["bash", "-lc", "make"]}}


def shell_output(call_id):
    return {"type": "function_call_output", "call_id": call_id, "output": "done"}


TURN_ABORTED = {"type": "turn_aborted", "reason": "interrupted"}


class CheckerTestCase(unittest.TestCase):
    def setUp(self):
        self.binary = sidecar_binary(self)

    def run_checker(self, *args, cwd=None):
        """Runs check_rollout.py as a user would, by default from a directory that is not the
        repository's (paths are absolute; nothing may depend on the working directory); ``cwd``
        runs it from there instead (a relative path, as typed at the repository root)."""
        return subprocess.run([sys.executable, str(CHECK_ROLLOUT), *map(str, args)],
                              cwd=cwd if cwd is not None else tempfile.gettempdir(),
                              env=environment_with(self.binary), capture_output=True, text=True, timeout=60)

    def report(self, name, **options):
        with ToolSequencer(self.binary) as sidecar:
            return check_rollout.check_rollout(str(ROLLOUTS / name), sidecar, **options)

    def report_of(self, path, **options):
        with ToolSequencer(self.binary) as sidecar:
            return check_rollout.check_rollout(str(path), sidecar, **options)

    def assert_same_problems_as_check(self, path, report):
        """The report's problems are `tool-sequencer check`'s lines, and its exit status agrees."""
        check = subprocess.run([self.binary, "check", str(path)], capture_output=True, text=True, timeout=60)
        expected = [line for line in check.stdout.splitlines() if line.startswith(f"{path}:") and ": " in line
                    and line.split(": ", 2)[1] in ("error", "warning")]
        mine = [f"{path}:{problem['line']}: {problem['severity']}: {problem['message']} [{problem['code']}]"
                for problem in report.problems]
        self.assertEqual(mine, expected)
        self.assertEqual(check.returncode, 1 if report.errors else 0, check.stdout + check.stderr)

    def assert_same_array_as_repair(self, path, report):
        """The repaired Responses array is what `tool-sequencer repair` writes."""
        repair = subprocess.run([self.binary, "repair", str(path)], capture_output=True, text=True, timeout=60)
        self.assertEqual(repair.returncode, 0, repair.stderr)
        self.assertEqual(report.arrays["responses"], json.loads(repair.stdout))

    def write_rollout(self, lines, text=None):
        """A rollout file in a temporary directory (removed after the test) with ``lines``."""
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        path = Path(directory.name) / "rollout-test.jsonl"
        path.write_bytes(text if text is not None else ("\n".join(lines) + "\n").encode("utf-8"))
        return path

    def assert_valid_everywhere(self, report):
        self.assertEqual(set(report.array_checks), set(FORMATS))
        for fmt, check in report.array_checks.items():
            self.assertEqual(check, {"valid": True, "problems": []}, f"{report.path} in {fmt}")


class InterruptedTurnTests(CheckerTestCase):
    """examples/rollouts/interrupted-turn.jsonl: the stuck session the project exists for."""

    ROLLOUT = "interrupted-turn.jsonl"

    def test_the_call_the_turn_aborted_closed_is_a_warning_not_the_apis_error(self):
        report = self.report(self.ROLLOUT)
        self.assertEqual([(problem["line"], problem["severity"], problem["code"], problem["message"])
                          for problem in report.problems],
                         [(6, "warning", "interrupted_call",
                           "No tool output found for local shell call call_8Qk2." + CLOSED_BY.format(7))])
        self.assertEqual(report.errors, [])

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

    def test_the_command_prints_the_warning_and_the_cancel_and_exits_0(self):
        result = self.run_checker(Path("examples/rollouts") / self.ROLLOUT, cwd=REPO_ROOT)  # as typed at the repository root
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines(), [
            "examples/rollouts/interrupted-turn.jsonl: 9 lines, 4 items, 1 interruption (line 7)",
            "",
            "Problems in the history, read as Codex reads it (validate, format responses):",
            "  line 6: warning: No tool output found for local shell call call_8Qk2." + CLOSED_BY.format(7)
            + " [interrupted_call]",
            "  0 errors, 1 warning",
            "",
            "Repairs made by the sidecar (session/submit per item, session/cancel at each turn_aborted):",
            "  line 6: cancelled local_shell_call call_8Qk2 at the turn_aborted on line 7: "
            "closed with a synthetic output (interrupted)",
            "",
            "Repaired array: 5 items, revision 5; validate finds no problem in responses, chat, anthropic, gemini."])

    def test_the_printed_array_validates_in_each_format(self):
        with ToolSequencer(self.binary) as sidecar:
            for fmt in FORMATS:
                with self.subTest(format=fmt):
                    result = self.run_checker(ROLLOUTS / self.ROLLOUT, "--print-array", "--format", fmt)
                    self.assertEqual(result.returncode, 0, result.stderr)
                    lines = result.stdout.splitlines()
                    self.assertEqual(lines[-2], f"Repaired array (format {fmt}):")
                    body = json.loads(lines[-1])
                    self.assertEqual(sidecar.validate(body, fmt), {"valid": True, "problems": []})

    def test_quiet_prints_only_the_array(self):
        result = self.run_checker(ROLLOUTS / self.ROLLOUT, "--print-array", "--quiet", "--format", "chat")
        self.assertEqual(result.returncode, 0, result.stderr)
        messages = json.loads(result.stdout)
        self.assertEqual([message["role"] for message in messages], ["user", "assistant", "tool", "user"])
        self.assertEqual(messages[2], {"role": "tool", "content": INTERRUPTED, "tool_call_id": "call_8Qk2"})


class CompactedSessionTests(CheckerTestCase):
    """examples/rollouts/compacted-session.jsonl: a compaction with an open call inside it, an
    interrupted turn, two ghost snapshots (one replaced by the compaction) and a torn last line."""

    ROLLOUT = "compacted-session.jsonl"

    def test_the_compaction_replaces_what_came_before_it(self):
        rollout = check_rollout.read_rollout(str(ROLLOUTS / self.ROLLOUT))
        self.assertEqual(rollout.item_lines, [8, 8, 8, 10, 11, 12, 13, 15])
        self.assertEqual([(item["type"], item.get("call_id")) for item in rollout.items[:3]],
                         [("message", None), ("message", None), ("local_shell_call", "call_cmp3")])
        self.assertEqual(rollout.interruption_lines, [14])
        self.assertEqual([(warning.line, warning.code) for warning in rollout.warnings],
                         [(8, "compacted"), (16, "torn_last_line")])

    def test_the_command_prints_exactly_this_and_exits_1(self):
        result = self.run_checker(Path("examples/rollouts") / self.ROLLOUT, cwd=REPO_ROOT)  # as typed at the repository root
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stdout.splitlines(), [
            "examples/rollouts/compacted-session.jsonl: 16 lines, 8 items, 1 interruption (line 14)",
            "",
            "Problems in the history, read as Codex reads it (validate, format responses):",
            "  line 8: warning: a compaction replaced the 5 entries before it with 3 items [compacted]",
            "  line 8: error: No tool output found for local shell call call_cmp3. [missing_output]",
            "  line 13: warning: No tool output found for custom tool call call_pt4." + CLOSED_BY.format(14)
            + " [interrupted_call]",
            "  line 16: warning: the last line is not JSON (unexpected end of JSON text at byte 158 of the line): "
            "a write cut short, skipped as Codex skips it; the rest is read [torn_last_line]",
            "  1 error, 3 warnings",
            "",
            "Repairs made by the sidecar (session/submit per item, session/cancel at each turn_aborted):",
            "  line 10: user message held: it came while call_cmp3 (line 8) had no output; placed after the outputs",
            "  line 8: closed local_shell_call call_cmp3 with a synthetic output (lost): it has no output anywhere "
            "in the log, and the item on line 10 waited behind it",
            "  line 13: cancelled custom_tool_call call_pt4 at the turn_aborted on line 14: "
            "closed with a synthetic output (interrupted)",
            "",
            "Removed 1 ghost_snapshot item from the repaired array, as Codex does before every request.",
            "Repaired array: 9 items, revision 10; validate finds no problem in responses, chat, anthropic, gemini."])
        self.assertEqual(result.stderr, "")

    def test_the_repaired_array_closes_both_calls_and_has_no_ghost_snapshot(self):
        report = self.report(self.ROLLOUT)
        self.assert_valid_everywhere(report)
        self.assertEqual(report.ghost_snapshots_removed, 1)
        items = report.arrays["responses"]
        self.assertEqual([(item["type"], item.get("call_id")) for item in items], [
            ("message", None), ("message", None), ("local_shell_call", "call_cmp3"),
            ("function_call_output", "call_cmp3"), ("message", None), ("reasoning", None),
            ("custom_tool_call", "call_pt4"), ("custom_tool_call_output", "call_pt4"), ("message", None)])
        self.assertEqual((items[3]["output"], items[7]["output"]), (LOST, INTERRUPTED))
        self.assertEqual(items[8]["content"][0]["text"], "Wait, pin toml to 0.8.19.")
        self.assertEqual(report.left_out, [])

    def test_the_printed_array_has_no_ghost_snapshot_and_is_what_repair_writes(self):
        result = self.run_checker(ROLLOUTS / self.ROLLOUT, "--print-array", "--quiet")
        self.assertEqual(result.returncode, 1, result.stderr)
        printed = json.loads(result.stdout)
        self.assertNotIn("ghost_snapshot", [item["type"] for item in printed])
        repair = subprocess.run([self.binary, "repair", str(ROLLOUTS / self.ROLLOUT)],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(printed, json.loads(repair.stdout))


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
                self.assert_same_problems_as_check(path, self.report(path.name))

    def test_the_repaired_array_is_what_tool_sequencer_repair_writes(self):
        """Wherever nothing is left out at the end of the log (all but ends-mid-tool), the array
        is `tool-sequencer repair`'s: the same calls closed as lost and as interrupted."""
        left_out = []
        for path in sorted(ROLLOUTS.glob("*.jsonl")):
            with self.subTest(rollout=path.name):
                report = self.report(path.name)
                if report.left_out:
                    left_out.append(path.name)
                else:
                    self.assert_same_array_as_repair(path, report)
        self.assertEqual(left_out, ["ends-mid-tool.jsonl"])

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
        # No output for call_bld1 anywhere: the message typed at line 8 ended its model response,
        # so it is closed as lost there (as `repair` closes it), and the turn_aborted closes nothing.
        self.assertEqual([(problem["line"], problem["severity"], problem["message"]) for problem in report.problems],
                         [(5, "error", "No tool output found for local shell call call_bld1.")])
        self.assertEqual([str(note) for note in report.repairs], [
            "line 8: user message held: it came while call_bld1 (line 5) had no output; placed after the outputs",
            "line 5: closed local_shell_call call_bld1 with a synthetic output (lost): it has no output anywhere "
            "in the log, and the item on line 8 waited behind it"])
        items = report.arrays["responses"]
        self.assertEqual([(item["type"], item.get("call_id")) for item in items], [
            ("message", None), ("reasoning", None), ("local_shell_call", "call_bld1"), ("function_call", "call_rd02"),
            ("function_call_output", "call_bld1"), ("function_call_output", "call_rd02"), ("message", None),
            ("message", None)])
        self.assertEqual(items[4]["output"], LOST)
        self.assertEqual([item.get("role") for item in items[6:]], ["user", "assistant"])
        self.assertEqual(self.run_checker(ROLLOUTS / "parallel-calls-interrupted.jsonl").returncode, 1)
        # The lost close borrows a cancel reason; asking for that reason at the end changes nothing.
        for reason in CANCEL_REASONS:
            with self.subTest(cancel_at_end=reason):
                closed = self.report("parallel-calls-interrupted.jsonl", cancel_at_end=reason)
                self.assertEqual(closed.arrays["responses"], items)

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
        self.assertEqual(self.run_checker(ROLLOUTS / "ends-mid-tool.jsonl").returncode, 1)


class CodexReadingTests(CheckerTestCase):
    """Small rollouts that show each rule of reading a rollout as Codex reads it, each checked
    against `tool-sequencer check` (and `repair`) on the same file."""

    HEALTHY = (ROLLOUTS / "healthy-turn.jsonl").read_text().splitlines()

    def test_a_torn_last_line_is_a_warning_with_its_line_and_the_rest_is_checked(self):
        path = self.write_rollout(self.HEALTHY + ['{"timestamp":"2026-11-20T09:00:04.000Z","type":"respo'])
        report = self.report_of(path)
        self.assertEqual([(problem["line"], problem["severity"], problem["code"], problem["message"])
                          for problem in report.problems],
                         [(7, "warning", "torn_last_line",
                           "the last line is not JSON (unexpected end of JSON text at byte 53 of the line): "
                           "a write cut short, skipped as Codex skips it; the rest is read")])
        self.assertEqual(report.arrays["responses"], report.rollout.items)
        self.assertEqual(len(report.rollout.items), 5)
        self.assert_same_problems_as_check(path, report)
        result = self.run_checker(path)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("  0 errors, 1 warning", result.stdout.splitlines())

    def test_a_torn_line_followed_by_blank_lines_is_still_the_last(self):
        text = "\r\n".join(self.HEALTHY) + '\r\n{"timestamp":"x","ty\r\n\n  \n'  # CRLF, then blank lines
        path = self.write_rollout(None, text=text.encode())
        report = self.report_of(path)
        self.assertEqual([(problem["line"], problem["code"]) for problem in report.problems], [(7, "torn_last_line")])
        self.assert_same_problems_as_check(path, report)

    def test_a_last_line_cut_inside_a_utf8_character_is_torn_not_unreadable(self):
        cut = '{"timestamp":"x","type":"response_item","payload":{"type":"message","text":"wörld'.encode()[:-4]
        path = self.write_rollout(None, text=("\n".join(self.HEALTHY) + "\n").encode() + cut + b"\n")
        report = self.report_of(path)
        self.assertEqual(report.problems[0]["message"],
                         f"the last line is not JSON (unexpected end of JSON text at byte {len(cut)} of the line): "
                         "a write cut short, skipped as Codex skips it; the rest is read")
        self.assert_same_problems_as_check(path, report)

    def test_a_line_that_is_not_json_and_not_the_last_is_an_error(self):
        path = self.write_rollout(self.HEALTHY[:2] + ['{"timestamp":"x","ty'] + self.HEALTHY[2:])
        with self.assertRaises(check_rollout.RolloutError) as raised:
            check_rollout.read_rollout(str(path))
        self.assertEqual((raised.exception.line, raised.exception.message),
                         (3, "not JSON (unexpected end of JSON text at byte 20 of the line)"))
        self.assertEqual(self.run_checker(path).returncode, 2)
        self.assertEqual(subprocess.run([self.binary, "check", str(path)], capture_output=True).returncode, 2)

    def test_a_file_whose_only_line_is_torn_is_unreadable(self):
        path = self.write_rollout(['{"timestamp":"x","ty'])
        result = self.run_checker(path)
        self.assertEqual(result.returncode, 2)
        self.assertIn(f"{path}:1: not JSON (unexpected end of JSON text at byte 20 of the line)", result.stderr)

    def test_a_compaction_replaces_calls_and_interruptions_before_it(self):
        """An unanswered call and the turn_aborted that closed it, then a compaction that kept
        only the user's request: nothing before the compaction is checked or repaired."""
        path = self.write_rollout([
            record("response_item", user("Build it.")),
            record("response_item", shell_call("call_a")),
            record("event_msg", TURN_ABORTED),
            record("compacted", {"message": "Built half of it.",
                                 "replacement_history": [user("Build it."), user("Built half of it.")]}),
            record("response_item", user("Go on.")),
        ])
        report = self.report_of(path)
        self.assertEqual(report.rollout.events, [("item", 4, user("Build it.")), ("item", 4, user("Built half of it.")),
                                                 ("item", 5, user("Go on."))])
        self.assertEqual([(problem["line"], problem["code"], problem["message"]) for problem in report.problems],
                         [(4, "compacted", "a compaction replaced the 3 entries before it with 2 items")])
        self.assertEqual((report.repairs, report.left_out), ([], []))
        self.assertEqual(report.arrays["responses"], report.rollout.items)
        self.assert_same_problems_as_check(path, report)
        self.assertEqual(self.run_checker(path).returncode, 0)

    def test_a_compaction_without_replacement_history_keeps_the_user_messages_and_its_message(self):
        path = self.write_rollout([
            record("response_item", user("Build it.")),
            record("response_item", shell_call("call_a")),
            record("response_item", shell_output("call_a")),
            record("response_item", user("And test it.")),
            record("compacted", {"message": "Built; tests pass."}),
            record("response_item", user("Ship it.")),
        ])
        report = self.report_of(path)
        self.assertEqual(report.rollout.items, [user("Build it."), user("And test it."), user("Built; tests pass."),
                                                user("Ship it.")])
        self.assertEqual(report.rollout.item_lines, [5, 5, 5, 6])
        self.assertEqual([(problem["line"], problem["message"]) for problem in report.problems],
                         [(5, "a compaction replaced the 4 entries before it with 3 items")])
        self.assert_same_problems_as_check(path, report)
        self.assert_same_array_as_repair(path, report)

    def test_an_open_call_inside_a_compaction_closed_by_a_turn_aborted_is_a_warning(self):
        path = self.write_rollout([
            record("response_item", user("Build it.")),
            record("compacted", {"message": "Building.",
                                 "replacement_history": [user("Build it."), shell_call("call_b")]}),
            record("event_msg", TURN_ABORTED),
            record("response_item", user("Stop.")),
        ])
        report = self.report_of(path)
        self.assertEqual([(problem["line"], problem["severity"], problem["code"]) for problem in report.problems],
                         [(2, "warning", "compacted"), (2, "warning", "interrupted_call")])
        self.assertEqual(report.rollout.interruption_lines, [3])
        self.assertEqual([str(note) for note in report.repairs], [
            "line 2: cancelled local_shell_call call_b at the turn_aborted on line 3: "
            "closed with a synthetic output (interrupted)"])
        self.assert_same_problems_as_check(path, report)
        self.assert_same_array_as_repair(path, report)
        self.assertEqual(self.run_checker(path).returncode, 0)

    def test_only_the_calls_the_cancel_closed_become_warnings(self):
        """Two calls without output: the one pending at the turn_aborted is interrupted (a
        warning); the one whose turn ended with a user message long before is lost (an error)."""
        path = self.write_rollout([
            record("response_item", user("Build it.")),
            record("response_item", shell_call("call_lost")),
            record("response_item", user("Anything?")),
            record("response_item", shell_call("call_cut")),
            record("event_msg", TURN_ABORTED),
            record("response_item", user("Stop.")),
        ])
        report = self.report_of(path)
        self.assertEqual([(problem["line"], problem["severity"], problem["code"], problem.get("callId"))
                          for problem in report.problems],
                         [(2, "error", "missing_output", "call_lost"), (4, "warning", "interrupted_call", "call_cut")])
        self.assertEqual([item.get("output") for item in report.arrays["responses"] if "output" in item],
                         [LOST, INTERRUPTED])
        self.assert_same_problems_as_check(path, report)
        self.assert_same_array_as_repair(path, report)
        self.assertEqual(self.run_checker(path).returncode, 1)

    def test_a_call_of_any_kind_with_no_output_is_closed_as_lost_as_repair_closes_it(self):
        path = self.write_rollout([
            record("response_item", user("Patch it.")),
            record("response_item", {"type": "apply_patch_call", "call_id": "call_ap", "status": "in_progress",
                                     "operation": {"type": "update_file", "path": "a.txt", "diff": "@@\n-a\n+b\n"}}),
            record("response_item", user("Hello?")),
            record("event_msg", TURN_ABORTED),
            record("response_item", user("Stop.")),
        ])
        report = self.report_of(path)
        self.assertEqual([str(note) for note in report.repairs], [
            "line 3: user message held: it came while call_ap (line 2) had no output; placed after the outputs",
            "line 2: closed apply_patch_call call_ap with a synthetic output (lost): it has no output anywhere "
            "in the log, and the item on line 3 waited behind it"])
        self.assertEqual(report.arrays["responses"][2],
                         {"type": "apply_patch_call_output", "call_id": "call_ap", "status": "failed", "output": LOST})
        self.assert_same_problems_as_check(path, report)
        self.assert_same_array_as_repair(path, report)

    def test_ghost_snapshots_leave_every_printed_format(self):
        ghost = {"type": "ghost_snapshot", "ghost_commit": {"id": "4f1c2a9", "parent": None}}
        path = self.write_rollout([
            record("response_item", user("Build it.")),
            record("response_item", ghost),
            record("response_item", shell_call("call_a")),
            record("response_item", ghost),
            record("response_item", shell_output("call_a")),
        ])
        report = self.report_of(path)
        self.assertEqual(report.ghost_snapshots_removed, 2)
        self.assertEqual([item["type"] for item in report.arrays["responses"]],
                         ["message", "local_shell_call", "function_call_output"])
        self.assert_same_array_as_repair(path, report)
        for fmt in FORMATS:
            with self.subTest(format=fmt):
                result = self.run_checker(path, "--print-array", "--quiet", "--format", fmt)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertNotIn("ghost", result.stdout)
        self.assertIn("Removed 2 ghost_snapshot items from the repaired array, as Codex does before every request.",
                      self.run_checker(path).stdout.splitlines())


class CommandLineTests(CheckerTestCase):
    def test_help_explains_with_examples(self):
        result = self.run_checker("--help")
        self.assertEqual(result.returncode, 0)
        for text in ("--print-array", "--format", "turn_aborted", "examples:", "exit status:"):
            self.assertIn(text, result.stdout)

    def test_a_file_that_is_not_a_rollout_exits_2_naming_the_line(self):
        healthy = (ROLLOUTS / "healthy-turn.jsonl").read_text().splitlines()
        path = self.write_rollout([healthy[0], "{not json", healthy[1]])
        result = self.run_checker(path)
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr, f"{path}:2: not JSON (unexpected character 'n' at byte 1 of the line)\n")
        path = self.write_rollout([healthy[0], '["an array"]', healthy[1]])
        result = self.run_checker(path)
        self.assertEqual(result.returncode, 2)
        self.assertIn(f"{path}:2: not a rollout record", result.stderr)

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
