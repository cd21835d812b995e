"""Aging buckets: ordered, gap-free day ranges with labels."""

from __future__ import annotations

import bisect
import enum
import itertools
from collections.abc import Sequence
from typing import Final

import attrs

from receivables._text import shown
from receivables._validate import MAX_DAYS
from receivables.convert import DataForm
from receivables.errors import InvalidTypeError, ValidationError

__all__ = ["AgingBasis", "Buckets"]

MAX_EDGES: Final = 100
"""Buckets have at most 100 edges, each at most 36,600 days (a century): the lookup table
holds one entry per day up to the last edge."""


class AgingBasis(enum.Enum):
    """What an item's age counts from.

    Examples:
        >>> AgingBasis.DUE_DATE.value
        'due_date'
    """

    DUE_DATE = "due_date"
    """Days past due: ``as_of`` minus the due date (negative while not yet due)."""
    INVOICE_DATE = "invoice_date"
    """Days since the document date: ``as_of`` minus the issue (or received) date."""


def _edges(value: Sequence[int]) -> tuple[int, ...]:
    if isinstance(value, str | bytes):
        raise InvalidTypeError("bucket edges must be whole numbers of days, not text")
    edges = tuple(value)
    if len(edges) > MAX_EDGES:
        raise ValidationError(f"at most {MAX_EDGES} bucket edges, got {len(edges)}")
    for edge in edges:
        if type(edge) is not int:
            raise InvalidTypeError(f"bucket edges must be ints, got {shown(edge)}")
    if any(not 1 <= edge <= MAX_DAYS for edge in edges):
        raise ValidationError(
            f"bucket edges must be day counts from 1 to {MAX_DAYS}, got {shown(edges)}"
        )
    if any(later <= earlier for earlier, later in itertools.pairwise(edges)):
        raise ValidationError(f"bucket edges must strictly increase, got {shown(edges)}")
    return edges


def _default_labels(edges: tuple[int, ...]) -> tuple[str, ...]:
    labels = ["Current"]
    low = 1
    for edge in edges:
        labels.append(f"{low}-{edge}")
        low = edge + 1
    labels.append(f"Over {edges[-1]}" if edges else "Past due")
    return tuple(labels)


@attrs.frozen(init=False)
class Buckets(DataForm):
    """An ordered set of age ranges, from ``Current`` to the oldest.

    The buckets are defined by their upper ``edges`` in days: with edges ``(30, 60, 90)`` an age
    of 0 or less is ``Current``, 1 to 30 is ``1-30``, 31 to 60 ``31-60``, 61 to 90 ``61-90`` and
    anything older ``Over 90``. Built from edges, buckets can neither overlap nor leave a gap.
    Labels may be replaced (one per bucket, unique). At most 100 edges, each from 1 to 36,600
    days.

    Examples:
        >>> Buckets.standard().labels
        ('Current', '1-30', '31-60', '61-90', '91-120', 'Over 120')
        >>> Buckets.standard().label_for(45), Buckets.standard().label_for(-3)
        ('31-60', 'Current')
    """

    edges: tuple[int, ...]
    labels: tuple[str, ...]
    index_table: tuple[int, ...] = attrs.field(repr=False, eq=False)
    """The bucket index of each age from 0 to the last edge (older ages are the last bucket).

    What :meth:`index_for` reads: engines that age millions of items index it directly.
    """

    def __init__(self, edges: Sequence[int], labels: Sequence[str] | None = None) -> None:
        checked = _edges(edges)
        names = _default_labels(checked) if labels is None else tuple(labels)
        if len(names) != len(checked) + 2:
            raise ValidationError(
                f"{len(checked)} edges make {len(checked) + 2} buckets, "
                f"but {len(names)} labels were given"
            )
        for name in names:
            if not isinstance(name, str) or not name.strip():
                raise ValidationError(f"bucket labels must be non-blank strings, got {shown(name)}")
        if len(set(names)) != len(names):
            raise ValidationError(f"bucket labels must be unique, got {names}")
        # Ages 0..last edge map to a bucket index by table; older ages go to the last bucket.
        last = checked[-1] if checked else 0
        lookup = tuple(bisect.bisect_left(checked, age) + (age > 0) for age in range(last + 1))
        self.__attrs_init__(checked, names, lookup)

    @classmethod
    def standard(cls) -> Buckets:
        """Current, 1-30, 31-60, 61-90, 91-120 and Over 120 days.

        Examples:
            >>> len(Buckets.standard())
            6
        """
        return cls((30, 60, 90, 120))

    @classmethod
    def from_edges(cls, edges: Sequence[int], labels: Sequence[str] | None = None) -> Buckets:
        """Buckets ending at each edge, then one for everything older.

        Examples:
            >>> labels = ["Not due", "Late", "Very late", "Ancient"]
            >>> Buckets.from_edges([15, 45], labels=labels).labels
            ('Not due', 'Late', 'Very late', 'Ancient')
        """
        return cls(edges, labels)

    def index_for(self, age: int) -> int:
        """The position of the bucket an age in days falls in.

        Examples:
            >>> Buckets.standard().index_for(45)
            2
        """
        if not isinstance(age, int):  # a Decimal NaN would not compare; a float not index
            raise InvalidTypeError(f"age must be a whole number of days, not {shown(age)}")
        if age <= 0:
            return 0
        lookup = self.index_table
        return lookup[age] if age < len(lookup) else len(self.labels) - 1

    def label_for(self, age: int) -> str:
        """The label of the bucket an age in days falls in.

        Examples:
            >>> Buckets.standard().label_for(121)
            'Over 120'
        """
        return self.labels[self.index_for(age)]

    def range_of(self, label: str) -> tuple[int | None, int | None]:
        """The (lowest, highest) age of a bucket, ``None`` where it is open-ended.

        Examples:
            >>> b = Buckets.standard()
            >>> b.range_of("Current"), b.range_of("31-60"), b.range_of("Over 120")
            ((None, 0), (31, 60), (121, None))
        """
        try:
            index = self.labels.index(label)
        except ValueError:
            raise ValidationError(
                f"no bucket {shown(label)}; the buckets are {self.labels}"
            ) from None
        if index == 0:
            return (None, 0)
        low = 1 if index == 1 else self.edges[index - 2] + 1
        high = self.edges[index - 1] if index - 1 < len(self.edges) else None
        return (low, high)

    def __len__(self) -> int:
        return len(self.labels)
