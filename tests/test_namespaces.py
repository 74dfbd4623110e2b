"""The closed namespace in code stays in step with the ontology's Turtle."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, URIRef

from s3graph.namespaces import S3
from s3graph.validation import ontology


def test_closed_namespace_matches_ontology_terms() -> None:
    namespace = str(S3._NS)
    defined = {
        str(term)[len(namespace) :]
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for term in ontology().subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(namespace)
    }
    in_code = {name for name in S3.__annotations__ if not name.startswith("_")}
    assert defined == in_code


def test_misspelt_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        _ = S3.Partnershp
