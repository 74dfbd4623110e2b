"""SPARQL text made safely: RDF terms written escaped, values bound, prefixes declared.

Both stores use it: values are never pasted into query text; ``bind_values`` writes the bound
RDF terms, escaped by ``sparql_term``, into a ``VALUES`` block at the start of the query's
WHERE clause (Oxigraph then starts from them), and ``with_prefixes`` declares s3graph's
prefixes for a server that does not know them.
"""

from __future__ import annotations

import functools
import itertools
import re

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import QueryError, StoreError
from ..namespaces import PREFIXES
from .base import Bindings

_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*')
_LANGUAGE_TAG = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_VARIABLE = re.compile(r"\w+")
# Quotes and backslashes escaped; control characters too, which some servers mangle.
_TO_ESCAPE = re.compile(r'[\x00-\x1f"\\]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"} | {
    chr(code): f"\\u{code:04X}" for code in range(0x20) if chr(code) not in "\n\r\t"
}
# What is not SPARQL code: comments, the four kinds of string, IRIs and escaped characters.
_NOT_CODE = re.compile(
    r"#[^\n\r]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|\\.",
    re.DOTALL,
)
_KEYWORD = r"(?<![\w:?$]){}(?![\w:-])"
_QUERY_FORM = re.compile(_KEYWORD.format("(SELECT|CONSTRUCT|ASK|DESCRIBE)"), re.IGNORECASE)
_GROUP_TOKEN = re.compile(r"[{}()]|" + _KEYWORD.format("WHERE"), re.IGNORECASE)
_DATASET_CLAUSE = re.compile(_KEYWORD.format("FROM"), re.IGNORECASE)
_PREFIX_DECLARATION = re.compile(_KEYWORD.format("PREFIX") + r"\s+([^\s:]*):", re.IGNORECASE)


def sparql_term(term: Node) -> str:
    """An IRI or a literal written as both SPARQL and N-Triples read it, safely escaped.

    >>> print(sparql_term(Literal('say "hi"', lang="en")))
    "say \\"hi\\""@en

    Raises:
        ValueError: the term cannot be written: a relative or malformed IRI, a bad language
            tag, or a blank node (SPARQL has no syntax for a given blank node).
    """
    if type(term) is URIRef or isinstance(term, URIRef):  # the first test is the fast one
        return iri_term(term)
    if isinstance(term, Literal):
        text = str(term)
        if _TO_ESCAPE.search(text):
            text = _TO_ESCAPE.sub(lambda match: _ESCAPES[match.group()], text)
        if term.language:
            if not _LANGUAGE_TAG.fullmatch(term.language):
                raise ValueError(f"{term.language!r} is not a language tag")
            return f'"{text}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{text}"^^{iri_term(term.datatype)}'
        return f'"{text}"'
    raise ValueError(f"{term!r} cannot be written; only IRIs and literals can")


@functools.lru_cache(maxsize=1 << 16)
def iri_term(iri: URIRef) -> str:
    """``<iri>``, checked; cached, as the same IRIs come again and again."""
    if _IRI.fullmatch(iri) is None:
        raise ValueError(f"{str(iri)!r} is not an absolute IRI")
    return f"<{iri}>"


def term_or_error(term: Node, error: type[StoreError] | type[QueryError]) -> str:
    try:
        return sparql_term(term)
    except ValueError as err:
        raise error(str(err)) from err


def code_only(sparql: str) -> str:
    """``sparql`` with comments, strings and IRIs blanked out, every offset kept.

    >>> code_only('SELECT * { ?s ?p "{" } # }')
    'SELECT * { ?s ?p     }    '
    """
    return _NOT_CODE.sub(lambda match: " " * len(match.group()), sparql)


def bind_values(sparql: str, bindings: Bindings) -> str:
    """``sparql`` with ``bindings`` in a ``VALUES`` block opening its WHERE clause.

    The terms are written by ``sparql_term``; the user's text is never pasted in.

    >>> bind_values("SELECT ?n WHERE { ?r skos:notation ?n }", {"r": URIRef("urn:ex:es24")})
    'SELECT ?n WHERE { VALUES (?r) { (<urn:ex:es24>) } ?r skos:notation ?n }'

    A variable bound to a tuple of terms takes each in turn: one row of the block each.

    >>> bind_values("SELECT ?n WHERE { ?r a ?n }", {"r": (URIRef("urn:a"), URIRef("urn:b"))})
    'SELECT ?n WHERE { VALUES (?r) { (<urn:a>) (<urn:b>) } ?r a ?n }'

    Raises:
        QueryError: a name is not a variable name, a value cannot be written, or the query
            has no WHERE clause.
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    variables = " ".join(f"?{name}" for name in bindings)
    choices = [
        [
            term_or_error(term, QueryError)
            for term in (value if isinstance(value, tuple) else (value,))
        ]
        for value in bindings.values()
    ]
    rows = " ".join(f"({' '.join(row)})" for row in itertools.product(*choices))
    start = _where_clause_start(code_only(sparql))
    return f"{sparql[:start]} VALUES ({variables}) {{ {rows} }}{sparql[start:]}"


def query_form(code: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first such keyword of the query's code."""
    form = _QUERY_FORM.search(code)
    return form.group(1).upper() if form else None


def has_dataset_clause(sparql: str) -> bool:
    """Whether a query names its own dataset (``FROM`` or ``FROM NAMED``).

    Without one, s3graph's stores make the default graph the union of the named graphs.

    >>> has_dataset_clause("SELECT * FROM <urn:g> { ?s ?p ?o }")
    True
    >>> has_dataset_clause("ASK { ?from ?p 'FROM' }")
    False
    """
    return _DATASET_CLAUSE.search(code_only(sparql)) is not None


def _where_clause_start(code: str) -> int:
    """The offset just after the ``{`` that opens the query's WHERE clause."""
    form = _QUERY_FORM.search(code)
    if form is None:
        raise QueryError("values can only be bound in a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    template_to_skip = form.group(1).upper() == "CONSTRUCT"
    braces = parentheses = 0
    for token in _GROUP_TOKEN.finditer(code, form.end()):
        text = token.group()
        if text == "(":
            parentheses += 1
        elif text == ")":
            parentheses -= 1
        elif parentheses:
            continue
        elif text == "{":
            if braces == 0 and not template_to_skip:
                return token.end()
            braces += 1
        elif text == "}":
            braces -= 1
            template_to_skip = template_to_skip and braces > 0
        elif braces == 0:  # WHERE: what follows is the pattern, not a template
            template_to_skip = False
    raise QueryError("values can only be bound in a query with a WHERE clause")


def with_prefixes(sparql: str) -> str:
    """``sparql`` after one line declaring s3graph's prefixes that it does not declare.

    The embedded store predeclares them; a SPARQL server knows nothing of them.

    >>> with_prefixes("PREFIX s3: <urn:mine#> ASK { ?x a s3:Region }").count("s3:")
    2
    """
    declared = {match.group(1) for match in _PREFIX_DECLARATION.finditer(code_only(sparql))}
    missing = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name not in declared]
    return " ".join(missing) + "\n" + sparql if missing else sparql
