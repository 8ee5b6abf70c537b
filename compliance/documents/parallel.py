"""Run a few functions at once, each in a forked child process (the PDF renderer's parallelism).

Why :func:`os.fork` and not :mod:`multiprocessing`: a Celery prefork worker's children are
daemonic, and multiprocessing refuses to start a child from a daemonic process; its spawn and
forkserver methods would pay Django's and WeasyPrint's start-up for every render, about as much
as they save. A forked child starts warm (templates, fonts, fontconfig's caches) for the price
of copy-on-write pages.

What a caller must guarantee: no other thread of the process is inside a library the tasks use
while it forks (a child would inherit that thread's locks held, with no thread to release them);
:mod:`compliance.documents.pdf` holds one lock around every render for that.

What this module guarantees:

- a task may send messages to the parent before its result (``send``), and the parent may work
  while its children do: :func:`forked` starts them and hands back a :class:`Children`;
- a child never returns into the caller's stack: it runs its task, sends the pickled result (or
  the error's text) through its own pipe and leaves with :func:`os._exit`;
- a child dies with its parent (``PR_SET_PDEATHSIG``, Linux), so a worker killed at its hard time
  limit leaves no orphan; the parent kills and reaps every child still running when it leaves
  early (an exception, Celery's ``SoftTimeLimitExceeded``), so none is left a zombie either;
- what a child logs is sent back with its result and logged again in the parent, where the
  handlers (a Celery worker's log, a test's ``caplog``) are.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import pickle
import signal
import struct
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, NoReturn, TypeVar

T = TypeVar("T")
#: What a task is given to send a message to its parent before its result.
Send = Callable[[Any], None]

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_LENGTH = struct.Struct("<Q")  # each frame on a pipe: its length, then the pickle
_MESSAGE, _RESULT, _ERROR = "message", "result", "error"


class ChildFailed(RuntimeError):
    """A forked task raised, or its process died before it sent what was expected of it."""


def can_fork() -> bool:
    return hasattr(os, "fork")


def balanced_groups(weights: Sequence[float], count: int) -> list[list[int]]:
    """The indexes of ``weights`` shared among ``count`` non-empty groups of about equal total weight.

    Greedy (the heaviest first, each into the lightest group so far): never more than 4/3 of
    the best possible heaviest group, and close to it when there are several light weights to
    fill in with. Each group's indexes are in ascending order; the lightest group comes first.
    Fewer groups come back when there are fewer weights than ``count``.
    """
    count = max(1, min(count, len(weights)))
    groups: list[list[int]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for index in sorted(range(len(weights)), key=lambda i: (-weights[i], i)):
        lightest = min(range(count), key=lambda g: (loads[g], len(groups[g])))
        groups[lightest].append(index)
        loads[lightest] += weights[index]
    order = sorted(range(count), key=lambda g: loads[g])
    return [sorted(groups[g]) for g in order]


class Children:
    """The children :func:`forked` started, to receive from: each one's messages, then its result."""

    def __init__(self, children: list[_Child]) -> None:
        self._children = children

    def receive(self) -> list[Any]:
        """The next thing each child sends, in the tasks' order: a message, or at last the result.

        Raises :class:`ChildFailed` when a task raised instead, or its process died. Each child
        blocks only on its own pipe, so reading them one after the other never deadlocks.
        """
        return [_receive(child) for child in self._children]


@contextlib.contextmanager
def forked(tasks: Sequence[Callable[[Send], Any]]) -> Iterator[Children]:
    """Start each task in a forked child; whatever happens in the block, no child outlives it."""
    children: list[_Child] = []
    try:
        for task in tasks:
            children.append(_fork(task))
        yield Children(children)
    finally:
        for child in children:
            _stop(child)


def run_forked(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """Every task's result, in order, each computed in a forked child (no messages)."""

    def ignoring_send(task: Callable[[], T]) -> Callable[[Send], T]:
        return lambda _send: task()

    with forked([ignoring_send(task) for task in tasks]) as children:
        return children.receive()


@dataclass
class _Child:
    pid: int
    fd: int  # the read end of its pipe; -1 once closed
    reaped: bool = False


def _load_prctl() -> Callable[..., int] | None:
    """libc's prctl, resolved now: a child of a threaded process must not dlopen (loader lock)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not Linux
        return None


_PRCTL = _load_prctl()


@contextlib.contextmanager
def _gc_paused() -> Iterator[bool]:
    """No collection in this process around the fork; yields whether collection was enabled.

    The child freezes what it inherited before enabling collection again (see
    :func:`_child_main`), so no collection may run between the fork and the freeze. The parent
    freezes nothing: unfreezing afterwards would cost it a full collection of its whole heap.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield enabled
    finally:  # only the parent gets here: a child leaves through os._exit
        if enabled:
            gc.enable()


def _fork(task: Callable[[Send], Any]) -> _Child:
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    try:
        with _gc_paused() as gc_enabled:
            pid = os.fork()
            if pid == 0:
                os.close(read_fd)
                _child_main(task, write_fd, parent, gc_enabled)
    except BaseException:
        os.close(read_fd)
        os.close(write_fd)
        raise
    os.close(write_fd)  # the pipe ends when the child's copy is closed
    return _Child(pid, read_fd)


def _child_main(task: Callable[[Send], Any], write_fd: int, parent: int, gc_enabled: bool) -> NoReturn:
    """The whole life of a child: never returns, never raises, always ends in :func:`os._exit`."""
    code = 1
    try:
        _die_with_parent(parent)
        # What the child inherited is frozen (never examined by its collector): collecting a
        # cycle of the parent's would run its finalizer here, e.g. a database connection saying
        # goodbye on the parent's socket; it also spares copying pages just to scan them.
        gc.freeze()
        if gc_enabled:
            gc.enable()
        records = _capture_logs()
        with os.fdopen(write_fd, "wb") as pipe:
            try:
                result = task(lambda message: _write_frame(pipe, (_MESSAGE, message)))
                _write_frame(pipe, (_RESULT, result, records))
                code = 0
            except BaseException:  # everything goes back to the parent, as text
                _write_frame(pipe, (_ERROR, traceback.format_exc(), records))
    except BaseException:  # the pipe broke: the parent sees no result, and the exit code
        code = 1
    finally:
        os._exit(code)


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this child when its parent dies (Linux; elsewhere nothing)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request: do not run orphaned
        os._exit(1)


def _write_frame(pipe: IO[bytes], frame: tuple[Any, ...]) -> None:
    payload = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(_LENGTH.pack(len(payload)) + payload)
    pipe.flush()


def _read_exactly(fd: int, size: int) -> bytes:
    """``size`` bytes, or fewer when the pipe ends first."""
    chunks, missing = [], size
    while missing and (chunk := os.read(fd, min(missing, 1 << 20))):
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _receive(child: _Child) -> Any:
    if child.fd < 0:
        raise ChildFailed(f"child process {child.pid} has already sent its result")
    header = _read_exactly(child.fd, _LENGTH.size)
    payload = _read_exactly(child.fd, _LENGTH.unpack(header)[0]) if len(header) == _LENGTH.size else b""
    try:
        kind, value, *records = pickle.loads(payload)
    except Exception as error:
        raise ChildFailed(f"child process {child.pid} ended ({_reap(child)}) without a result") from error
    if kind == _MESSAGE:
        return value
    _reap(child)
    _replay(records[0])
    if kind == _ERROR:
        raise ChildFailed(f"child process {child.pid} failed:\n{value}")
    return value


def _reap(child: _Child) -> str:
    """Close the child's pipe and wait for it to end; how it ended."""
    os.close(child.fd)
    child.fd = -1
    _, status = os.waitpid(child.pid, 0)
    child.reaped = True
    code = os.waitstatus_to_exitcode(status)
    return f"killed by signal {-code}" if code < 0 else f"exit code {code}"


def _stop(child: _Child) -> None:
    """Kill and reap the child if it is still there; close its pipe. Safe to call twice."""
    if child.fd >= 0:
        os.close(child.fd)
        child.fd = -1
    if not child.reaped:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child.pid, 0)
        child.reaped = True


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record as plain data: its message formatted, its arguments dropped."""
        data = {k: v for k, v in record.__dict__.items() if isinstance(v, str | int | float | type(None))}
        data.update(msg=record.getMessage(), args=None, exc_info=None)
        if record.exc_info:
            data["exc_text"] = "".join(traceback.format_exception(*record.exc_info))
        self.records.append(data)


def _capture_logs() -> list[dict[str, Any]]:
    """In a child: collect every record instead of emitting it (the parent emits them)."""
    collector = _Collector()
    logging.root.handlers = [collector]
    return collector.records


def _replay(records: list[dict[str, Any]]) -> None:
    for data in records:
        record = logging.makeLogRecord(data)
        logging.getLogger(record.name).handle(record)
