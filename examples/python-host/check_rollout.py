#!/usr/bin/env python3
"""Check a Codex rollout file with the tool-sequencer sidecar, and show how it repairs it.

A rollout (``~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl``) holds one record a line,
``{"timestamp", "type", "payload"}``. It is read as Codex reads it, and as ``tool-sequencer
check`` and ``repair`` read it:

- the conversation items are the payloads of the ``response_item`` records; an ``event_msg``
  record whose payload type is ``turn_aborted`` marks the moment the user interrupted a turn;
- a ``compacted`` record replaces everything before it (items and interruptions) with its
  ``replacement_history``, whose items take the compacted record's line; in older rollouts,
  without that member, with the user messages so far and a user message holding the
  compaction's ``message``. It is a warning (``compacted``);
- a last line that is not JSON (a process killed mid-write) is skipped with a warning
  (``torn_last_line``) and the rest is checked; any other line that is not JSON is an error;
- other records (``session_meta``, ``turn_context``, other events) are skipped.

What it does, through the sidecar (see tool_sequencer_client.py):

1. ``validate`` on the items, as OpenAI Responses input: the problems the API would answer
   with (its own error texts), each with the line of the item concerned. A call that a
   ``turn_aborted`` closed (the session's cancel at that line lists it as ``cancelled``) and
   that was never answered is a warning, ``interrupted_call``: Codex sends an aborted output
   for it. The reading warnings come first at their line;
2. a session that gets the items one ``session/submit`` at a time, in file order, and a
   ``session/cancel`` (reason ``interrupted``) at each ``turn_aborted``: the repairs it made
   (items reported back, outputs converted, calls cancelled, items held or moved, orphan
   outputs), each with its line. A call with no output anywhere in the log is closed as
   ``lost`` once an item that came after it would wait behind it and the log goes on, as
   ``tool-sequencer repair`` closes it; at the end of the log it is left out instead (the
   session may still be running), unless ``--cancel-at-end`` says otherwise;
3. ``session/messages`` in every format, each checked by ``validate``; ``ghost_snapshot`` items
   are removed from the Responses array, as Codex removes them before every request (the other
   formats leave them out anyway); with ``--print-array`` the repaired array (or request body)
   in the chosen format, as one line of JSON.

Exit status: 0 when the history has no error (warnings allowed), 1 when it has errors,
2 when the file cannot be read or the sidecar cannot be run, 3 when the repaired array does
not validate (a sidecar bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tool_sequencer_client import (  # noqa: E402
    FORMATS, ToolSequencer, ToolSequencerError, ToolSequencerProtocolError)

CANCEL_REASONS = ("interrupted", "failed", "timeout")

#: The text of the synthetic output of a call that never got one (``sequence``'s ``lost``).
LOST_OUTPUT = "aborted: no output was recorded for this tool call; it may have partly run."

#: The output types whose ``call_id`` answers a call (``mcp_approval_response`` answers by
#: ``approval_request_id``), as in the sidecar's table of call kinds.
OUTPUT_TYPES = ("function_call_output", "custom_tool_call_output", "local_shell_call_output",
                "shell_call_output", "apply_patch_call_output", "computer_call_output",
                "tool_search_output", "program_output")


class RolloutError(Exception):
    """The file is not a rollout; ``line`` is the 1-based line at fault."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class ReadWarning:
    """Something read past, as ``tool-sequencer check`` reports it: ``code`` is
    ``torn_last_line`` or ``compacted``."""

    line: int
    code: str
    message: str


@dataclass
class Rollout:
    """What a rollout file holds, in file order, as Codex reads it (a compaction has replaced
    what came before it)."""

    #: ``("item", line, payload)`` or ``("interruption", line, reason)``.
    events: List[Tuple[str, int, Any]]
    lines: int
    #: What was read past: a torn last line, history replaced by a compaction; in line order.
    warnings: List[ReadWarning] = field(default_factory=list)

    @property
    def items(self) -> List[Any]:
        return [value for kind, _, value in self.events if kind == "item"]

    @property
    def item_lines(self) -> List[int]:
        return [line for kind, line, _ in self.events if kind == "item"]

    @property
    def interruption_lines(self) -> List[int]:
        return [line for kind, line, _ in self.events if kind == "interruption"]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _byte_text(byte: int) -> str:
    return f"character '{chr(byte)}'" if 0x21 <= byte < 0x7F else f"byte 0x{byte:02X}"


def _not_json(text: bytes, error: ValueError) -> str:
    """Why ``text`` (one line) is not JSON, in ``tool-sequencer``'s words for the usual failures
    (a line cut short is ``unexpected end of JSON text at byte N``), else in Python's, with the
    byte offset."""
    if isinstance(error, UnicodeDecodeError):
        if error.reason == "unexpected end of data":
            return f"unexpected end of JSON text at byte {len(text)}"
        return f"invalid UTF-8 at byte {error.start}"
    if not isinstance(error, json.JSONDecodeError):
        return str(error)
    offset = len(error.doc[:error.pos].encode("utf-8"))
    if error.msg.startswith("Unterminated string") or not error.doc[error.pos:].strip(" \t\r\n"):
        return f"unexpected end of JSON text at byte {len(text)}"
    if error.msg == "Extra data":
        return f"unexpected text after the JSON value at byte {offset}"
    if error.msg.startswith("Expecting"):
        return f"unexpected {_byte_text(text[offset])} at byte {offset}"
    if error.msg.startswith("Invalid control character"):
        return f"unescaped control character {_byte_text(text[offset])} in string at byte {offset}"
    return f"{error.msg[:1].lower()}{error.msg[1:]} at byte {offset}"


def _compaction(payload: Any, events: List[Tuple[str, int, Any]]) -> List[Any]:
    """The items a ``compacted`` record's payload stands for: its ``replacement_history``, or,
    without one (older rollouts), the user messages of ``events`` and a user message holding the
    compaction's ``message``."""
    if isinstance(payload, dict) and isinstance(payload.get("replacement_history"), list):
        return list(payload["replacement_history"])
    items = [value for kind, _, value in events if kind == "item" and isinstance(value, dict)
             and value.get("type") == "message" and value.get("role") == "user"]
    if isinstance(payload, dict) and isinstance(payload.get("message"), str):
        items.append({"type": "message", "role": "user",
                      "content": [{"type": "input_text", "text": payload["message"]}]})
    return items


def read_rollout(path: str) -> Rollout:
    """Reads a rollout file as Codex reads it (see the module doc). Blank lines are skipped.
    A last line that is not JSON is skipped with a ``torn_last_line`` warning; any other line
    that is not JSON, or that is not a JSON object with a string ``type`` and a ``payload``,
    raises :class:`RolloutError` naming it (so does a file whose only line is not JSON)."""
    lines = Path(path).read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    records: List[Tuple[Dict[str, Any], int]] = []
    torn: Optional[Tuple[int, str]] = None
    for number, line in enumerate(lines, start=1):
        if line.endswith(b"\r"):
            line = line[:-1]
        if not line.strip(b" \t"):
            continue
        if torn is not None:  # a line that is not JSON, and not the last one
            raise RolloutError(torn[0], f"not JSON ({torn[1]} of the line)")
        try:
            record = json.loads(line.decode("utf-8"), parse_constant=_reject_constant)
        except ValueError as error:  # UnicodeDecodeError and JSONDecodeError among them
            torn = (number, _not_json(line, error))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("type"), str) or "payload" not in record:
            raise RolloutError(number, 'not a rollout record {"timestamp", "type", "payload"}')
        records.append((record, number))
    warnings: List[ReadWarning] = []
    if torn is not None:
        if not records:
            raise RolloutError(torn[0], f"not JSON ({torn[1]} of the line)")
        warnings.append(ReadWarning(torn[0], "torn_last_line",
                                    f"the last line is not JSON ({torn[1]} of the line): a write cut short, "
                                    "skipped as Codex skips it; the rest is read"))
    events: List[Tuple[str, int, Any]] = []
    for record, number in records:
        payload = record["payload"]
        if record["type"] == "response_item":
            events.append(("item", number, payload))
        elif (record["type"] == "event_msg" and isinstance(payload, dict)
              and payload.get("type") == "turn_aborted"):
            reason = payload.get("reason")
            events.append(("interruption", number, reason if isinstance(reason, str) else "interrupted"))
        elif record["type"] == "compacted":
            replaced = len(events)
            events = [("item", number, item) for item in _compaction(payload, events)]
            warnings.append(ReadWarning(number, "compacted", f"a compaction replaced the {replaced} entries "
                                                             f"before it with {len(events)} items"))
    warnings.sort(key=lambda warning: warning.line)
    return Rollout(events=events, lines=len(lines), warnings=warnings)


@dataclass
class Note:
    """One line of the report: ``line`` is the rollout line concerned (``None`` if unknown)."""

    line: Optional[int]
    text: str

    def __str__(self) -> str:
        return f"line {self.line if self.line is not None else '?'}: {self.text}"


@dataclass
class RolloutReport:
    """Everything :func:`check_rollout` found."""

    path: str
    rollout: Rollout
    #: The reading warnings (``torn_last_line``, ``compacted``) and the ``validate`` problems of
    #: the items (format responses), each with a ``line`` member added, in line order; a
    #: ``missing_output`` of a call a ``turn_aborted`` closed is a warning, ``interrupted_call``.
    problems: List[Dict[str, Any]]
    #: What the session did, in the order it happened.
    repairs: List[Note]
    #: Calls and items left out of the array at the end of the log.
    left_out: List[Note]
    revision: int
    #: ``session/messages`` by format.
    arrays: Dict[str, Any] = field(default_factory=dict)
    #: ``validate`` of each array, by format.
    array_checks: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    #: ``ghost_snapshot`` items left out of the repaired arrays (the sidecar leaves them out of
    #: every rendering, as Codex removes them before every request).
    ghost_snapshots_removed: int = 0

    @property
    def errors(self) -> List[Dict[str, Any]]:
        return [problem for problem in self.problems if problem["severity"] == "error"]

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        return [problem for problem in self.problems if problem["severity"] != "error"]

    @property
    def repaired_is_valid(self) -> bool:
        return all(not check["problems"] for check in self.array_checks.values())


def _describe(item: Any) -> str:
    if not isinstance(item, dict):
        return f"a JSON {type(item).__name__}"
    kind = item.get("type")
    if kind == "message":
        return f"{item.get('role')} message"
    if item.get("call_id") is not None:
        return f"{kind} {item.get('call_id')}"
    return str(kind)




def _answered_calls(items: List[Any]) -> Set[str]:
    """The ids of the calls that an output in ``items`` answers (by ``call_id``, or
    ``approval_request_id`` for ``mcp_approval_response``)."""
    answered = set()
    for item in items:
        if isinstance(item, dict) and item.get("type") in OUTPUT_TYPES and isinstance(item.get("call_id"), str):
            answered.add(item["call_id"])
        elif (isinstance(item, dict) and item.get("type") == "mcp_approval_response"
              and isinstance(item.get("approval_request_id"), str)):
            answered.add(item["approval_request_id"])
    return answered


class _Replay:
    """Feeds a rollout to a session one event at a time and turns each answer into notes.

    ``session/submit`` answers with counts and reports; to give every note the line of the item
    it concerns, this mirrors the session's held queue and early outputs, and reads
    ``session/state`` when a commit may have changed them.

    A call not in ``answered`` (no output anywhere in the log: lost) is closed the way ``tool-sequencer
    repair`` (the one-shot sequencer) closes it: when its model response has ended, that is,
    when an item that came after it waits behind it because every call still pending is lost.
    The session cannot know that the output never comes, so the close is made before the next
    event (:meth:`close_lost`), with a cancel whose reason's text is :data:`LOST_OUTPUT`
    (``lost_reason``, a reason the session was opened with that text for).
    """

    def __init__(self, sidecar: ToolSequencer, session: str, answered: Set[str], lost_reason: str):
        self.sidecar = sidecar
        self.session = session
        self.answered = answered
        self.lost_reason = lost_reason
        self.repairs: List[Note] = []
        self.call_lines: Dict[str, Tuple[int, str]] = {}  # call_id -> (line, type) of the call taken
        self.held: List[Tuple[int, Any, Note]] = []  # (line, item, its note) held now, in arrival order
        self.early: Dict[str, int] = {}  # call_id -> line, for outputs waiting for their call now
        self.early_lines: Dict[str, int] = {}  # call_id -> line, for every output that came early
        #: call_id -> line of the turn_aborted whose cancel closed it.
        self.interrupted: Dict[str, int] = {}
        #: The line of the item that waits behind calls that are all lost, when they are to be
        #: closed before the next event.
        self.lost_due: Optional[int] = None

    def _call_text(self, call_id: str) -> str:
        line = self.call_lines.get(call_id, (None, ""))[0]
        return f"{call_id} (line {line})" if line is not None else call_id

    def _take_held(self, item: Any) -> Optional[int]:
        """Removes the first held item equal to ``item`` (the queue is processed in arrival order)."""
        for position, (line, value, _) in enumerate(self.held):
            if value == item:
                del self.held[position]
                return line
        return None

    def _account(self, result: Dict[str, Any], line: Optional[int]) -> None:
        """Notes the reports and conversions of a submit (``line``: its item's) or cancel."""
        for report in result["reported"]:
            where = line if report["index"] is not None else self._take_held(report["item"])
            self.repairs.append(Note(where, f"reported {report['reason']}: {report['message']}"))
        for repair in result["repairs"]:
            where = line if repair["index"] is not None else self.early_lines.get(repair.get("callId", ""))
            self.repairs.append(Note(where, f"{repair['kind']}: {repair['message']}"))

    def _reconcile(self, held_before: int, early_before: int, result: Dict[str, Any]) -> None:
        """After a commit released held items, or an early output joined its call: reads the
        session's state to learn which items are still waiting."""
        released = result["committed"] > 0 and held_before > 0
        joined = result.get("early", len(self.early)) < early_before
        if not released and not joined:
            return
        state = self.sidecar.state(self.session)
        if released:
            still_held = [entry["item"] for entry in state["held"]]
            mirror, self.held = self.held, []
            for item in still_held:
                for position, entry in enumerate(mirror):
                    if entry[1] == item:
                        self.held.append(mirror.pop(position))
                        break
            for _, _, note in mirror:  # released and taken: now after the outputs
                note.text += "; placed after the outputs"
        waiting = {entry["item"].get("call_id") for entry in state["early"] if isinstance(entry["item"], dict)}
        for call_id in [call_id for call_id in self.early if call_id not in waiting]:
            output_line = self.early.pop(call_id)
            self.repairs.append(Note(output_line, f"output for {call_id} came before its call: "
                                                  f"placed after the call {self._call_text(call_id)}"))

    def _note_lost(self, result: Dict[str, Any], waited: bool) -> None:
        """After an operation: when an item waits behind pending calls that are all lost (it was
        held now, or was processed again after a commit), they are to be closed before the
        next event."""
        pending = result["pending"]
        if (waited or result["committed"] > 0) and result["held"] > 0 and pending \
                and not any(call_id in self.answered for call_id in pending):
            self.lost_due = self.held[-1][0] if self.held else None
        else:
            self.lost_due = None

    def close_lost(self) -> None:
        """Closes the lost calls whose model response has ended (see the class doc), if any."""
        while self.lost_due is not None:
            line, self.lost_due = self.lost_due, None
            which = f"the item on line {line}" if line is not None else "an item that came after it"
            self.cancel(self.lost_reason, f"{which} waited behind it", lost=True)

    def submit(self, line: int, item: Any) -> None:
        self.close_lost()
        held_before, early_before = len(self.held), len(self.early)
        result = self.sidecar.submit(self.session, [item])
        taken = not any(report["index"] == 0 for report in result["reported"])
        call_id = item.get("call_id") if isinstance(item, dict) else None
        item_type = item.get("type") if isinstance(item, dict) else None
        if taken and isinstance(call_id, str) and item_type not in OUTPUT_TYPES:  # a call, of any kind
            self.call_lines.setdefault(call_id, (line, item_type))
        waited = taken and result["committed"] == 0 and result["held"] == held_before + 1
        if waited:
            pending_before = ", ".join(self._call_text(c) for c in result["pending"]) or "an earlier call"
            note = Note(line, f"{_describe(item)} held: it came while {pending_before} had no output")
            self.held.append((line, item, note))
            self.repairs.append(note)
        if taken and result["early"] == early_before + 1 and isinstance(call_id, str):
            self.early[call_id] = line
            self.early_lines[call_id] = line
        self._account(result, line)
        self._reconcile(held_before, early_before, result)
        self._note_lost(result, waited)

    def cancel(self, reason: str, where: str, interruption: Optional[int] = None, lost: bool = False) -> None:
        """Cancels every pending call with ``reason``; ``interruption`` is the line of the
        ``turn_aborted`` that does it, ``lost`` whether it closes lost calls."""
        if not lost:
            self.close_lost()
        held_before, early_before = len(self.held), len(self.early)
        result = self.sidecar.cancel(self.session, reason=reason)
        for call_id in result["cancelled"]:
            line, kind = self.call_lines.get(call_id, (None, "call"))
            if lost:
                self.repairs.append(Note(line, f"closed {kind} {call_id} with a synthetic output (lost): it has "
                                               f"no output anywhere in the log, and {where}"))
            else:
                self.repairs.append(Note(line, f"cancelled {kind} {call_id} {where}: "
                                               f"closed with a synthetic output ({reason})"))
            if interruption is not None:
                self.interrupted.setdefault(call_id, interruption)
        self._account(result, None)
        self._reconcile(held_before, early_before, result)
        self._note_lost(result, False)


def _problems(rollout: Rollout, validation: List[Dict[str, Any]], interrupted: Dict[str, int]) -> List[Dict[str, Any]]:
    """The reading warnings, then the ``validate`` problems with their lines, a ``missing_output``
    of a call closed by a ``turn_aborted`` made an ``interrupted_call`` warning; in line order
    (stable), as ``tool-sequencer check`` prints them."""
    item_lines = rollout.item_lines
    problems: List[Dict[str, Any]] = [
        {"code": warning.code, "severity": "warning", "index": None, "message": warning.message, "line": warning.line}
        for warning in rollout.warnings]
    for problem in validation:
        index = problem.get("index")
        problem["line"] = item_lines[index] if isinstance(index, int) and 0 <= index < len(item_lines) else None
        abort_line = interrupted.get(problem.get("callId", ""))
        if problem["code"] == "missing_output" and abort_line is not None:
            problem.update(code="interrupted_call", severity="warning",
                           message=f"{problem['message']} The turn_aborted at line {abort_line} closed it: Codex "
                                   "sends an aborted output for it, and repair writes one.")
        problems.append(problem)
    problems.sort(key=lambda problem: problem["line"] if problem["line"] is not None else 0)
    return problems


def check_rollout(path: str, sidecar: ToolSequencer, cancel_at_end: Optional[str] = None) -> RolloutReport:
    """Runs the rollout at ``path`` through ``sidecar`` (see the module doc) and returns what it
    found. ``cancel_at_end`` (``interrupted``, ``failed`` or ``timeout``) also cancels the calls
    still pending after the last line; by default they are reported as left out.

    Raises :class:`RolloutError` (and ``OSError``) when the file cannot be read, and the
    client's errors when the sidecar fails.
    """
    rollout = read_rollout(path)
    validation = sidecar.validate(rollout.items, "responses")["problems"]

    # Lost calls are closed by a cancel whose reason is not otherwise used, given the lost text.
    lost_reason = "failed" if cancel_at_end == "timeout" else "timeout"
    session = sidecar.open_session(synthetic_outputs={lost_reason: LOST_OUTPUT})
    replay = _Replay(sidecar, session, _answered_calls(rollout.items), lost_reason)
    for kind, line, value in rollout.events:
        if kind == "interruption":
            replay.cancel("interrupted", f"at the turn_aborted on line {line}", interruption=line)
        else:
            replay.submit(line, value)
    # At the end of the log the lost calls are left out (the session may still be running).
    replay.lost_due = None
    if cancel_at_end:
        replay.cancel(cancel_at_end, "at the end of the log")
        replay.lost_due = None

    arrays: Dict[str, Any] = {}
    checks: Dict[str, Dict[str, Any]] = {}
    revision = 0
    for fmt in FORMATS:
        answer = sidecar.messages(session, format=fmt)
        revision = answer["revision"]
        arrays[fmt] = answer["messages"]
        checks[fmt] = sidecar.validate(arrays[fmt], fmt)

    closed = sidecar.close_session(session)
    # The sidecar leaves Codex's ghost snapshots out of every rendering (Codex removes them
    # before every request): those the session took are the ones removed.
    ghosts = _count_ghosts(rollout.items) - _count_ghosts(closed["held"])
    repairs = replay.repairs
    for orphan in closed["orphans"]:
        call_id = orphan.get("call_id") if isinstance(orphan, dict) else None
        repairs.append(Note(replay.early_lines.get(call_id or ""),
                            f"{_describe(orphan)} dropped: no call with call_id {call_id} came (orphan)"))
    left_out: List[Note] = []
    for call_id in closed["pending"]:
        line, kind = replay.call_lines.get(call_id, (None, "call"))
        left_out.append(Note(line, f"{kind} {call_id} still pending: not in the array "
                                   "(--cancel-at-end REASON closes it)"))
    for item in closed["held"]:
        line = replay._take_held(item)
        left_out.append(Note(line, f"{_describe(item)} still held behind the pending calls: not in the array"))
    return RolloutReport(path=path, rollout=rollout, problems=_problems(rollout, validation, replay.interrupted),
                         repairs=repairs, left_out=left_out, revision=revision, arrays=arrays, array_checks=checks,
                         ghost_snapshots_removed=ghosts)


def _count_ghosts(items: List[Any]) -> int:
    return sum(1 for item in items if isinstance(item, dict) and item.get("type") == "ghost_snapshot")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_report(report: RolloutReport) -> str:
    """The report as text, one finding a line (the array is not included)."""
    rollout = report.rollout
    interruptions = rollout.interruption_lines
    out = [f"{report.path}: {_plural(rollout.lines, 'line')}, {_plural(len(rollout.items), 'item')}, "
           f"{_plural(len(interruptions), 'interruption')}"
           + (f" (line{'s' if len(interruptions) > 1 else ''} {', '.join(map(str, interruptions))})" if interruptions else "")]
    out += ["", "Problems in the history, read as Codex reads it (validate, format responses):"]
    for problem in report.problems:
        line = problem["line"] if problem["line"] is not None else "?"
        out.append(f"  line {line}: {problem['severity']}: {problem['message']} [{problem['code']}]")
    out.append(f"  {_plural(len(report.errors), 'error')}, {_plural(len(report.warnings), 'warning')}")
    out += ["", "Repairs made by the sidecar (session/submit per item, session/cancel at each turn_aborted):"]
    out += [f"  {note}" for note in report.repairs] or ["  none"]
    if report.left_out:
        out += ["", "Left out at the end of the log:"]
        out += [f"  {note}" for note in report.left_out]
    out.append("")
    if report.ghost_snapshots_removed:
        out.append(f"Removed {_plural(report.ghost_snapshots_removed, 'ghost_snapshot item')} from the repaired "
                   "array, as Codex does before every request.")
    counts = {fmt: len(report.arrays[fmt]) for fmt in ("responses",) if isinstance(report.arrays.get(fmt), list)}
    size = f"{_plural(counts['responses'], 'item')}, " if "responses" in counts else ""
    if report.repaired_is_valid:
        out.append(f"Repaired array: {size}revision {report.revision}; validate finds no problem in "
                   f"{', '.join(report.array_checks)}.")
    else:
        out.append(f"Repaired array: {size}revision {report.revision}; INVALID (a sidecar bug, please report it):")
        for fmt, check in report.array_checks.items():
            for problem in check["problems"]:
                out.append(f"  {fmt}: index {problem['index']}: {problem['severity']}: {problem['message']} "
                           f"[{problem['code']}]")
    return "\n".join(out) + "\n"


EPILOG = """\
examples:
  %(prog)s examples/rollouts/interrupted-turn.jsonl
      the call the turn_aborted closed is a warning (interrupted_call: Codex sends an
      aborted output for it), and the session's cancel at that line; exits 0
  %(prog)s examples/rollouts/compacted-session.jsonl
      read as Codex reads it: the compaction replaces what came before it and the torn last
      line is skipped (warnings); exits 1, as a call inside the compaction has no output
  %(prog)s ~/.codex/sessions/2026/11/20/rollout-2026-11-20T10-00-00-0199a1c2.jsonl --print-array --format anthropic
      also prints the repaired history as an Anthropic Messages request body (last line)
  %(prog)s rollout.jsonl --print-array --quiet > repaired.json
      only the repaired array (Responses input, ghost snapshots removed), for another tool
  TOOL_SEQUENCER_BIN=.build/release/tool-sequencer %(prog)s rollout.jsonl
      with a given sidecar (default: $TOOL_SEQUENCER_BIN, tool-sequencer on PATH, then
      this repository's .build/debug or .build/release)

exit status:
  0  the history has no error (warnings, such as a message between a call and its output,
     a call a turn_aborted closed, a compaction or a torn last line, are accepted)
  1  the history has errors: the API would reject it
  2  the file cannot be read (a line that is not JSON and not the last), or the sidecar
     cannot be run
  3  the repaired array does not validate (a sidecar bug)
"""


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="check_rollout.py",
        description=textwrap.fill(
            "Check a Codex rollout file (rollout-*.jsonl) with the tool-sequencer sidecar, read as Codex reads "
            "it (a compaction replaces what came before it, a torn last line is skipped): print the problems "
            "the API would reject in the history (with each item's line), the repairs the sidecar makes "
            "when the items are submitted as they happened (a session/cancel at each turn_aborted), and on "
            "request the repaired array.", width=88),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rollout", metavar="ROLLOUT", help="the rollout file (one JSON record a line)")
    parser.add_argument("--print-array", action="store_true",
                        help="print the repaired array (session/messages) as the last line, one line of JSON")
    parser.add_argument("--format", choices=FORMATS, default="responses",
                        help="the format of --print-array: responses (default; an array of items), chat (an array "
                             "of messages), anthropic ({system?, messages}) or gemini ({systemInstruction?, contents})")
    parser.add_argument("--cancel-at-end", choices=CANCEL_REASONS, metavar="REASON",
                        help="cancel the calls still pending after the last line with this reason (interrupted, "
                             "failed or timeout); by default they are left out of the array and listed")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print no report: only the array with --print-array (the exit status still says "
                             "whether the history has errors)")
    parser.add_argument("--binary", metavar="PATH", help="the tool-sequencer executable (default: see below)")
    args = parser.parse_args(argv)

    try:
        sidecar = ToolSequencer(args.binary)
    except (OSError, ValueError) as error:
        print(f"check_rollout.py: cannot run the sidecar: {error}", file=sys.stderr)
        return 2
    with sidecar:
        try:
            report = check_rollout(args.rollout, sidecar, cancel_at_end=args.cancel_at_end)
        except RolloutError as error:
            print(f"{args.rollout}:{error.line}: {error.message}", file=sys.stderr)
            return 2
        except (OSError, UnicodeDecodeError) as error:
            print(f"{args.rollout}: cannot read: {error}", file=sys.stderr)
            return 2
        except (ToolSequencerError, ToolSequencerProtocolError) as error:
            print(f"check_rollout.py: the sidecar failed: {error}", file=sys.stderr)
            return 2
    if not args.quiet:
        sys.stdout.write(format_report(report))
    if args.print_array:
        if not args.quiet:
            print(f"\nRepaired array (format {args.format}):")
        print(json.dumps(report.arrays[args.format], ensure_ascii=False, separators=(",", ":")))
    if not report.repaired_is_valid:
        return 3
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
