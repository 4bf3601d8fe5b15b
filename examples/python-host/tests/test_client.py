"""The client against the real sidecar (every method, error codes, id matching), and against
small fake sidecars that break the protocol on purpose."""

import os
import subprocess
import sys
import threading
import unittest
from unittest import mock

from sidecar_support import sidecar_binary
from tool_sequencer_client import (
    ERROR_CODES, FORMATS, METHODS, PROTOCOL_VERSION, ToolSequencer, ToolSequencerError, ToolSequencerProtocolError,
    find_binary)

USER = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Build the project."}]}
QUESTION = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Stop, why is it so slow?"}]}
REASONING = {"type": "reasoning", "summary": [{"type": "summary_text", "text": "Run make."}], "encrypted_content": None}
SHELL = {"type": "local_shell_call", "call_id": "call_make", "status": "in_progress",
         "action": {"type": "exec", "command": ["bash", "-lc", "make"], "timeout_ms": None,
                    "working_directory": None, "env": None, "user": None}}
READ = {"type": "function_call", "name": "read_file", "arguments": "{\"path\":\"README.md\"}", "call_id": "call_read"}
READ_OUTPUT = {"type": "function_call_output", "call_id": "call_read", "output": "# project"}
PATCH = {"type": "custom_tool_call", "call_id": "call_patch", "name": "apply_patch", "input": "*** Begin Patch"}
INTERRUPTED = "aborted: the user interrupted this tool call before it finished; it may have partly run."


class SidecarTestCase(unittest.TestCase):
    """Starts one real sidecar per test (``--frozen-clock``: every age is 0)."""

    def setUp(self):
        self.binary = sidecar_binary(self)
        self.sidecar = ToolSequencer(self.binary, ["--frozen-clock"], timeout=20)
        self.addCleanup(self.sidecar.close)


class MethodTests(SidecarTestCase):
    def test_initialize_describes_the_server_and_is_allowed_once(self):
        info = self.sidecar.initialize({"name": "test_client.py", "version": "1"})
        self.assertEqual(info["serverInfo"]["name"], "tool-sequencer")
        self.assertEqual(info["protocolVersion"], PROTOCOL_VERSION)
        self.assertEqual(tuple(info["capabilities"]["formats"]), FORMATS)
        self.assertEqual(info["capabilities"]["methods"], [
            "initialize", "initialized", "sequence", "validate", "session/open", "session/submit", "session/cancel",
            "session/messages", "session/state", "session/close", "session/export", "session/import", "session/rewind",
            "session/replace", "ping",
            "$/cancelRequest", "shutdown"])
        self.assertEqual(set(info["limits"]),
                         {"maxLineBytes", "maxDepth", "maxSessions", "maxHeld", "maxSessionBytes", "maxTotalBytes"})
        with self.assertRaises(ToolSequencerError) as caught:
            self.sidecar.initialize()
        self.assertEqual(caught.exception.code, ERROR_CODES["already_initialized"])
        self.assertEqual(caught.exception.method, "initialize")

    def test_sequence_closes_an_interrupted_call_before_the_next_message(self):
        result = self.sidecar.sequence([USER, REASONING, SHELL, QUESTION])
        messages = result["messages"]
        self.assertEqual(messages[:3], [USER, REASONING, SHELL])
        self.assertEqual(messages[3]["type"], "function_call_output")
        self.assertEqual(messages[3]["call_id"], "call_make")
        self.assertTrue(messages[3]["output"].startswith("aborted"))
        self.assertEqual(messages[4], QUESTION)
        inserted = [repair for repair in result["repairs"] if repair["kind"] == "inserted_output"]
        self.assertEqual([(repair["callId"], repair["index"], repair["resultIndex"]) for repair in inserted],
                         [("call_make", 2, 3)])

    def test_sequence_in_every_format_validates(self):
        for fmt in FORMATS:
            with self.subTest(format=fmt):
                body = self.sidecar.sequence([USER, SHELL, QUESTION], fmt)["messages"]
                self.assertIsInstance(body, list if fmt in ("responses", "chat") else dict)
                self.assertEqual(self.sidecar.validate(body, fmt), {"valid": True, "problems": []})

    def test_sequence_with_missing_output_error_lists_the_calls(self):
        with self.assertRaises(ToolSequencerError) as caught:
            self.sidecar.sequence([USER, SHELL], missing_output="error")
        error = caught.exception
        self.assertEqual(error.code, ERROR_CODES["unanswered_calls"])
        self.assertEqual([problem["message"] for problem in error.data["problems"]],
                         ["No tool output found for local shell call call_make."])

    def test_sequence_synthetic_outputs_and_drop(self):
        texts = self.sidecar.sequence([SHELL], synthetic_outputs={"lost": "aborted: lost"})["messages"]
        self.assertEqual(texts[1]["output"], "aborted: lost")
        dropped = self.sidecar.sequence([USER, REASONING, SHELL], missing_output="drop")
        self.assertEqual(dropped["messages"], [USER])
        kinds = [repair["kind"] for repair in dropped["repairs"]]
        self.assertIn("dropped_reasoning", kinds)
        self.assertIn("dropped_call", kinds)

    def test_validate_gives_the_providers_own_text(self):
        result = self.sidecar.validate([SHELL, QUESTION], "responses")
        self.assertFalse(result["valid"])
        self.assertEqual(result["problems"], [{
            "code": "missing_output", "severity": "error", "index": 0, "callId": "call_make",
            "message": "No tool output found for local shell call call_make."}])

    def test_a_session_from_open_to_close(self):
        self.assertEqual(self.sidecar.open_session("demo"), "demo")
        submitted = self.sidecar.submit("demo", [USER, REASONING, SHELL])
        # The reasoning comes before any call: it is committed at once; the call waits for its output.
        self.assertEqual(submitted, {"revision": 2, "epoch": 0, "committed": 2, "pending": ["call_make"], "held": 0,
                                     "early": 0, "reported": [], "repairs": [], "warnings": []})
        held = self.sidecar.submit("demo", [QUESTION])
        self.assertEqual((held["revision"], held["committed"], held["held"]), (2, 0, 1))

        state = self.sidecar.state("demo")
        self.assertEqual(state["pending"], ["call_make"])
        self.assertEqual(state["batch"]["calls"], [{"callId": "call_make", "kind": "local_shell_call",
                                                    "name": "shell", "ageMs": 0, "hasOutput": False}])
        self.assertEqual(state["held"], [{"item": QUESTION, "ageMs": 0}])
        self.assertEqual(state["counts"], {"submitted": 4, "committed": 2, "pending": 1, "held": 1, "early": 0,
                                           "reported": 0})

        cancelled = self.sidecar.cancel("demo", reason="interrupted")
        self.assertEqual(cancelled, {"cancelled": ["call_make"], "dropped": [], "notPending": [], "revision": 5,
                                     "epoch": 0, "committed": 3, "pending": [], "held": 0, "early": 0, "reported": [],
                                     "repairs": []})
        after = self.sidecar.messages("demo")
        self.assertEqual(after["messages"], [USER, REASONING, SHELL,
                                             {"type": "function_call_output", "call_id": "call_make",
                                              "output": INTERRUPTED}, QUESTION])
        self.assertEqual((after["revision"], after["epoch"], after["reset"], after["pending"], after["held"],
                          after["notes"]), (5, 0, False, [], 0, []))
        chat_tail = self.sidecar.messages("demo", format="chat", since=2)["messages"]
        self.assertEqual([message["role"] for message in chat_tail], ["assistant", "tool", "user"])
        self.assertEqual(self.sidecar.close_session("demo"), {"orphans": [], "pending": [], "held": []})

    def test_rewind_to_an_earlier_boundary_discards_the_pending_call_and_the_held_message(self):
        self.sidecar.open_session("r")
        self.sidecar.submit("r", [USER])  # revision 1: a commit boundary
        self.sidecar.submit("r", [REASONING, SHELL])  # revision 2; call_make pending
        self.assertEqual(self.sidecar.submit("r", [QUESTION])["held"], 1)
        rewound = self.sidecar.rewind("r", 1)
        self.assertEqual(rewound, {"revision": 1, "epoch": 1,
                                   "discarded": {"committed": 1, "pending": ["call_make"], "held": 1, "early": 0}})
        # A copy kept from epoch 0 is answered with the whole array, marked reset.
        after = self.sidecar.messages("r", since=2, epoch=0)
        self.assertEqual(after, {"revision": 1, "epoch": 1, "reset": True, "messages": [USER], "pending": [], "held": 0,
                                 "notes": []})
        # The discarded call id is forgotten: it may be used again.
        again = self.sidecar.submit("r", [SHELL])
        self.assertEqual((again["epoch"], again["pending"], again["reported"]), (1, ["call_make"], []))

    def test_rewind_refuses_a_revision_that_is_not_a_commit_boundary(self):
        self.sidecar.open_session("r")
        self.sidecar.submit("r", [USER, READ, READ_OUTPUT])  # the call and its output commit together: 1 -> 3
        with self.assertRaises(ToolSequencerError) as caught:
            self.sidecar.rewind("r", 2)
        self.assertEqual(caught.exception.code, ERROR_CODES["invalid_params"])
        self.assertEqual(caught.exception.data, {"path": "params.revision"})
        with self.assertRaises(ToolSequencerError) as caught:
            self.sidecar.rewind("r", 4)
        self.assertEqual(caught.exception.message,
                         "Invalid params: params.revision is 4, past the session's revision 3")
        self.assertEqual(self.sidecar.messages("r")["epoch"], 0)  # nothing refused was applied

    def test_replace_keeps_the_pending_call_and_the_held_message(self):
        self.sidecar.open_session("p")
        self.sidecar.submit("p", [USER, REASONING, SHELL])
        self.sidecar.submit("p", [QUESTION])
        summary = {"type": "message", "role": "user",
                   "content": [{"type": "input_text", "text": "Summary: the user asked to build the project."}]}
        replaced = self.sidecar.replace("p", [summary])
        self.assertEqual(replaced, {"revision": 1, "epoch": 1, "repairs": [], "warnings": []})
        self.assertEqual(self.sidecar.messages("p"), {"revision": 1, "epoch": 1, "reset": False, "messages": [summary],
                                                      "pending": ["call_make"], "held": 1, "notes": []})
        output = {"type": "function_call_output", "call_id": "call_make", "output": "ok"}
        answered = self.sidecar.submit("p", [output])
        self.assertEqual((answered["revision"], answered["epoch"], answered["committed"], answered["pending"]),
                         (4, 1, 3, []))
        tail = self.sidecar.messages("p", since=1, epoch=1)
        self.assertEqual((tail["reset"], tail["messages"]), (False, [SHELL, output, QUESTION]))

    def test_ping_initialized_and_cancel_request_answer_empty(self):
        self.assertEqual(self.sidecar.ping(), {})
        self.assertEqual(self.sidecar.initialized(), {})
        self.assertEqual(self.sidecar.cancel_request(1), {})

    def test_the_method_table_is_the_sidecars(self):
        methods = self.sidecar.initialize()["capabilities"]["methods"]
        self.assertEqual(list(METHODS.values()), methods)
        for name in METHODS:
            self.assertTrue(callable(getattr(self.sidecar, name)), name)

    def test_initialize_refuses_protocol_version_1(self):
        with self.assertRaises(ToolSequencerError) as caught:
            self.sidecar.initialize(protocol_version=1)
        self.assertEqual(caught.exception.code, ERROR_CODES["unsupported_protocol_version"])
        self.assertEqual(caught.exception.data, {"requested": 1, "supported": [PROTOCOL_VERSION]})

    def test_reasoning_and_ids_choose_how_chat_and_responses_render(self):
        items = [USER, dict(REASONING, id="rs_1"), dict(READ, id="fc_1"), READ_OUTPUT]
        plain = self.sidecar.sequence(items, "chat")["messages"][1]
        self.assertNotIn("reasoning_content", plain)
        self.assertNotIn("reasoning", plain)
        body = self.sidecar.sequence(items, "chat", reasoning="reasoning_content")["messages"]
        self.assertEqual(body[1]["reasoning_content"], "Run make.")
        self.assertEqual(self.sidecar.validate(body, "chat", reasoning="reasoning_content"), {"valid": True, "problems": []})
        self.assertEqual([problem["code"] for problem in self.sidecar.validate(body, "chat")["problems"]],
                         ["additional_properties"])
        stripped = self.sidecar.sequence(items)["messages"]
        self.assertEqual([item.get("id") for item in stripped], [None, None, None, None])
        self.sidecar.open_session("ids")
        self.sidecar.submit("ids", items)
        kept_ids = self.sidecar.messages("ids", ids="keep")["messages"]
        self.assertEqual([item.get("id") for item in kept_ids], [None, "rs_1", "fc_1", None])

    def test_open_session_makes_an_id_and_takes_options(self):
        session = self.sidecar.open_session(format="chat", synthetic_outputs={"timeout": "aborted: too slow"})
        self.assertIsInstance(session, str)
        self.assertTrue(session)
        self.sidecar.submit(session, [READ, PATCH])
        result = self.sidecar.cancel(session, ["call_patch", "call_unknown"], reason="timeout")
        self.assertEqual((result["cancelled"], result["notPending"]), (["call_patch"], ["call_unknown"]))
        self.sidecar.submit(session, [READ_OUTPUT])
        messages = self.sidecar.messages(session)["messages"]  # the session's format: chat
        self.assertEqual(messages[-1], {"role": "tool", "content": "aborted: too slow", "tool_call_id": "call_patch"})

    def test_submit_reports_items_it_cannot_take_and_converts_wrong_kind_outputs(self):
        session = self.sidecar.open_session()
        result = self.sidecar.submit(session, [7, {"no": "type"}, PATCH,
                                               {"type": "function_call_output", "call_id": "call_patch", "output": "ok"},
                                               {"type": "function_call_output", "call_id": "call_patch", "output": "ok"}])
        self.assertEqual([(report["index"], report["reason"]) for report in result["reported"]],
                         [(0, "invalid"), (1, "invalid"), (4, "duplicate")])
        self.assertEqual(result["repairs"], [{
            "kind": "converted_output", "callId": "call_patch", "index": 3,
            "message": "function_call_output converted to custom_tool_call_output to answer call_patch"}])
        self.assertEqual(self.sidecar.messages(session)["messages"][-1],
                         {"type": "custom_tool_call_output", "call_id": "call_patch", "output": "ok"})

    def test_close_session_returns_orphans_pending_and_held(self):
        session = self.sidecar.open_session()
        self.sidecar.submit(session, [READ_OUTPUT])
        self.sidecar.submit(session, [SHELL, QUESTION])
        self.assertEqual(self.sidecar.close_session(session),
                         {"orphans": [READ_OUTPUT], "pending": ["call_make"], "held": [QUESTION]})

    def test_text_and_numbers_survive_the_round_trip(self):
        item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "héllo 🌍 \u2028 \"q\"\n"}],
                "x_big": 123456789012345678901234567890, "x_float": 0.1}
        session = self.sidecar.open_session()
        self.sidecar.submit(session, [item])
        self.assertEqual(self.sidecar.messages(session)["messages"], [item])

    def test_shutdown_ends_the_process_with_status_zero(self):
        self.assertEqual(self.sidecar.shutdown(), 0)
        with self.assertRaises(ToolSequencerProtocolError):
            self.sidecar.state("anything")


class ErrorTests(SidecarTestCase):
    def assert_error(self, code_name, function, *args, **kwargs):
        with self.assertRaises(ToolSequencerError) as caught:
            function(*args, **kwargs)
        self.assertEqual(caught.exception.code, ERROR_CODES[code_name], str(caught.exception))
        return caught.exception

    def test_unknown_session_names_it(self):
        error = self.assert_error("unknown_session", self.sidecar.submit, "ghost", [USER])
        self.assertEqual(error.message, 'Unknown session: no open session has the id "ghost"')
        self.assertEqual(error.data, {"path": "params.session", "session": "ghost"})
        self.assert_error("unknown_session", self.sidecar.messages, "ghost")
        self.assert_error("unknown_session", self.sidecar.state, "ghost")
        self.assert_error("unknown_session", self.sidecar.cancel, "ghost")
        self.assert_error("unknown_session", self.sidecar.close_session, "ghost")

    def test_session_exists_and_invalid_params(self):
        self.sidecar.open_session("one")
        self.assert_error("session_exists", self.sidecar.open_session, "one")
        error = self.assert_error("invalid_params", self.sidecar.cancel, "one", reason="lost")
        self.assertEqual(error.data["path"], "params.reason")
        error = self.assert_error("invalid_params", self.sidecar.validate, [], "xml")
        self.assertEqual(error.data, {"path": "params.format", "allowed": list(FORMATS)})
        error = self.assert_error("invalid_params", self.sidecar.call, "session/submit", {"session": "one", "items": "x"})
        self.assertEqual(error.data, {"path": "params.items"})

    def test_method_not_found(self):
        error = self.assert_error("method_not_found", self.sidecar.call, "session/nope", {})
        self.assertEqual(error.data, {"method": "session/nope"})

    def test_the_client_stays_usable_after_errors(self):
        for _ in range(3):
            self.assert_error("method_not_found", self.sidecar.call, "nope")
        self.assertEqual(self.sidecar.open_session("after"), "after")

    def test_unencodable_requests_raise_before_anything_is_sent(self):
        with self.assertRaises(ValueError):
            self.sidecar.submit(self.sidecar.open_session(), [{"type": "message", "x": float("nan")}])
        with self.assertRaises(TypeError):
            self.sidecar.sequence([object()])
        self.assertEqual(self.sidecar.validate([], "responses")["valid"], True)


class LimitTests(unittest.TestCase):
    """Errors the sidecar answers with ``id: null`` are the answer to the one request in flight."""

    def test_nesting_over_the_limit_is_a_parse_error_for_this_request(self):
        with ToolSequencer(sidecar_binary(self), ["--max-depth", "16"]) as sidecar:
            deep = "x"
            for _ in range(20):
                deep = [deep]
            with self.assertRaises(ToolSequencerError) as caught:
                sidecar.sequence([{"type": "message", "role": "user", "content": deep}])
            self.assertEqual(caught.exception.code, ERROR_CODES["parse_error"])
            self.assertEqual(caught.exception.data["limit"], "maxDepth")
            self.assertEqual(sidecar.sequence([USER])["messages"], [USER])

    def test_a_line_over_the_limit_is_skipped_and_answered(self):
        with ToolSequencer(sidecar_binary(self), ["--max-line-bytes", "2000"]) as sidecar:
            long_text = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "x" * 5000}]}
            with self.assertRaises(ToolSequencerError) as caught:
                sidecar.sequence([long_text])
            self.assertEqual(caught.exception.code, ERROR_CODES["line_too_long"])
            self.assertEqual(caught.exception.data["limit"], "maxLineBytes")
            self.assertEqual(sidecar.sequence([USER])["messages"], [USER])

    def test_too_many_sessions(self):
        with ToolSequencer(sidecar_binary(self), ["--max-sessions", "1"]) as sidecar:
            sidecar.open_session("a")
            with self.assertRaises(ToolSequencerError) as caught:
                sidecar.open_session("b")
            self.assertEqual(caught.exception.code, ERROR_CODES["too_many_sessions"])
            sidecar.close_session("a")
            self.assertEqual(sidecar.open_session("b"), "b")


def fake_sidecar(script: str, **kwargs) -> ToolSequencer:
    """A client whose "sidecar" is a Python script reading requests on stdin."""
    prelude = "import json, sys, time\n"
    return ToolSequencer(sys.executable, ["-c", prelude + script], **kwargs)


class ChannelTests(unittest.TestCase):
    """What the client does when the other end breaks the protocol."""

    def test_requests_carry_increasing_ids_and_responses_are_matched(self):
        script = ("for line in sys.stdin:\n"
                  "    request = json.loads(line)\n"
                  "    print(json.dumps({'jsonrpc': '2.0', 'id': request['id'], 'result': request}), flush=True)\n")
        with fake_sidecar(script) as sidecar:
            first = sidecar.call("a", {"x": 1})
            second = sidecar.call("b")
            self.assertEqual(first, {"jsonrpc": "2.0", "id": 1, "method": "a", "params": {"x": 1}})
            self.assertEqual(second, {"jsonrpc": "2.0", "id": 2, "method": "b"})

    def test_a_response_with_another_id_breaks_the_client(self):
        script = ("for line in sys.stdin:\n"
                  "    request = json.loads(line)\n"
                  "    print(json.dumps({'jsonrpc': '2.0', 'id': request['id'] + 1, 'result': {}}), flush=True)\n")
        with fake_sidecar(script) as sidecar:
            with self.assertRaises(ToolSequencerProtocolError) as caught:
                sidecar.call("a")
            self.assertIn("expected the response to id 1, got one with id 2", str(caught.exception))
            with self.assertRaises(ToolSequencerProtocolError) as caught:
                sidecar.call("b")
            self.assertIn("the client is broken", str(caught.exception))

    def test_a_string_id_is_not_the_same_id(self):
        script = ("for line in sys.stdin:\n"
                  "    request = json.loads(line)\n"
                  "    print(json.dumps({'jsonrpc': '2.0', 'id': str(request['id']), 'result': {}}), flush=True)\n")
        with fake_sidecar(script) as sidecar:
            with self.assertRaises(ToolSequencerProtocolError):
                sidecar.call("a")

    def test_a_null_id_result_is_a_protocol_error(self):
        script = ("for line in sys.stdin:\n"
                  "    print(json.dumps({'jsonrpc': '2.0', 'id': None, 'result': {}}), flush=True)\n")
        with fake_sidecar(script) as sidecar:
            with self.assertRaises(ToolSequencerProtocolError):
                sidecar.call("a")

    def test_a_line_that_is_not_a_response_breaks_the_client(self):
        for bad in ("hello", "[]", '{"jsonrpc":"2.0","id":1}', '{"jsonrpc":"1.0","id":1,"result":{}}',
                    '{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}'):
            with self.subTest(line=bad):
                script = f"sys.stdin.readline()\nprint({bad!r}, flush=True)\nsys.stdin.read()\n"
                with fake_sidecar(script, timeout=10) as sidecar:
                    with self.assertRaises(ToolSequencerProtocolError):
                        sidecar.call("a")

    def test_a_sidecar_that_exits_is_reported_with_its_status_and_log(self):
        script = "sys.stdin.readline()\nprint('boom: out of cheese', file=sys.stderr, flush=True)\nsys.exit(3)\n"
        with fake_sidecar(script) as sidecar:
            with self.assertRaises(ToolSequencerProtocolError) as caught:
                sidecar.call("a")
            self.assertIn("exit status 3", str(caught.exception))
            self.assertIn("boom: out of cheese", str(caught.exception))

    def test_no_answer_within_the_timeout(self):
        with fake_sidecar("time.sleep(30)\n", timeout=0.5) as sidecar:
            with self.assertRaises(ToolSequencerProtocolError) as caught:
                sidecar.call("a")
            self.assertIn("no response within 0.5 s", str(caught.exception))
            sidecar.timeout = 2  # close() waits this long before it kills

    def test_close_kills_a_sidecar_that_does_not_exit(self):
        script = "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(30)\n"
        sidecar = fake_sidecar(script, timeout=0.5)
        status = sidecar.close()
        self.assertLess(status, 0)

    def test_error_answers_raise_with_code_message_and_data(self):
        script = ("for line in sys.stdin:\n"
                  "    request = json.loads(line)\n"
                  "    print(json.dumps({'jsonrpc': '2.0', 'id': request['id'], 'error': "
                  "{'code': -31002, 'message': 'Unknown session', 'data': {'session': 'x'}}}), flush=True)\n")
        with fake_sidecar(script) as sidecar:
            with self.assertRaises(ToolSequencerError) as caught:
                sidecar.state("x")
            self.assertEqual((caught.exception.code, caught.exception.message, caught.exception.data),
                             (-31002, "Unknown session", {"session": "x"}))
            self.assertEqual(str(caught.exception), 'session/state: Unknown session (code -31002) data={"session": "x"}')


class LifecycleTests(unittest.TestCase):
    def test_the_context_manager_closes_stdin_and_the_sidecar_exits_zero(self):
        with ToolSequencer(sidecar_binary(self)) as sidecar:
            sidecar.open_session("s")
        self.assertEqual(sidecar.process.returncode, 0)
        with self.assertRaises(ToolSequencerProtocolError):
            sidecar.state("s")

    def test_calls_from_several_threads_each_get_their_own_answer(self):
        with ToolSequencer(sidecar_binary(self)) as sidecar:
            failures = []

            def work(number):
                try:
                    session = sidecar.open_session(f"t{number}")
                    for _ in range(20):
                        self.assertEqual(sidecar.state(session)["session"], session)
                except Exception as error:  # noqa: BLE001 - collected and reported below
                    failures.append(error)

            threads = [threading.Thread(target=work, args=(number,)) for number in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            self.assertEqual(failures, [])

    def test_log_lines_are_captured(self):
        env = dict(os.environ, TOOL_SEQUENCER_LOG="warn")
        with ToolSequencer(sidecar_binary(self), env=env) as sidecar:
            with self.assertRaises(ToolSequencerError):
                sidecar.state("ghost")
        self.assertTrue(any("ghost" in line for line in sidecar.stderr_tail), sidecar.stderr_tail)


class FindBinaryTests(unittest.TestCase):
    def test_the_environment_variable_comes_first_and_must_exist(self):
        with mock.patch.dict(os.environ, {"TOOL_SEQUENCER_BIN": "/nonexistent/tool-sequencer"}):
            with self.assertRaises(FileNotFoundError) as caught:
                find_binary()
            self.assertIn("swift build", str(caught.exception))
        with mock.patch.dict(os.environ, {"TOOL_SEQUENCER_BIN": sys.executable}):
            self.assertEqual(find_binary(), sys.executable)

    def test_without_the_variable_it_finds_a_build(self):
        binary = sidecar_binary(self)
        env = {key: value for key, value in os.environ.items() if key != "TOOL_SEQUENCER_BIN"}
        with mock.patch.dict(os.environ, env, clear=True):
            try:
                found = find_binary()
            except FileNotFoundError as error:
                self.fail(f"{error} (TOOL_SEQUENCER_BIN gave {binary}, but the default lookup found nothing)")
        version = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=20)
        self.assertEqual(version.returncode, 0)
        self.assertIn("tool-sequencer", version.stdout)


if __name__ == "__main__":
    unittest.main()
