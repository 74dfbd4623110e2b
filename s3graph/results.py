"""Query results as a small table of rdflib terms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib.term import Literal, Node

Row = tuple[Node | None, ...]
TextRow = tuple[str | None, ...]
"""A row of ``Store.select_texts``: each value as text, ``None`` where unbound."""


@dataclass
class Results:
    """The answer to a SELECT query: variable names and rows of rdflib terms (or None)."""

    variables: list[str]
    rows: Sequence[Row] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts of Python values (literals converted, IRIs as strings)."""
        return [dict(zip(self.variables, map(to_python, row), strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Node | None]:
        """One column's terms."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def to_pandas(self) -> Any:
        """A pandas DataFrame of the rows (pandas must be installed)."""
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install pandas") from err
        return pd.DataFrame(self.dicts(), columns=self.variables)


def to_python(term: Node | None) -> Any:
    """A plain Python value for a term: literals by datatype, IRIs and blank nodes as str."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)
