"""Checks on SPARQL text a user supplies: read-only, and no federated SERVICE calls."""

from __future__ import annotations

from typing import Any

from .errors import QueryError


def check_user_query(text: str, *, allow_service: bool = False) -> None:
    """Refuse anything but a read-only query, and SERVICE unless ``allow_service``.

    Raises:
        QueryError: the text is not a SPARQL query (an update, say) or it calls SERVICE.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseException as err:
        if (
            text.lstrip()
            .upper()
            .startswith(
                (
                    "INSERT",
                    "DELETE",
                    "DROP",
                    "CLEAR",
                    "LOAD",
                    "CREATE",
                    "ADD",
                    "MOVE",
                    "COPY",
                    "WITH",
                )
            )
        ):
            raise QueryError("updates are not allowed here; s3graph queries are read-only") from err
        raise QueryError(
            f"invalid SPARQL at line {err.lineno}, column {err.col}: {err.msg}"
        ) from err
    if not allow_service and _mentions(tree, "ServiceGraphPattern"):
        raise QueryError(
            "SERVICE (federated query) is not allowed; pass --allow-service to permit it"
        )


def _mentions(node: Any, name: str) -> bool:
    if getattr(node, "name", None) == name:
        return True
    if isinstance(node, dict):
        return any(_mentions(value, name) for value in node.values())
    if isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        return any(_mentions(item, name) for item in node)
    return False
