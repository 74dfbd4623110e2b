"""The one error tree of s3graph.

Every failure a user can cause or meet is an ``S3GraphError``; the CLI turns it into one
readable line and exit code 1. Anything else is a bug.

    S3GraphError
    ├── BadDataError          a CSV or RDF input is invalid (carries every located fault)
    ├── UnknownNameError      a query, partnership, region or view name matches nothing
    ├── QueryError            a SPARQL text is invalid or not allowed
    ├── LimitExceededError    an input or a result is over a configured limit
    ├── OutputError           an output file cannot be written
    └── StoreError            the store cannot be used
        ├── StoreBusyError    another process holds the store
        └── StoreUnreachableError  a remote endpoint did not answer
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

MAX_FAULTS_SHOWN = 50
"""How many faults (or warnings) of one input are kept to be shown; the others are counted."""


class S3GraphError(Exception):
    """Base of every error s3graph raises on purpose."""


@dataclass(frozen=True, order=True)
class Fault:
    """One located problem in an input file."""

    file: str
    line: int
    column: str
    value: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.column:
            where += f": column '{self.column}'"
        text = f"{where}: {self.message}"
        if self.value:
            text += f" (value {self.value!r})"
        if self.hint:
            text += f"; {self.hint}"
        return text


Hint = str | Callable[[], str]
"""A fault's hint, or what finds it when it costs something (the closest of many names): a
fault that is only counted, not shown, does not need it."""


class FaultLog:
    """The faults (or the warnings) of one input, as they are found: every one is counted,
    the first ``MAX_FAULTS_SHOWN`` are kept to be shown, so that a file with a fault on each
    of its million rows is not held in memory as faults."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.shown: list[Fault] = []
        self.total = 0

    def add(self, line: int, column: str, value: str, message: str, hint: Hint = "") -> None:
        """Count a fault, and keep it if it is to be shown (only then is its hint found)."""
        self.total += 1
        if len(self.shown) < MAX_FAULTS_SHOWN:
            found = hint if isinstance(hint, str) else hint()
            self.shown.append(Fault(self.file, line, column, value, message, found))


def fault_lines(faults: Sequence[Fault], total: int, noun: str) -> list[str]:
    """Each fault shown, one a line, then ``... and N more <noun>`` for those only counted.

    >>> fault_lines([Fault("f.csv", 2, "", "", "bad")], 3, "faults")
    ['f.csv:2: bad', '... and 2 more faults']
    """
    lines = [str(fault) for fault in faults]
    if total > len(faults):
        lines.append(f"... and {total - len(faults)} more {noun}")
    return lines


class BadDataError(S3GraphError):
    """Input data is invalid; ``faults`` lists the located problems found, the first
    ``MAX_FAULTS_SHOWN`` of them, and ``total`` counts them all."""

    def __init__(self, faults: list[Fault], *, total: int | None = None) -> None:
        self.faults = faults[:MAX_FAULTS_SHOWN]
        self.total = len(faults) if total is None else total
        lines = fault_lines(self.faults, self.total, "faults")
        noun = "fault" if self.total == 1 else "faults"
        super().__init__(f"{self.total} {noun}; nothing was written:\n" + "\n".join(lines))


class UnknownNameError(S3GraphError):
    """A name matches nothing, or more than one thing."""


class QueryError(S3GraphError):
    """A SPARQL text is invalid or not allowed."""


class LimitExceededError(S3GraphError):
    """An input or a result is over a configured limit."""


class OutputError(S3GraphError):
    """An output file cannot be written (a full disk, a directory given as a file, ...)."""


class StoreError(S3GraphError):
    """The store cannot be opened, read or written."""


class StoreBusyError(StoreError):
    """Another process holds the store."""


class StoreUnreachableError(StoreError):
    """A remote SPARQL endpoint did not answer or refused the request."""
