"""The web explorer: every region, partnership and organisation a click away, and a Linked
Data home for every IRI of the graph (``s3graph app``).

A thin layer over the Python API, like the command line: each page calls the library and
renders its answer (server-side Jinja2 templates, autoescaped; one small script of its own
for sorting tables); no query or rule of its own. Every page also answers in JSON, so the
pages and the API are one thing. Errors become HTTP statuses in ``application``.

- ``pages``: the home page, the search, the entity pages (``/region/ES24``,
  ``/id/partnership/im-ccre``) in HTML, JSON, Turtle, JSON-LD and N-Triples.
- ``security``: the access token, response headers (a strict Content-Security-Policy), CSRF
  and upload limits.
- ``store_access``: the one store the explorer holds open.
- ``negotiation``: which representation a request asks for.
- ``presenting``: answers made ready for templates and JSON (links, cells, facts).
"""

from .application import ExplorerSettings, create_app

__all__ = ["ExplorerSettings", "create_app"]
