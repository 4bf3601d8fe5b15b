#!/usr/bin/env python3
"""Check a Codex rollout file with the tool-sequencer sidecar, and show how it repairs it.

A rollout (``~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl``) holds one record a line,
``{"timestamp", "type", "payload"}``. The conversation items are the payloads of the
``response_item`` records; an ``event_msg`` record whose payload type is ``turn_aborted``
marks the moment the user interrupted a turn. Other records (``session_meta``,
``turn_context``, ``compacted``, other events) are skipped.

What it does, through the sidecar (see tool_sequencer_client.py):

1. ``validate`` on the raw items, as OpenAI Responses input: the problems the API would
   answer with (its own error texts), each with the line of the item concerned;
2. a session that gets the items one ``session/submit`` at a time, in file order, and a
   ``session/cancel`` (reason ``interrupted``) at each ``turn_aborted``: the repairs it made
   (items reported back, outputs converted, calls cancelled, items held or moved, orphan
   outputs), each with its line;
3. ``session/messages`` in every format, each checked by ``validate``; with ``--print-array``
   the repaired array (or request body) in the chosen format, as one line of JSON.

Exit status: 0 when the raw history has no error (warnings allowed), 1 when it has errors,
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
from typing import Any, Dict, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tool_sequencer_client import (  # noqa: E402
    FORMATS, ToolSequencer, ToolSequencerError, ToolSequencerProtocolError)

CANCEL_REASONS = ("interrupted", "failed", "timeout")


class RolloutError(Exception):
    """The file is not a rollout; ``line`` is the 1-based line at fault."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class Rollout:
    """What a rollout file holds, in file order."""

    #: ``("item", line, payload)`` or ``("interruption", line, reason)``.
    events: List[Tuple[str, int, Any]]
    lines: int

    @property
    def items(self) -> List[Any]:
        return [value for kind, _, value in self.events if kind == "item"]

    @property
    def item_lines(self) -> List[int]:
        return [line for kind, line, _ in self.events if kind == "item"]

    @property
    def interruption_lines(self) -> List[int]:
        return [line for kind, line, _ in self.events if kind == "interruption"]


def read_rollout(path: str) -> Rollout:
    """Reads a rollout file. Blank lines are skipped; a line that is not a JSON object with a
    string ``type`` and a ``payload`` raises :class:`RolloutError` naming it."""
    text = Path(path).read_bytes().decode("utf-8")
    events: List[Tuple[str, int, Any]] = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise RolloutError(number, f"not JSON: {error}")
        if not isinstance(record, dict) or not isinstance(record.get("type"), str) or "payload" not in record:
            raise RolloutError(number, 'not a rollout record {"timestamp", "type", "payload"}')
        payload = record["payload"]
        if record["type"] == "response_item":
            events.append(("item", number, payload))
        elif (record["type"] == "event_msg" and isinstance(payload, dict)
              and payload.get("type") == "turn_aborted"):
            reason = payload.get("reason")
            events.append(("interruption", number, reason if isinstance(reason, str) else "interrupted"))
    return Rollout(events=events, lines=len(lines))


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
    #: ``validate`` problems of the raw items (format responses), each with a ``line`` member added.
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


CALL_TYPES = ("function_call", "local_shell_call", "custom_tool_call")


class _Replay:
    """Feeds a rollout to a session one event at a time and turns each answer into notes.

    ``session/submit`` answers with counts and reports; to give every note the line of the item
    it concerns, this mirrors the session's held queue and early outputs, and reads
    ``session/state`` when a commit may have changed them.
    """

    def __init__(self, sidecar: ToolSequencer, session: str):
        self.sidecar = sidecar
        self.session = session
        self.repairs: List[Note] = []
        self.call_lines: Dict[str, Tuple[int, str]] = {}  # call_id -> (line, type) of the call taken
        self.held: List[Tuple[int, Any, Note]] = []  # (line, item, its note) held now, in arrival order
        self.early: Dict[str, int] = {}  # call_id -> line, for outputs waiting for their call now
        self.early_lines: Dict[str, int] = {}  # call_id -> line, for every output that came early

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

    def submit(self, line: int, item: Any) -> None:
        held_before, early_before = len(self.held), len(self.early)
        result = self.sidecar.submit(self.session, [item])
        taken = not any(report["index"] == 0 for report in result["reported"])
        call_id = item.get("call_id") if isinstance(item, dict) else None
        item_type = item.get("type") if isinstance(item, dict) else None
        if taken and item_type in CALL_TYPES and isinstance(call_id, str):
            self.call_lines.setdefault(call_id, (line, item_type))
        if taken and result["committed"] == 0 and result["held"] == held_before + 1:
            pending_before = ", ".join(self._call_text(c) for c in result["pending"]) or "an earlier call"
            note = Note(line, f"{_describe(item)} held: it came while {pending_before} had no output")
            self.held.append((line, item, note))
            self.repairs.append(note)
        if taken and result["early"] == early_before + 1 and isinstance(call_id, str):
            self.early[call_id] = line
            self.early_lines[call_id] = line
        self._account(result, line)
        self._reconcile(held_before, early_before, result)

    def cancel(self, reason: str, where: str) -> None:
        held_before, early_before = len(self.held), len(self.early)
        result = self.sidecar.cancel(self.session, reason=reason)
        for call_id in result["cancelled"]:
            line, kind = self.call_lines.get(call_id, (None, "call"))
            self.repairs.append(Note(line, f"cancelled {kind} {call_id} {where}: "
                                           f"closed with a synthetic output ({reason})"))
        self._account(result, None)
        self._reconcile(held_before, early_before, result)


def check_rollout(path: str, sidecar: ToolSequencer, cancel_at_end: Optional[str] = None) -> RolloutReport:
    """Runs the rollout at ``path`` through ``sidecar`` (see the module doc) and returns what it
    found. ``cancel_at_end`` (``interrupted``, ``failed`` or ``timeout``) also cancels the calls
    still pending after the last line; by default they are reported as left out.

    Raises :class:`RolloutError` (and ``OSError``, ``UnicodeDecodeError``) when the file cannot
    be read, and the client's errors when the sidecar fails.
    """
    rollout = read_rollout(path)
    item_lines = rollout.item_lines

    problems = sidecar.validate(rollout.items, "responses")["problems"]
    for problem in problems:
        index = problem.get("index")
        problem["line"] = item_lines[index] if isinstance(index, int) and 0 <= index < len(item_lines) else None

    session = sidecar.open_session()
    replay = _Replay(sidecar, session)
    for kind, line, value in rollout.events:
        if kind == "interruption":
            replay.cancel("interrupted", f"at the turn_aborted on line {line}")
        else:
            replay.submit(line, value)
    if cancel_at_end:
        replay.cancel(cancel_at_end, "at the end of the log")

    arrays: Dict[str, Any] = {}
    checks: Dict[str, Dict[str, Any]] = {}
    revision = 0
    for fmt in FORMATS:
        answer = sidecar.messages(session, format=fmt)
        revision = answer["revision"]
        arrays[fmt] = answer["messages"]
        checks[fmt] = sidecar.validate(answer["messages"], fmt)

    closed = sidecar.close_session(session)
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
    return RolloutReport(path=path, rollout=rollout, problems=problems, repairs=repairs, left_out=left_out,
                         revision=revision, arrays=arrays, array_checks=checks)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def format_report(report: RolloutReport) -> str:
    """The report as text, one finding a line (the array is not included)."""
    rollout = report.rollout
    interruptions = rollout.interruption_lines
    out = [f"{report.path}: {_plural(rollout.lines, 'line')}, {_plural(len(rollout.items), 'item')}, "
           f"{_plural(len(interruptions), 'interruption')}"
           + (f" (line{'s' if len(interruptions) > 1 else ''} {', '.join(map(str, interruptions))})" if interruptions else "")]
    out += ["", "Problems in the raw history (validate, format responses):"]
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
      the problems and the repairs; exits 1, as the raw history has an error
  %(prog)s ~/.codex/sessions/2026/11/20/rollout-2026-11-20T10-00-00-0199a1c2.jsonl --print-array --format anthropic
      also prints the repaired history as an Anthropic Messages request body (last line)
  %(prog)s rollout.jsonl --print-array --quiet > repaired.json
      only the repaired array (Responses input), for another tool
  TOOL_SEQUENCER_BIN=.build/release/tool-sequencer %(prog)s rollout.jsonl
      with a given sidecar (default: $TOOL_SEQUENCER_BIN, tool-sequencer on PATH, then
      this repository's .build/debug or .build/release)

exit status:
  0  the raw history has no error (warnings, such as a message between a call and its
     output, are orders the Responses API accepts)
  1  the raw history has errors: the API would reject it
  2  the file cannot be read, or the sidecar cannot be run
  3  the repaired array does not validate (a sidecar bug)
"""


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="check_rollout.py",
        description=textwrap.fill(
            "Check a Codex rollout file (rollout-*.jsonl) with the tool-sequencer sidecar: print the problems "
            "the API would reject in the raw history (with each item's line), the repairs the sidecar makes "
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
                             "whether the raw history has errors)")
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
