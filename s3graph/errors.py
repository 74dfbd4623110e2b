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

from dataclasses import dataclass


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


class BadDataError(S3GraphError):
    """Input data is invalid; ``faults`` lists every located problem found."""

    def __init__(self, faults: list[Fault], *, total: int | None = None) -> None:
        self.faults = faults
        self.total = len(faults) if total is None else total
        lines = [str(fault) for fault in faults]
        if self.total > len(faults):
            lines.append(f"... and {self.total - len(faults)} more faults")
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
