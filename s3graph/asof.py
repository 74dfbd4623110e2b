"""Memberships as of a date: the one typed value every question, view and map takes.

A date is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. A membership is active as of a date when
it began (``since``) on or before that date and had not ended (``until``) on or before it,
each of its dates compared with the date at the coarser precision of the two: ``since 2019``
is active as of ``2019-06`` (2019 is on or before 2019), ``until 2019`` is not (2019 is not
after 2019), nor is ``until 2019-06-30`` as of ``2019-06-30``. A membership without
``since`` begins with its partnership's year (``year_established``), so none is active
before its partnership was set up; one without any date of its own is counted all the same,
and flagged *undated*, never dropped in silence. A partnership whose year is not known
leaves its undated memberships active on any date.

The rule is applied by the store, in SPARQL, with the date bound as a value: every question
that takes ``as_of`` holds the block ``#include as-of`` (``queries/include/as-of.rq``; a
question that lists partnerships also ``#include partnership-as-of``), and its answer has an
``undated`` column (``UNDATED_COLUMN``). Asked without a date, a query runs without those
blocks (``as_of_query``), as fast as before dates.

>>> AsOf.parse("2019-06")
AsOf(text='2019-06')
>>> AsOf.parse("2019-6")
Traceback (most recent call last):
s3graph.errors.QueryError: '2019-6' is not a date; give YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-06
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import QueryError
from .sparql import without_include

AS_OF_PARAM = "as_of"
"""The name of the parameter, in a question, a function or a query, that takes the date."""
UNDATED_COLUMN = "undated"
"""The column of a question's answer that flags what was counted without dates: ``yes`` on a
membership row that has no dates of its own, or, in a question that counts, how many of the
memberships counted are undated. Left out when no ``as_of`` is given."""
AS_OF_INCLUDES = ("as-of", "partnership-as-of")
"""The blocks of SPARQL that apply the rule (``queries/include/NAME.rq``)."""
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class AsOf:
    """A date given as a year, a month or a day, as typed (``2019``, ``2019-06``...)."""

    text: str

    @classmethod
    def parse(cls, value: str | AsOf | dt.date) -> AsOf:
        """The date ``value`` stands for: text ``YYYY[-MM[-DD]]``, a ``date`` or an ``AsOf``.

        Raises:
            QueryError: the text is not such a date, or no such day exists.
        """
        if isinstance(value, AsOf):
            return value
        if isinstance(value, dt.date):
            return cls(value.isoformat()[:10])
        text = str(value).strip()
        match = _DATE.fullmatch(text)
        try:
            if match is None:
                raise ValueError(text)
            year, month, day = (int(part) if part else 1 for part in match.groups())
            dt.date(year, month, day)
        except ValueError:
            raise QueryError(
                f"{text!r} is not a date; give YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-06"
            ) from None
        return cls(text)

    def __str__(self) -> str:
        return self.text


def as_of_query(text: str, *, dated: bool) -> str:
    """The query ``text`` to run: as it is when a date is given (``dated``), else without its
    as-of blocks, which filter on the date and look up every membership's dates."""
    if not dated:
        for name in AS_OF_INCLUDES:
            text = without_include(text, name)
    return text


def undated_note(as_of: AsOf, *, undated: int, counted: int) -> str:
    """What was counted without dates, in a sentence for a caption or a footnote.

    >>> undated_note(AsOf("2019"), undated=3, counted=5)
    'As of 2019: 3 of the 5 memberships counted have no dates in the data (undated) and are counted as active.'
    >>> undated_note(AsOf("2019"), undated=0, counted=5)
    'As of 2019: all 5 memberships counted are active by their dates.'
    """  # noqa: E501
    if not counted:
        return f"As of {as_of}: no membership counted."
    if not undated:
        return f"As of {as_of}: all {counted} memberships counted are active by their dates."
    return (
        f"As of {as_of}: {undated} of the {counted} memberships counted have no dates in the data "
        "(undated) and are counted as active."
    )
