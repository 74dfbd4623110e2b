"""The catalogue of named questions: ``s3graph/queries/*.rq``, one question per file.

Each file opens with a comment header, then the SPARQL::

    # title: Regions of a partnership
    # description: The regions that belong to a partnership, with their role and dates.
    #   A description goes on over lines indented by at least two spaces.
    # param: partnership partnership — the partnership, by id or name, e.g. im-h2valleys
    # param: country country optional — only regions of this country, e.g. ES
    # example: s3graph query --name regions-of-partnership --param partnership=im-h2valleys

A ``param`` line gives the parameter's NAME and TYPE (``optional`` if it may be left out),
then after a dash what it means, with an example value. TYPE checks the value and turns it
into the RDF term that is bound to the SPARQL variable ``?NAME``: the value is never pasted
into the query text. Oxigraph binds only variables a query projects (SPARQL-dev SEP-0007), so
a query SELECTs its parameters and ``run_query`` leaves them out of the answer. An optional
parameter that is not given leaves its variable free.

A question about memberships may take ``as_of`` (type ``date``): the memberships it counts are
those active on that date (``s3graph.asof``), and its answer has a column ``undated`` that
flags what was counted without dates; the column is left out when ``as_of`` is not given.

A question answered in Python rather than SPARQL (pair counting, DESIGN §2) has a header
file too, without SPARQL, and its function is registered in ``s3graph.computed.COMPUTED``
under the same name.

``run_query(store, NAME, **params)`` runs a question (see ``s3graph.questions`` for examples
with a store):

>>> [query.name for query in list_queries()][:2]
['countries-absent-from-platform', 'leads-per-platform']
>>> [str(param) for param in get_query("region-pairs").params]
['[platform]', '[area]', '[country]', '[top (integer)]', '[as_of (date)]']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from .asof import AS_OF_PARAM, UNDATED_COLUMN, AsOf, as_of_query
from .computed import COMPUTED, Computed
from .errors import QueryError, UnknownNameError
from .namespaces import role_iri, theme_iri
from .resolve import resolve
from .results import Results
from .sparql import question_names, question_text
from .store import Store
from .store.base import Answer, Bindings
from .vocabulary import AREAS, PLATFORMS, ROLES, did_you_mean

ParamValue = str | int | AsOf | Node


def _year(_: Store, text: str) -> Node:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise QueryError(f"{text!r} is not a year; give four digits, e.g. 2018")
    return Literal(text.strip(), datatype=XSD.gYear)


def _date(_: Store, text: str) -> Node:
    return Literal(AsOf.parse(text).text)


def _integer(_: Store, text: str) -> Node:
    try:
        return Literal(int(text.strip()))
    except ValueError:
        raise QueryError(f"{text!r} is not a whole number; give digits, e.g. 3") from None


def _iri_of(kind: str) -> Callable[[Store, str], Node]:
    return lambda store, text: resolve(store, kind, text).iri


PARAM_TYPES: dict[str, Callable[[Store, str], Node]] = {
    "region": _iri_of("region"),
    "country": _iri_of("country"),
    "partnership": _iri_of("partnership"),
    "organisation": _iri_of("organisation"),
    "platform": lambda _, text: theme_iri(PLATFORMS.resolve(text)),
    "area": lambda _, text: theme_iri(AREAS.resolve(text)),
    "role": lambda _, text: role_iri(ROLES.resolve(text)),
    "year": _year,
    "date": _date,
    "integer": _integer,
    "string": lambda _, text: Literal(text),
}
"""Parameter types: how a value, checked, becomes the RDF term to bind."""


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a named query."""

    name: str
    type: str
    description: str
    optional: bool = False

    def __str__(self) -> str:
        text = self.name if self.name == self.type else f"{self.name} ({self.type})"
        return f"[{text}]" if self.optional else text


@dataclass(frozen=True)
class NamedQuery:
    """A named question: its header and its SPARQL text."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    examples: tuple[str, ...]
    text: str
    computed: Computed | None = None
    """The function that answers the question in Python, if SPARQL does not."""

    def param(self, name: str) -> QueryParam:
        """The parameter called ``name``.

        Raises:
            UnknownNameError: the query has no such parameter.
        """
        for param in self.params:
            if param.name == name:
                return param
        if not self.params:
            raise UnknownNameError(f"query {self.name!r} takes no parameters (got {name!r})")
        names = [param.name for param in self.params]
        hint = did_you_mean(name, names) or f"its parameters are: {', '.join(names)}"
        raise UnknownNameError(f"query {self.name!r} has no parameter {name!r}; {hint}")


def list_queries() -> list[NamedQuery]:
    """Every named question shipped with s3graph, by name."""
    return [get_query(name) for name in question_names()]


@cache
def get_query(name: str) -> NamedQuery:
    """One named question.

    Raises:
        UnknownNameError: there is no question of that name.
    """
    if name not in question_names():
        hint = did_you_mean(name, question_names()) or "list them with: s3graph queries"
        raise UnknownNameError(f"unknown query {name!r}; {hint}")
    return parse_query(question_text(name), name=name, computed=COMPUTED.get(name))


def parse_query(text: str, *, name: str, computed: Computed | None = None) -> NamedQuery:
    """Read the comment header of a query text.

    Args:
        text: the query, its header first.
        name: what to call it in messages.
        computed: the function that answers it, for one of s3graph's own questions
            computed in Python (``s3graph.computed.COMPUTED``).

    Raises:
        QueryError: a ``param`` line is malformed or names an unknown type.
    """
    fields: dict[str, list[str]] = {}
    params: list[QueryParam] = []
    last = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        continued = re.fullmatch(r"#\s{2,}(\S.*)", stripped)
        field = re.fullmatch(r"# ?([a-z-]+):\s*(.*)", stripped)
        if continued and last in ("title", "description"):
            fields[last][-1] += " " + continued.group(1)
        elif field and field.group(1) == "param":
            params.append(_param(name, number, field.group(2)))
            last = "param"
        elif field:
            last = field.group(1)
            fields.setdefault(last, []).append(field.group(2).strip())
        else:
            last = ""
    return NamedQuery(
        name=name,
        title=" ".join(fields.get("title", [name])),
        description=" ".join(fields.get("description", [])),
        params=tuple(params),
        examples=tuple(fields.get("example", [])),
        text=text,
        computed=computed,
    )


def run_query(store: Store, query: str | NamedQuery, **params: ParamValue | None) -> Results:
    """The answer to a named question, with its parameters bound.

    Args:
        store: the store to ask.
        query: the question's name (see ``list_queries()``) or a parsed query.
        params: parameter values by name: text as a user would type it (``"ES24"``,
            ``"Aragón"``, ``"energy"``), numbers for integer and year parameters, an ``AsOf``
            or its text for ``as_of``, or RDF terms bound as they are. ``None`` counts as not
            given.

    Raises:
        UnknownNameError: unknown question, parameter or name in a value (with candidates).
        QueryError: a required parameter is missing, a value is malformed, or the question
            is not a SELECT query.
    """
    named = get_query(query) if isinstance(query, str) else query
    answer = answer_query(store, named, params)
    if not isinstance(answer, Results):
        raise QueryError(f"query {named.name!r} is not a SELECT query; use Store.query for it")
    return answer


def answer_query(
    store: Store,
    query: NamedQuery,
    params: Mapping[str, ParamValue | None],
    *,
    narrowed: Bindings | None = None,
) -> Answer:
    """Run a named or user query with its parameters bound; any kind of answer.

    SELECT answers leave out the parameter columns. ``narrowed`` binds other variables of a
    SPARQL query besides its parameters, to answer it for those values only (the rows of
    some organisations of ``organisations-of-region``). Raises as ``run_query``.
    """
    given = {name: value for name, value in params.items() if value is not None}
    for name in given:
        query.param(name)
    for param in query.params:
        if not param.optional and param.name not in given:
            raise QueryError(
                f"query {query.name!r} needs the parameter {param.name!r}: {param.description}"
            )
    if query.computed:
        if narrowed:
            raise QueryError(f"query {query.name!r} is computed and cannot be narrowed")
        plain = {name: _plain(store, query.param(name), value) for name, value in given.items()}
        return query.computed(store, **plain)
    bindings: dict[str, Node | tuple[Node, ...]] = {
        name: _term(store, query.param(name), value) for name, value in given.items()
    }
    bindings.update(narrowed or {})
    answer = store.query(as_of_query(query.text, dated=AS_OF_PARAM in given), bindings)
    if isinstance(answer, Results):
        hidden = {param.name for param in query.params}
        if AS_OF_PARAM not in given:
            hidden.add(UNDATED_COLUMN)
        keep = [i for i, variable in enumerate(answer.variables) if variable not in hidden]
        return Results(
            [answer.variables[i] for i in keep], [tuple(row[i] for i in keep) for row in answer]
        )
    return answer


def catalogue_table() -> Results:
    """The named questions as a table: name, title and parameters (optional ones in [])."""
    rows = [
        (Literal(query.name), Literal(query.title), Literal(" ".join(map(str, query.params))))
        for query in list_queries()
    ]
    return Results(["name", "title", "parameters"], rows)


def _param(query: str, number: int, line: str) -> QueryParam:
    match = re.fullmatch(
        r"(?P<name>[A-Za-z_]\w*)\s+(?P<type>[a-z]+)(?P<optional>\s+optional)?"
        r"\s+(?:—|--|-)\s+(?P<description>\S.*)",
        line,
    )
    if not match:
        raise QueryError(
            f"{query} line {number}: a param line reads "
            f"'# param: NAME TYPE [optional] — description, e.g. VALUE' (got {line!r})"
        )
    if match["type"] not in PARAM_TYPES:
        raise QueryError(
            f"{query} line {number}: unknown parameter type {match['type']!r}; "
            f"use one of: {', '.join(PARAM_TYPES)}"
        )
    return QueryParam(match["name"], match["type"], match["description"], bool(match["optional"]))


def _term(store: Store, param: QueryParam, value: ParamValue) -> Node:
    if isinstance(value, Node):
        return value
    try:
        return PARAM_TYPES[param.type](store, str(value))
    except QueryError as err:
        raise QueryError(f"parameter {param.name}: {err}") from err


def _plain(store: Store, param: QueryParam, value: ParamValue) -> Any:
    """A value for a question answered in Python: numbers checked, names passed as typed."""
    if param.type in ("integer", "year"):
        return int(str(_term(store, param, value)))
    if param.type == "date":
        return AsOf.parse(str(_term(store, param, value)))
    return str(value)
