"""A standard-library-only client for the tool-sequencer sidecar.

Copy this one file into any Python agent host (Python 3.8 or later; no dependency).

The sidecar keeps an agent's conversation items in an order the model APIs accept. The host
spawns it once, submits items as they happen, cancels pending tool calls when the user
interrupts, and asks for the array to send right before it calls the model::

    from tool_sequencer_client import ToolSequencer

    with ToolSequencer() as ts:
        session = ts.open_session()
        ts.submit(session, [user_message, reasoning, shell_call])
        # ... the user interrupts while the tool runs ...
        ts.cancel(session, reason="interrupted")
        body = ts.messages(session, format="responses")["messages"]

Guarantees of this client:

* One request per line, written as UTF-8 JSON with no raw newline in it; one request in flight
  at a time (calls from several threads are serialised by a lock).
* When the sidecar dies (killed, crashed) the client starts it again with the same arguments
  (``state_dir`` adds ``--state-dir``, so every open session is back), says ``initialize``
  again if it had, and sends the request that was in flight once more; ``respawn=False``
  turns this off. The sidecar journals a request before it answers, so that request may or
  may not have been applied before the death: a call or output sent again is then reported
  as a ``duplicate`` (never applied twice); a message has no id and would be added again; a
  retried ``session/open`` or ``session/import`` may answer -31003, a retried
  ``session/close`` -31002 (such errors carry ``retried=True``); a retried ``session/rewind``
  or ``session/replace`` that had been applied is applied again (to the same effect, but the
  ``epoch`` goes up once more). Without
  ``state_dir`` the new process has no sessions.
* Every response is matched to its request by ``id``. Nothing is skipped: a response whose
  ``id`` is not the one in flight, a line that is not a JSON-RPC 2.0 response, the sidecar
  dying again while the request is retried (or at all, with ``respawn=False``), or no answer
  within the timeout raises :class:`ToolSequencerProtocolError`, and the client is then
  *broken*: every later call raises the same error instead of risking a
  response being paired with the wrong request.
* A JSON-RPC error answer raises :class:`ToolSequencerError` with the sidecar's ``code``,
  ``message`` and ``data``; the client stays usable. That includes an error the sidecar
  answers with ``"id": null`` because it could not read the request's id (a line over
  ``--max-line-bytes``, nesting over ``--max-depth``): with exactly one request in flight,
  such an error can only be the answer to it. (For that reason this client sends no
  notifications: an over-limit notification would be answered the same way, and that answer
  would be taken for the next request's.)
* A request that cannot be encoded as JSON (``NaN``, lone surrogates, objects the ``json``
  module cannot encode) raises ``ValueError``/``TypeError`` before anything is written; the
  client stays usable.
* Results are returned as decoded by :func:`json.loads`: every member the sidecar sends is
  kept, integers are exact, other numbers are Python floats.
* :meth:`ToolSequencer.close` (and leaving a ``with`` block) closes the sidecar's stdin, waits
  for it to exit, and kills it if it has not exited within the timeout.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

try:  # Python 3.8+: TypedDict documents the result shapes; they are plain dicts at run time.
    from typing import TypedDict
except ImportError:  # pragma: no cover
    TypedDict = dict  # type: ignore

__all__ = [
    "ToolSequencer",
    "ToolSequencerError",
    "ToolSequencerProtocolError",
    "find_binary",
    "CAPTURE",
    "PROTOCOL_VERSION",
    "FORMATS",
    "ERROR_CODES",
    "METHODS",
    "REASONING_MEMBERS",
    "ID_POLICIES",
]

# The protocol's constants, in one place: the version, the method names and the error codes.
# Everything else in this file and its tests reads them from here.

#: The protocol version this client speaks.
PROTOCOL_VERSION = 2

#: Every method of the protocol, by the name of the client's method that calls it (table order).
METHODS = {
    "initialize": "initialize",
    "initialized": "initialized",
    "sequence": "sequence",
    "validate": "validate",
    "open_session": "session/open",
    "submit": "session/submit",
    "cancel": "session/cancel",
    "messages": "session/messages",
    "state": "session/state",
    "close_session": "session/close",
    "export_session": "session/export",
    "import_session": "session/import",
    "rewind": "session/rewind",
    "replace": "session/replace",
    "ping": "ping",
    "cancel_request": "$/cancelRequest",
    "shutdown": "shutdown",
}

#: What ``sequence`` and ``session/messages`` do with reasoning in ``chat`` (``validate`` checks
#: the same choice): left out (the default), or sent back in that member of assistant messages.
REASONING_MEMBERS = ("omit", "reasoning_content", "reasoning")

#: What ``sequence`` and ``session/messages`` do with the items' ``id`` in ``responses``:
#: ``strip`` (the default; ``store: false`` refuses ids it did not keep) or ``keep``.
ID_POLICIES = ("strip", "keep")

#: The array formats the sidecar renders and validates.
FORMATS = ("responses", "chat", "anthropic", "gemini")

#: Every error code the sidecar answers with (protocol version 2), by name.
ERROR_CODES = {
    "parse_error": -32700,
    "invalid_request": -32600,
    "method_not_found": -32601,
    "invalid_params": -32602,
    "internal_error": -32603,
    "line_too_long": -31001,
    "unknown_session": -31002,
    "session_exists": -31003,
    "too_many_sessions": -31004,
    "unanswered_calls": -31005,
    "already_initialized": -31006,
    "session_limit": -31007,
    "total_limit": -31008,
    "unsupported_protocol_version": -31009,
    "storage_failed": -31010,
}

#: Pass as ``stderr=CAPTURE`` to keep the sidecar's log lines (see ``ToolSequencer.stderr_tail``).
CAPTURE = "capture"

JSON = Any
Item = Dict[str, Any]


class ToolSequencerError(Exception):
    """The sidecar answered a request with a JSON-RPC error.

    ``code`` is the JSON-RPC error code (see ``ERROR_CODES``), ``message`` the sidecar's
    sentence naming the problem, ``data`` where it is (a param path, a byte offset, a limit;
    ``None`` when absent), and ``method`` the method of the request it answers. ``retried`` is
    true when the request was sent again to a respawned sidecar (see the module doc).
    """

    def __init__(self, code: int, message: str, data: JSON = None, method: Optional[str] = None,
                 retried: bool = False):
        super().__init__(code, message, data)
        self.code = code
        self.message = message
        self.data = data
        self.method = method
        self.retried = retried

    def __str__(self) -> str:
        text = f"{self.method + ': ' if self.method else ''}{self.message} (code {self.code})"
        if self.data is not None:
            text += f" data={json.dumps(self.data, ensure_ascii=False)}"
        return text


class ToolSequencerProtocolError(RuntimeError):
    """The channel to the sidecar is broken: a response with an unexpected id, a line that is
    not a JSON-RPC response, the sidecar gone, or no answer within the timeout.

    The client that raised it is unusable afterwards; start a new one.
    """


class InitializeResult(TypedDict):
    serverInfo: Dict[str, str]
    protocolVersion: int
    capabilities: Dict[str, List[str]]  # formats, methods, callKinds (the call types it sequences)
    limits: Dict[str, int]  # maxLineBytes, maxDepth, maxSessions, maxHeld, maxSessionBytes, maxTotalBytes


class SequenceResult(TypedDict):
    messages: JSON  # an array (responses, chat) or an object (anthropic, gemini)
    repairs: List[Dict[str, Any]]  # {kind, callId?, index, resultIndex?, message}
    warnings: List[Dict[str, Any]]  # what was taken as it came but looks wrong
    notes: List[Dict[str, Any]]  # {code, index, message}: what rendering in the format changed


class ValidateResult(TypedDict):
    valid: bool
    problems: List[Dict[str, Any]]  # {code, severity, index, callId?, message}


class SubmitResult(TypedDict):
    revision: int
    epoch: int  # how many times the session's history was rewritten (rewind, replace)
    committed: int
    pending: List[str]
    held: int
    early: int
    reported: List[Dict[str, Any]]  # {index (None when flushed), reason, callId?, item, message}
    repairs: List[Dict[str, Any]]  # converted_output repairs: {kind, callId, index, message}
    warnings: List[Dict[str, Any]]


class CancelResult(TypedDict):
    cancelled: List[str]
    dropped: List[str]
    notPending: List[str]
    revision: int
    epoch: int
    committed: int
    pending: List[str]
    held: int
    early: int
    reported: List[Dict[str, Any]]
    repairs: List[Dict[str, Any]]


class MessagesResult(TypedDict):
    revision: int
    epoch: int
    reset: bool  # true: ``messages`` is the whole array (the ``epoch`` asked for is not the session's)
    messages: JSON
    pending: List[str]
    held: int
    notes: List[Dict[str, Any]]


class StateResult(TypedDict):
    session: str
    revision: int
    epoch: int
    format: str
    batch: Optional[Dict[str, Any]]  # {ageMs, items, calls [{callId, kind, name, ageMs, hasOutput}], outputs}
    pending: List[str]
    held: List[Dict[str, Any]]  # {item, ageMs}
    early: List[Dict[str, Any]]  # {item, ageMs}
    timeline: Dict[str, Any]  # {calls: [the life of each call], reported: [...]}
    counts: Dict[str, int]  # submitted, committed, pending, held, early, reported


class CloseResult(TypedDict):
    orphans: List[Item]
    pending: List[str]
    held: List[Item]


class ImportResult(TypedDict):
    session: str
    revision: int
    epoch: int


class RewindResult(TypedDict):
    revision: int
    epoch: int
    discarded: Dict[str, Any]  # {committed: int, pending: [call ids], held: int, early: int}


class ReplaceResult(TypedDict):
    revision: int
    epoch: int
    repairs: List[Dict[str, Any]]
    warnings: List[Dict[str, Any]]


def _repo_root() -> Optional[Path]:
    """The repository this file sits in (examples/python-host/ below it), if it is one."""
    root = Path(__file__).resolve().parent.parent.parent
    return root if (root / "Package.swift").is_file() else None


def find_binary() -> str:
    """The sidecar to run, looked for in this order:

    1. the environment variable ``TOOL_SEQUENCER_BIN`` (used as given; it must exist);
    2. ``tool-sequencer`` on ``PATH``;
    3. in the repository this file belongs to, ``.build/debug/tool-sequencer`` or
       ``.build/release/tool-sequencer`` (the more recently built one when both exist).

    Raises ``FileNotFoundError`` saying what was tried, and to run ``swift build``.
    """
    explicit = os.environ.get("TOOL_SEQUENCER_BIN")
    if explicit:
        if os.path.isfile(explicit) and os.access(explicit, os.X_OK):
            return explicit
        raise FileNotFoundError(
            f"TOOL_SEQUENCER_BIN={explicit!r} is not an executable file; "
            "build the sidecar with `swift build` or fix the variable")
    on_path = shutil.which("tool-sequencer")
    if on_path:
        return on_path
    tried = ["$TOOL_SEQUENCER_BIN (unset)", "tool-sequencer on PATH"]
    root = _repo_root()
    if root is not None:
        candidates = [root / ".build" / config / "tool-sequencer" for config in ("debug", "release")]
        tried += [str(path) for path in candidates]
        built = [path for path in candidates if path.is_file() and os.access(path, os.X_OK)]
        if built:
            return str(max(built, key=lambda path: path.stat().st_mtime))
    hint = f" (cd {root} && swift build)" if root is not None else ""
    raise FileNotFoundError(
        "tool-sequencer not found; tried " + ", ".join(tried)
        + f". Run `swift build`{hint} or set TOOL_SEQUENCER_BIN to the binary.")


_EOF = object()


def _list_or_none(values: Optional[Iterable[Any]]) -> Optional[List[Any]]:
    return list(values) if values is not None else None


class ToolSequencer:
    """A running tool-sequencer sidecar and the JSON-RPC channel to it.

    :param binary: the executable; default :func:`find_binary`.
    :param args: extra command-line flags (``--frozen-clock``, ``--max-sessions N``, ...).
    :param timeout: seconds to wait for each response, and for the process to exit on close.
        ``None`` waits forever.
    :param stderr: where the sidecar's log lines go: :data:`CAPTURE` (default) keeps the last
        ``stderr_lines`` of them in memory (see :attr:`stderr_tail`, also quoted in protocol
        errors); ``None`` lets them through to this process's stderr; ``subprocess.DEVNULL``
        discards them; a file object writes them there.
    :param env: the environment of the sidecar; default this process's. Set
        ``TOOL_SEQUENCER_LOG`` in it to change the log level.
    :param state_dir: adds ``--state-dir state_dir``: sessions are kept on disk and are back
        when the sidecar is started again (by this client after a death, or by another).
    :param respawn: start the sidecar again when it dies, and send the request in flight again
        (default true); a request is sent ``max_attempts`` times at most (default 2).
    """

    def __init__(
        self,
        binary: Optional[str] = None,
        args: Sequence[str] = (),
        *,
        timeout: Optional[float] = 30.0,
        stderr: Any = CAPTURE,
        stderr_lines: int = 200,
        env: Optional[Mapping[str, str]] = None,
        state_dir: Optional[str] = None,
        respawn: bool = True,
        max_attempts: int = 2,
    ):
        self.binary = binary or find_binary()
        self.args = [*args, *(["--state-dir", str(state_dir)] if state_dir is not None else [])]
        self.timeout = timeout
        self.respawn = respawn
        self.max_attempts = max_attempts
        #: How many processes this client has started: 1, then one more per respawn.
        self.generation = 0
        self._lock = threading.RLock()
        self._next_id = 1
        self._broken: Optional[str] = None
        self._closed = False
        self._initialize_params: Optional[Mapping[str, Any]] = None
        self._stderr_tail: "collections.deque[str]" = collections.deque(maxlen=stderr_lines)
        self._stderr = stderr
        self._env = dict(env) if env is not None else None
        self._spawn()

    def _spawn(self) -> None:
        """Starts the sidecar, with a queue of its stdout lines and threads reading its output."""
        capture = isinstance(self._stderr, str) and self._stderr == CAPTURE
        self.generation += 1
        self._responses: "queue.Queue[Any]" = queue.Queue()
        self.process = subprocess.Popen(
            [self.binary, *self.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if capture else self._stderr,
            env=self._env,
        )
        self._stdout_thread = threading.Thread(target=self._read_stdout, args=(self.process, self._responses),
                                               name="tool-sequencer-stdout", daemon=True)
        self._stdout_thread.start()
        self._stderr_thread: Optional[threading.Thread] = None
        if capture:
            self._stderr_thread = threading.Thread(target=self._read_stderr, args=(self.process,),
                                                   name="tool-sequencer-stderr", daemon=True)
            self._stderr_thread.start()

    def _respawn(self) -> None:
        """The sidecar died: reaps it, starts it again, and says ``initialize`` again if this
        client had (its answer is read and dropped)."""
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None and not stream.closed:
                try:
                    stream.close()
                except OSError:
                    pass
        self._spawn()
        if self._initialize_params is not None:
            request_id = self._next_id
            self._next_id += 1
            request = {"jsonrpc": "2.0", "id": request_id, "method": METHODS["initialize"], "params": self._initialize_params}
            if self._send(self._encode(request)) is None:
                try:
                    raw = self._responses.get(timeout=self.timeout)
                except queue.Empty:
                    raise self._fail("initialize, said again to the respawned sidecar: no response "
                                     f"within {self.timeout} s")
                if raw is not _EOF:
                    try:
                        self._result(METHODS["initialize"], request_id, raw)
                    except ToolSequencerError:
                        pass  # it says no more than the first answer did
                else:
                    self._responses.put(_EOF)  # died again: the request in flight sees it

    # -- context manager -------------------------------------------------------------------

    def __enter__(self) -> "ToolSequencer":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def close(self, timeout: Optional[float] = None) -> Optional[int]:
        """Closes the sidecar's stdin (it finishes what it read, then exits 0), waits up to
        ``timeout`` seconds (default: the client's timeout) and kills it if it is still
        running. Returns its exit status (negative: killed by that signal). Idempotent."""
        with self._lock:
            self._closed = True
            if self.process.stdin and not self.process.stdin.closed:
                try:
                    self.process.stdin.close()
                except OSError:
                    pass
            wait = self.timeout if timeout is None else timeout
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self._stdout_thread.join(timeout=5)
            if self._stderr_thread is not None:
                self._stderr_thread.join(timeout=5)
            for stream in (self.process.stdout, self.process.stderr):
                if stream is not None and not stream.closed:
                    stream.close()
            return self.process.returncode

    @property
    def stderr_tail(self) -> List[str]:
        """The last log lines the sidecar wrote to stderr (with ``stderr=CAPTURE``)."""
        return list(self._stderr_tail)

    # -- the channel ---------------------------------------------------------------------------

    @staticmethod
    def _read_stdout(process: "subprocess.Popen[bytes]", responses: "queue.Queue[Any]") -> None:
        stream = process.stdout
        assert stream is not None
        try:
            for line in stream:
                responses.put(line)
        except (OSError, ValueError):
            pass
        responses.put(_EOF)

    def _read_stderr(self, process: "subprocess.Popen[bytes]") -> None:
        stream = process.stderr
        assert stream is not None
        try:
            for line in stream:
                self._stderr_tail.append(line.decode("utf-8", "replace").rstrip("\r\n"))
        except (OSError, ValueError):
            pass

    def _fail(self, reason: str) -> ToolSequencerProtocolError:
        self._broken = reason
        if self._stderr_thread is not None and self.process.poll() is not None:
            self._stderr_thread.join(timeout=2)  # the process is gone: its last log lines are due
        detail = reason
        if self._stderr_tail:
            detail += "\nsidecar stderr (last lines):\n  " + "\n  ".join(list(self._stderr_tail)[-10:])
        return ToolSequencerProtocolError(detail)

    def _exit_status(self) -> str:
        try:
            status = self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return "still running"
        return f"exit status {status}"

    @staticmethod
    def _encode(request: Mapping[str, Any]) -> bytes:
        text = json.dumps(request, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return text.encode("utf-8") + b"\n"  # json.dumps escapes every newline inside strings

    def call(self, method: str, params: Optional[Mapping[str, Any]] = None, *, timeout: Optional[float] = None) -> Any:
        """Sends one request and returns its ``result``.

        Raises :class:`ToolSequencerError` for a JSON-RPC error answer and
        :class:`ToolSequencerProtocolError` when the channel is broken (see the module doc).
        ``timeout`` overrides the client's for this call.
        """
        with self._lock:
            if self._broken is not None:
                raise ToolSequencerProtocolError(f"the client is broken: {self._broken}")
            if self._closed:
                raise ToolSequencerProtocolError("the client is closed")
            request_id = self._next_id
            request: Dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
            if params is not None:
                request["params"] = params
            line = self._encode(request)  # may raise ValueError/TypeError: nothing written yet
            self._next_id += 1
            wait = self.timeout if timeout is None else timeout
            attempt = 1
            while True:
                died = self._send(line)
                if died is None:
                    try:
                        raw = self._responses.get(timeout=wait)
                    except queue.Empty:
                        raise self._fail(f"{method} (id {request_id}): no response within {wait} s")
                    if raw is not _EOF:
                        result = self._result(method, request_id, raw, retried=attempt > 1)
                        if method == METHODS["initialize"]:
                            self._initialize_params = params
                        return result
                    died = f"the sidecar closed stdout without answering ({self._exit_status()})"
                if not self.respawn or self._closed or method == METHODS["shutdown"] or attempt >= self.max_attempts:
                    tries = f" (sent {attempt} times)" if attempt > 1 else ""
                    raise self._fail(f"{method} (id {request_id}): {died}{tries}")
                attempt += 1
                self._respawn()

    def _send(self, line: bytes) -> Optional[str]:
        """Writes a request line; returns None, or why it could not (the sidecar is gone)."""
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(line)
            self.process.stdin.flush()
            return None
        except (BrokenPipeError, OSError, ValueError) as error:
            return f"could not write the request ({error}); the sidecar is gone ({self._exit_status()})"

    def _result(self, method: str, request_id: int, raw: bytes, retried: bool = False) -> Any:
        shown = raw[:300].decode("utf-8", "replace").rstrip("\r\n")
        try:
            response = json.loads(raw)
        except ValueError as error:
            raise self._fail(f"{method} (id {request_id}): the sidecar wrote a line that is not JSON ({error}): {shown}")
        if not isinstance(response, dict) or response.get("jsonrpc") != "2.0" or ("result" in response) == ("error" in response):
            raise self._fail(f"{method} (id {request_id}): not a JSON-RPC 2.0 response: {shown}")
        response_id = response.get("id", _EOF)
        error = response.get("error")
        if response_id is None and error is not None:
            pass  # the sidecar could not read our id; it is the answer to the one request in flight
        elif not (type(response_id) is int and response_id == request_id):
            raise self._fail(f"{method}: expected the response to id {request_id}, got one with id "
                             f"{json.dumps(response_id) if response_id is not _EOF else '(missing)'}: {shown}")
        if error is not None:
            if not isinstance(error, dict) or type(error.get("code")) is not int or not isinstance(error.get("message"), str):
                raise self._fail(f"{method} (id {request_id}): malformed error object: {shown}")
            raise ToolSequencerError(error["code"], error["message"], error.get("data"), method, retried)
        return response["result"]

    @staticmethod
    def _params(**members: Any) -> Dict[str, Any]:
        """Named params without the ones left as ``None``."""
        return {key: value for key, value in members.items() if value is not None}

    # -- the protocol's methods -----------------------------------------------------------------

    def initialize(self, client_info: Optional[Mapping[str, str]] = None,
                   protocol_version: Optional[int] = PROTOCOL_VERSION, *,
                   call_kinds: Optional[Sequence[Mapping[str, Any]]] = None) -> InitializeResult:
        """``initialize``: server info, protocol version, formats, methods, call kinds and limits.
        Optional, and allowed once per process (a second call raises error -31006); a version the
        sidecar does not speak raises error -31009. ``call_kinds`` declares call types of the
        host's own for every session, each ``{call, outputs, key?, synthetic?, name?}``."""
        return self.call(METHODS["initialize"], self._params(clientInfo=client_info, protocolVersion=protocol_version,
                                                             callKinds=_list_or_none(call_kinds)))

    def initialized(self) -> Dict[str, Any]:
        """``initialized``, sent as a request (this client sends no notifications): answers ``{}``
        and does nothing."""
        return self.call(METHODS["initialized"])

    def sequence(self, items: Sequence[JSON], format: Optional[str] = None, *,
                 missing_output: Optional[str] = None,
                 synthetic_outputs: Optional[Mapping[str, str]] = None,
                 reasoning: Optional[str] = None, ids: Optional[str] = None) -> SequenceResult:
        """``sequence``: sequences a whole history in one go.

        ``format``: ``responses`` (default), ``chat``, ``anthropic`` or ``gemini``.
        ``missing_output``: ``synthesize`` (default), ``drop`` or ``error`` (then an unanswered
        call raises error -31005 whose ``data["problems"]`` lists the calls).
        ``synthetic_outputs``: texts by reason (``interrupted``, ``failed``, ``timeout``, ``lost``).
        ``reasoning`` (``chat``; see :data:`REASONING_MEMBERS`) and ``ids`` (``responses``; see
        :data:`ID_POLICIES`) choose how those render.
        Returns ``messages`` (the request body in that format), the ``repairs`` made, ``warnings``
        and the ``notes`` of what rendering in the format changed.
        """
        return self.call(METHODS["sequence"], self._params(items=list(items), format=format, missingOutput=missing_output,
                                                           syntheticOutputs=synthetic_outputs, reasoning=reasoning,
                                                           ids=ids))

    def validate(self, messages: JSON, format: str, *, reasoning: Optional[str] = None) -> ValidateResult:
        """``validate``: checks an array (``responses``, ``chat``) or request body (``anthropic``
        ``{system?, messages}``, ``gemini`` ``{systemInstruction?, contents}``). ``valid`` is false
        when a problem has severity ``error``; each error's ``message`` is the provider's own text.
        ``reasoning`` (``chat``) names the reasoning member the host sends, which is then allowed."""
        return self.call(METHODS["validate"], self._params(messages=messages, format=format, reasoning=reasoning))

    def open_session(self, session: Optional[str] = None, *, format: Optional[str] = None,
                     synthetic_outputs: Optional[Mapping[str, str]] = None,
                     call_kinds: Optional[Sequence[Mapping[str, Any]]] = None) -> str:
        """``session/open``: opens a streaming session and returns its id (``session``, or one
        the sidecar makes when ``None``). ``format`` is the default of :meth:`messages`;
        ``synthetic_outputs`` the texts of this session's synthetic outputs; ``call_kinds`` the
        call types of this session, added to those of :meth:`initialize`."""
        options = self._params(format=format, syntheticOutputs=synthetic_outputs)
        result = self.call(METHODS["open_session"], self._params(session=session, options=options or None,
                                                                 callKinds=_list_or_none(call_kinds)))
        return result["session"]

    def submit(self, session: str, items: Sequence[JSON]) -> SubmitResult:
        """``session/submit``: submits items in the order they happened. Items that cannot be
        taken come back in ``reported`` (with the reason), never silently dropped; the valid ones
        are processed whatever the others are."""
        return self.call(METHODS["submit"], {"session": session, "items": list(items)})

    def cancel(self, session: str, call_ids: Optional[Iterable[str]] = None,
               reason: Optional[str] = None) -> CancelResult:
        """``session/cancel``: closes pending calls (default: all of them) with synthetic outputs
        whose text says why: ``reason`` is ``interrupted`` (default), ``failed`` or ``timeout``.
        Named calls that were not pending come back in ``notPending``; calls whose kind has no
        honest synthetic output (``computer_call``) are left out instead, in ``dropped``."""
        return self.call(METHODS["cancel"], self._params(
            session=session, callIds=list(call_ids) if call_ids is not None else None, reason=reason))

    def messages(self, session: str, format: Optional[str] = None, since: Optional[int] = None, *,
                 epoch: Optional[int] = None, reasoning: Optional[str] = None,
                 ids: Optional[str] = None) -> MessagesResult:
        """``session/messages``: the committed array, complete and valid for the API, in
        ``format`` (default: the session's). ``since`` (a revision this session returned;
        ``responses`` and ``chat`` only) returns only what was committed after it, unless
        ``epoch`` (the one that revision came with) is not the session's any more: then the
        answer is the whole array with ``reset`` true (a rewind or replace came between).
        ``reasoning`` and ``ids`` as in :meth:`sequence`."""
        return self.call(METHODS["messages"], self._params(session=session, format=format, since=since, epoch=epoch,
                                                           reasoning=reasoning, ids=ids))

    def state(self, session: str) -> StateResult:
        """``session/state``: the open batch, held items, early outputs and counts."""
        return self.call(METHODS["state"], {"session": session})

    def close_session(self, session: str) -> CloseResult:
        """``session/close``: ends a session; returns the ``orphans`` (outputs whose call never
        came) and what was still ``pending`` or ``held``."""
        return self.call(METHODS["close_session"], {"session": session})

    def export_session(self, session: str) -> Dict[str, Any]:
        """``session/export``: the session's whole state as the operations that made it
        (``version``, ``session``, ``format``, ``revision``, ``exportedAt``, ``operations``);
        give it to :meth:`import_session`, in this process or another."""
        return self.call(METHODS["export_session"], {"session": session})

    def import_session(self, state: Mapping[str, Any], session: Optional[str] = None) -> ImportResult:
        """``session/import``: opens a session rebuilt from what :meth:`export_session` returned;
        ``session`` names it (default ``state["session"]``). Returns ``session``, ``revision``
        and ``epoch``."""
        return self.call(METHODS["import_session"], self._params(state=state, session=session))

    def rewind(self, session: str, revision: int) -> RewindResult:
        """``session/rewind``: goes back to ``revision``, a commit boundary (a revision this
        session returned, never inside a committed model response) at or before the session's;
        what was committed after it, the pending calls, the held items and the early outputs are
        discarded (counted in ``discarded``; their call ids may be used again). Another revision
        raises error -32602 naming the nearest boundaries. The ``epoch`` goes up by one."""
        return self.call(METHODS["rewind"], {"session": session, "revision": revision})

    def replace(self, session: str, items: Sequence[JSON]) -> ReplaceResult:
        """``session/replace``: makes ``items`` (a compacted history, sequenced by the rules of
        :meth:`sequence`) the committed array; pending calls, held items and early outputs stay.
        Returns the new ``revision`` and ``epoch`` (one more), ``repairs`` and ``warnings``."""
        return self.call(METHODS["replace"], {"session": session, "items": list(items)})

    def ping(self) -> Dict[str, Any]:
        """``ping``: answers ``{}``; checks the sidecar is alive."""
        return self.call(METHODS["ping"])

    def cancel_request(self, request_id: Any) -> Dict[str, Any]:
        """``$/cancelRequest`` (LSP), sent as a request: answers ``{}`` and cancels nothing, since
        the sidecar answers every request before it reads the next."""
        return self.call(METHODS["cancel_request"], {"id": request_id})

    def shutdown(self, timeout: Optional[float] = None) -> int:
        """``shutdown``: the sidecar answers ``{}`` and exits 0. Waits for it to exit (killing it
        after ``timeout``, as :meth:`close` does) and returns its exit status; the client is
        closed afterwards. The sidecar exiting after it is not a death: it is not respawned."""
        self.call(METHODS["shutdown"])
        status = self.close(timeout)
        assert status is not None
        return status


if __name__ == "__main__":  # a smoke test: python3 tool_sequencer_client.py
    with ToolSequencer() as sidecar:
        info = sidecar.initialize({"name": "tool_sequencer_client.py", "version": "1"})
        print(f"{sidecar.binary}: {info['serverInfo']['name']} {info['serverInfo']['version']}, "
              f"protocol {info['protocolVersion']}", file=sys.stderr)
