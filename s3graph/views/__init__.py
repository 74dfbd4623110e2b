"""Pictures and files of network views, given networkx graphs and their measures.

Views know nothing of the store and compute no measures: ``s3graph.network`` makes the graphs
and measures them (``add_measures``); here they are drawn.

- ``layout``: where nodes go (a force layout computed in Python, or the map).
- ``style``: colours, shapes, sizes, legend and caption, one styling for every output.
- ``page``: the interactive HTML page (``view_page``), self-contained and escaped.
- ``picture``: the still PNG or SVG picture (matplotlib).
- ``files``: ``write_view`` in every format, through one ``output_file``.
"""

from .files import format_of, write_view
from .layout import Outline
from .page import ViewPage, view_page

__all__ = ["Outline", "ViewPage", "format_of", "view_page", "write_view"]
