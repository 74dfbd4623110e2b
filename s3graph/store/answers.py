"""Answers as rdflib terms, whichever backend gives them.

pyoxigraph's terms are converted to rdflib's (and back, for writing), and SPARQL results and
RDF are read by pyoxigraph's own parsers as they stream in, a row at a time, from a server's
response or a query process's pipe: an answer over the result limit is refused before the
rest of it is read.

pyoxigraph's answers may only be dropped by the thread that made them: a traceback that kept
one in a frame would leave it to the garbage collector, which may run in any thread (and
then fails). So answers are converted inside ``releasing``, which clears the frames of an
error's traceback.
"""

from __future__ import annotations

import io
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import QueryError
from ..results import Results, Row, TextRow

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
T = TypeVar("T")
Readable = IO[bytes] | io.RawIOBase
"""A binary stream: a file, a server's answer, a pipe."""
Collect = Callable[[Iterator[T]], list[T]]
"""Gathers an answer's items, refusing more than the result limit (``Store.collect``)."""

_XSD_STRING = str(XSD.string)


def to_oxigraph(term: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term.

    Raises:
        ValueError: pyoxigraph refuses the term (a relative IRI, a bad language tag...).
        TypeError: the term is not an IRI, a blank node or a literal.
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def remembering_to_oxigraph() -> Callable[[Node], OxTerm]:
    """``to_oxigraph`` that converts each IRI once: the IRIs of a graph recur."""
    iris: dict[Node, ox.NamedNode] = {}

    def convert(term: Node) -> OxTerm:
        if type(term) is URIRef:
            named = iris.get(term)
            if named is None:
                named = iris[term] = ox.NamedNode(term)
            return named
        return to_oxigraph(term)

    return convert


def from_oxigraph(term: OxTerm | ox.Triple) -> Node:
    """A pyoxigraph term as an rdflib term (xsd:string literals become plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def solution_texts(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, collect: Collect[Any]
) -> list[TextRow]:
    """The rows of a pyoxigraph SELECT answer as text (``Store.select_texts``): each value's
    ``value`` (an IRI, a literal's lexical form, a blank node's id), ``None`` where unbound.

    Call it inside ``releasing``, as ``converted``.

    Raises:
        QueryError: the answer is not a SELECT query's.
    """
    if not isinstance(answer, ox.QuerySolutions):
        raise QueryError("expected a SELECT query")
    return collect(
        tuple(None if value is None else value.value for value in solution) for solution in answer
    )


def converted(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | ox.QuadParser,
    collect: Collect[Any],
) -> Results | bool | Graph:
    """A pyoxigraph answer as s3graph's: ``Results``, a ``bool`` or an rdflib ``Graph``.

    Call it inside ``releasing``, with the answer made in the call's arguments, so that no
    frame but this one holds the answer (see the module docstring).
    """
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    convert = _remembering(from_oxigraph)
    if isinstance(answer, ox.QuerySolutions):
        rows = (
            tuple(None if value is None else convert(value) for value in solution)
            for solution in answer
        )
        found = collect(rows)  # the variables after: a parser knows them once it read the head
        return Results([variable.value for variable in answer.variables], found)
    graph = Graph()
    for triple in collect(triple for triple in answer):
        graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
    return graph


@contextmanager
def releasing() -> Iterator[None]:
    """Around the use of a pyoxigraph answer: an error keeps no frame that holds it."""
    try:
        yield
    except BaseException as err:
        traceback.clear_frames(err.__traceback__)
        raise


def read_results(
    stream: Readable, fmt: ox.QueryResultsFormat, collect: Collect[Row]
) -> Results | bool:
    """SPARQL results (JSON, XML or TSV) read from ``stream`` as they arrive.

    >>> import io
    >>> tsv = io.BytesIO('?n\\n"Aragón"@es\\n'.encode())
    >>> read_results(tsv, ox.QueryResultsFormat.TSV, list).rows
    [(rdflib.term.Literal('Aragón', lang='es'),)]

    Raises:
        SyntaxError: the results are malformed.
    """
    with releasing():
        answer = converted(ox.parse_query_results(cast(IO[bytes], stream), fmt), collect)
    assert not isinstance(answer, Graph)
    return answer


def read_texts(
    stream: Readable, fmt: ox.QueryResultsFormat, collect: Collect[TextRow]
) -> list[TextRow]:
    """SELECT results read from ``stream`` as they arrive, as text (``solution_texts``).

    >>> import io
    >>> tsv = io.BytesIO('?n\\t?m\\n"Aragón"@es\\t\\n'.encode())
    >>> read_texts(tsv, ox.QueryResultsFormat.TSV, list)
    [('Aragón', None)]

    Raises:
        SyntaxError: the results are malformed.
        QueryError: they are a boolean, not rows.
    """
    with releasing():
        return solution_texts(ox.parse_query_results(cast(IO[bytes], stream), fmt), collect)


def read_graph(stream: Readable, fmt: ox.RdfFormat, collect: Collect[ox.Triple]) -> Graph:
    """An RDF graph (N-Triples, Turtle...) read from ``stream`` as it arrives.

    Raises:
        SyntaxError: the RDF is malformed.
    """
    with releasing():
        graph = converted(
            ox.parse(cast(IO[bytes], stream), fmt, without_named_graphs=True), collect
        )
    assert isinstance(graph, Graph)
    return graph


def _remembering(
    convert: Callable[[OxTerm | ox.Triple], Node],
) -> Callable[[OxTerm | ox.Triple], Node]:
    """``convert`` with a memory: the terms of one answer recur (codes, years, roles), and
    rdflib's terms are costly to make (0.7 s instead of 2.7 s for 66,000 rows of five)."""
    seen: dict[OxTerm | ox.Triple, Node] = {}

    def remembered(term: OxTerm | ox.Triple) -> Node:
        node = seen.get(term)
        if node is None:
            node = seen[term] = convert(term)
        return node

    return remembered
