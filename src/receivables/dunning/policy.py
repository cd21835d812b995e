"""Dunning policies: levels, fees, grace, intervals, and which customers each policy covers."""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from receivables._decimal import CONTEXT
from receivables._text import shown
from receivables._validate import (
    all_of,
    amount_in,
    days_field,
    exact_number,
    fraction_field,
    int_field,
    pairs_of,
    rate_field,
    require_decimal_in,
    values_of,
)
from receivables.calendar import DayCount
from receivables.convert import DataForm, PolicyData
from receivables.documents import Customer
from receivables.errors import InvalidPolicyError, InvalidTypeError
from receivables.money import Currency, Money, trusted_money

__all__ = [
    "Action",
    "CreditHandling",
    "DunningLevel",
    "DunningPolicy",
    "DunningScope",
    "EscalationMode",
    "Fee",
    "FirstRun",
    "PolicyAssignment",
]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
MAX_LEVELS: Final = 100
"""A dunning procedure has at most 100 levels (level numbers run from 1 to 100)."""
MAX_DAYS_BEFORE_DUE: Final = 366
"""A pre-due level (negative ``days_overdue``) reaches at most a year before the due date."""
MAX_ANNUAL_INTEREST_RATE: Final = Decimal(10)
"""The highest ``annual_interest_rate`` a policy takes: 10, that is 1000% a year. Statutory
late-payment rates are far below (EU Directive 2011/7/EU: reference rate + 8 points); the
bound leaves room for contractual rates while keeping interest arithmetic far from overflow."""


class Action(enum.Enum):
    """What a dunning level does.

    Examples:
        >>> Action("demand_letter")
        <Action.DEMAND_LETTER: 'demand_letter'>
    """

    REMINDER = "reminder"
    FINAL_NOTICE = "final_notice"
    DEMAND_LETTER = "demand_letter"
    CALL = "call"
    CREDIT_HOLD = "credit_hold"
    AGENCY_REFERRAL = "agency_referral"
    LEGAL = "legal"


class EscalationMode(enum.Enum):
    """Whether one notice escalates all of an account's items, or each item keeps its own level.

    Examples:
        >>> EscalationMode.ACCOUNT.value
        'account'
    """

    ACCOUNT = "account"
    """The account has one level; every overdue item goes on the notice at that level. The
    default, as Odoo follow-ups and most collection teams work."""
    ITEM = "item"
    """Each item climbs its own levels (as SAP's dunning keeps a level per item); the notice
    goes out at the highest item level and lists each item with its own."""


class DunningScope(enum.Enum):
    """What a level and its interval belong to: the customer, or the customer in one currency.

    Notices are always per customer and currency (amounts in different currencies are never
    added up); the scope decides whether a customer owing in two currencies climbs one ladder
    (``CUSTOMER``, the default) or one ladder per currency (``CURRENCY``).

    Examples:
        >>> DunningScope("currency")
        <DunningScope.CURRENCY: 'currency'>
    """

    CUSTOMER = "customer"
    CURRENCY = "currency"


class CreditHandling(enum.Enum):
    """What a notice does with the account's open credits (credit memos, payments on account).

    Examples:
        >>> CreditHandling("list")
        <CreditHandling.LIST: 'list'>
    """

    NET = "net"
    """Listed on the notice and deducted from the amount demanded; an account whose credits
    cover its overdue items gets no demand (``dunning.credits_cover``). The default."""
    LIST = "list"
    """Listed on the notice for the customer to deduct; the overdue items are asked for in
    full."""
    IGNORE = "ignore"
    """Neither listed nor deducted (the behaviour before credits were considered)."""


class FirstRun(enum.Enum):
    """Where an account with no dunning history starts.

    Examples:
        >>> FirstRun("by_age")
        <FirstRun.BY_AGE: 'by_age'>
    """

    FROM_FIRST = "from_first"
    """At the first level, however old its debt: the customer sees every step. The default."""
    BY_AGE = "by_age"
    """At the level the age of its oldest dunnable item warrants, as on the first run over a
    ledger migrated from another system. Accounts with history still climb one step at a
    time."""


def _member(kind: type[enum.Enum], name: str, value: object) -> Any:
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        for member in kind:
            if member.value == value:
                return member
    choices = ", ".join(repr(member.value) for member in kind)
    raise InvalidPolicyError(f"{name} must be one of {choices}, got {shown(value)}")


def _credit_handling(value: CreditHandling | str) -> CreditHandling:
    found: CreditHandling = _member(CreditHandling, "credits", value)
    return found


def _first_run(value: FirstRun | str) -> FirstRun:
    found: FirstRun = _member(FirstRun, "first_run", value)
    return found


def _reliable_payer(value: Decimal | int | str | None) -> Decimal | None:
    if value is None:
        return None
    chance = require_decimal_in(exact_number(value), "reliable_payer_probability", 0, 1)
    if not chance:
        raise InvalidPolicyError("reliable_payer_probability must be above 0 (or None), got 0")
    return chance


def _money_tuple(value: Any) -> tuple[Money, ...]:
    items = values_of(value, "amounts per currency")
    seen: set[Currency] = set()
    for item in items:
        if not isinstance(item, Money):
            raise InvalidTypeError(f"expected Money per currency, got {type(item).__name__}")
        if item.currency in seen:
            raise InvalidPolicyError(f"two amounts given for {item.currency}")
        if item.is_negative:
            raise InvalidPolicyError(f"amounts must not be negative, got {item}")
        seen.add(item.currency)
    return items


@attrs.frozen
class Fee(DataForm):
    """A dunning charge: fixed amounts per currency, or a rate of the overdue amount with caps.

    ``fixed`` holds one amount per currency; ``rate`` (a fraction) applies to the overdue amount,
    limited by the ``cap`` for the currency if one is given. A currency with neither a fixed
    amount nor a rate is charged nothing.

    Examples:
        >>> fee = Fee(fixed=[Money("15.00", "EUR"), Money("20.00", "USD")])
        >>> fee.amount_for(Money("900.00", "USD"))
        Money('20.00', 'USD')
        >>> Fee(rate="0.02", cap=[Money("50", "USD")]).amount_for(Money("5000.00", "USD"))
        Money('50.00', 'USD')
    """

    fixed: tuple[Money, ...] = attrs.field(default=(), converter=_money_tuple)
    rate: Decimal = attrs.field(default=_ZERO, converter=exact_number, validator=fraction_field)
    cap: tuple[Money, ...] = attrs.field(default=(), converter=_money_tuple)

    def amount_for(self, overdue: Money) -> Money:
        """The fee on ``overdue`` (never negative), rounded to the currency's minor units.

        Examples:
            >>> Fee(rate="0.01").amount_for(Money("2500", "GBP"))
            Money('25.00', 'GBP')
        """
        currency = overdue.currency
        fixed = amount_in(self.fixed, currency)
        if fixed is not None:
            return fixed.round()
        charge = trusted_money(CONTEXT.multiply(max(overdue.amount, _ZERO), self.rate), currency)
        cap = amount_in(self.cap, currency)
        if cap is not None and charge > cap:
            charge = cap
        return charge.round()


@attrs.frozen
class DunningLevel(DataForm):
    """One step of a dunning procedure.

    Reached when the oldest dunnable item is ``days_overdue`` days past due. ``minimum_overdue``
    gives, per currency, the least overdue amount worth a notice at this level; ``fee`` what the
    level charges; ``charge_interest`` whether late-payment interest is added; ``template`` the
    key of the letter the caller renders; ``days_to_pay`` the days the notice gives to pay (its
    ``pay_by`` date, rolled to a business day when the run has a calendar).

    A negative ``days_overdue`` makes a pre-due level: a friendly reminder that many days before
    the due date (``-5``: five days before), sent once per item. Pre-due levels come first,
    charge neither fees nor interest, and stand outside the ladder of overdue levels.

    Examples:
        >>> level = DunningLevel(1, 1, Action.REMINDER, template="friendly")
        >>> level.number, level.action
        (1, <Action.REMINDER: 'reminder'>)
    """

    number: int = attrs.field(validator=int_field(1, MAX_LEVELS))
    days_overdue: int = attrs.field(validator=days_field(-MAX_DAYS_BEFORE_DUE))
    action: Action
    minimum_overdue: tuple[Money, ...] = attrs.field(default=(), converter=_money_tuple)
    fee: Fee = Fee()
    charge_interest: bool = False
    template: str = ""
    days_to_pay: int = attrs.field(default=14, validator=days_field())

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.action, Action):
            raise InvalidTypeError(f"level {self.number} action must be an Action")
        if not isinstance(self.fee, Fee):
            raise InvalidTypeError(f"level {self.number} fee must be a Fee")
        if self.is_pre_due and (self.charge_interest or self.fee != Fee()):
            raise InvalidPolicyError(
                f"level {self.number} comes {-self.days_overdue} days before the due date: "
                "nothing is late yet, so it can charge neither a fee nor interest"
            )

    @property
    def is_pre_due(self) -> bool:
        """Whether the level is a reminder before the due date (negative ``days_overdue``).

        Examples:
            >>> DunningLevel(1, -5, Action.REMINDER).is_pre_due
            True
        """
        return self.days_overdue < 0

    def minimum_for(self, currency: Currency) -> Money:
        """The minimum overdue amount in ``currency`` (zero when none is set).

        Examples:
            >>> DunningLevel(1, 1, Action.REMINDER, minimum_overdue=[Money("25", "USD")]
            ...              ).minimum_for(Currency("USD"))
            Money('25', 'USD')
        """
        found = amount_in(self.minimum_overdue, currency)
        return found if found is not None else Money.zero(currency)


def _level_tuple(value: Iterable[DunningLevel]) -> tuple[DunningLevel, ...]:
    return all_of(DunningLevel, "levels", values_of(value, "levels"))


@attrs.frozen
class DunningPolicy(PolicyData):
    """A dunning procedure: ordered levels, grace days, the interval between notices, and how
    levels escalate.

    * ``grace_days``: an item is dunnable only when more than this many days past due.
    * ``interval_days``: the least number of days between two notices in the same scope; a
      level is never repeated, nor the next one reached, sooner.
    * ``escalation``: :class:`EscalationMode` (default ``ACCOUNT``).
    * ``scope``: :class:`DunningScope` (default ``CUSTOMER``).
    * ``skip_levels``: when true a run may jump straight to the level the days overdue reach;
      by default it climbs one level per notice.
    * ``annual_interest_rate`` and ``day_count``: late-payment interest on levels that charge it,
      simple interest from each item's due date.
    * ``credits``: :class:`CreditHandling` (default ``NET``): open credits listed on the notice
      and deducted from the amount demanded, listed only, or ignored.
    * ``first_run``: :class:`FirstRun` (default ``FROM_FIRST``): where an account with no
      history starts.
    * ``reliable_payer_probability`` (default ``None``: never): given a payment behaviour
      (``run_dunning(..., behaviour=...)``), a customer whose chance of paying within
      ``grace_days`` of the due date is at least this is spared its first reminder (a first
      overdue level whose action is ``REMINDER``, not yet sent) while its oldest item has not
      reached the next level (``dunning.reliable_payer``). A fraction above 0, at most 1.

    Ranges (refused at construction): days fields from 0 to 36,600 (a century), level numbers
    1 to 100, ``annual_interest_rate`` from 0 to 10 (1000%); nonzero numbers at least 1E-12.

    Policies load from plain dicts and dump to them (:meth:`from_dict`, :meth:`to_dict`).

    Examples:
        >>> policy = DunningPolicy.from_dict({
        ...     "levels": [
        ...         {"number": 1, "days_overdue": 1, "action": "reminder"},
        ...         {"number": 2, "days_overdue": 15, "action": "final_notice",
        ...          "fee": {"fixed": ["10.00 USD"]}},
        ...         {"number": 3, "days_overdue": 45, "action": "demand_letter",
        ...          "charge_interest": True},
        ...     ],
        ...     "grace_days": 3,
        ...     "interval_days": 14,
        ...     "annual_interest_rate": "0.08",
        ... })
        >>> [level.action.value for level in policy.levels]
        ['reminder', 'final_notice', 'demand_letter']
        >>> DunningPolicy.from_dict(policy.to_dict()) == policy
        True
    """

    levels: tuple[DunningLevel, ...] = attrs.field(converter=_level_tuple)
    grace_days: int = attrs.field(default=0, validator=days_field())
    interval_days: int = attrs.field(default=14, validator=days_field())
    escalation: EscalationMode = EscalationMode.ACCOUNT
    scope: DunningScope = DunningScope.CUSTOMER
    skip_levels: bool = False
    annual_interest_rate: Decimal = attrs.field(
        default=_ZERO, converter=exact_number, validator=rate_field(high=MAX_ANNUAL_INTEREST_RATE)
    )
    day_count: DayCount = DayCount.ACT_365_FIXED
    name: str = ""
    credits: CreditHandling = attrs.field(default=CreditHandling.NET, converter=_credit_handling)
    first_run: FirstRun = attrs.field(default=FirstRun.FROM_FIRST, converter=_first_run)
    reliable_payer_probability: Decimal | None = attrs.field(
        default=None, converter=_reliable_payer
    )

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise InvalidPolicyError("a dunning policy needs at least one level")
        for index, level in enumerate(all_of(DunningLevel, "levels", self.levels), start=1):
            if level.number != index:
                raise InvalidPolicyError(
                    f"levels must be numbered 1, 2, 3, ... in order; found {level.number} "
                    f"in position {index}"
                )
        for earlier, later in itertools.pairwise(self.levels):
            if later.days_overdue <= earlier.days_overdue:
                raise InvalidPolicyError(
                    f"level {later.number} must need more days overdue than level "
                    f"{earlier.number} ({later.days_overdue} <= {earlier.days_overdue})"
                )
        if not isinstance(self.escalation, EscalationMode):
            raise InvalidTypeError("escalation must be an EscalationMode")
        if not isinstance(self.scope, DunningScope):
            raise InvalidTypeError("scope must be a DunningScope")
        if not isinstance(self.day_count, DayCount):
            raise InvalidTypeError("day_count must be a DayCount")

    def level(self, number: int) -> DunningLevel:
        """The level numbered ``number``.

        Examples:
            >>> DunningPolicy([DunningLevel(1, 1, Action.REMINDER)]).level(1).action
            <Action.REMINDER: 'reminder'>
        """
        if type(number) is not int or not 1 <= number <= len(self.levels):
            raise InvalidPolicyError(
                f"the policy has levels 1 to {len(self.levels)}, not {shown(number)}"
            )
        return self.levels[number - 1]

    @property
    def pre_due_levels(self) -> int:
        """How many levels come before the due date (they are the first ones).

        Examples:
            >>> DunningPolicy([DunningLevel(1, -5, Action.REMINDER),
            ...                DunningLevel(2, 1, Action.REMINDER)]).pre_due_levels
            1
        """
        return sum(1 for level in self.levels if level.is_pre_due)

    def level_for_days(self, days_overdue: int) -> int:
        """The highest level number whose threshold ``days_overdue`` reaches (0 for none).

        Examples:
            >>> policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER),
            ...                         DunningLevel(2, 30, Action.FINAL_NOTICE)])
            >>> policy.level_for_days(45)
            2
        """
        reached = 0
        for level in self.levels:
            if days_overdue >= level.days_overdue:
                reached = level.number
        return reached


def _policy_pairs(
    value: Mapping[str, DunningPolicy] | Iterable[tuple[str, DunningPolicy]],
) -> tuple[tuple[str, DunningPolicy], ...]:
    pairs = pairs_of(value, "policies")
    for key, _ in pairs:
        if not isinstance(key, str):
            raise InvalidTypeError(f"policies are keyed by str, got {shown(key)}")
    return tuple(sorted(pairs, key=lambda pair: pair[0]))


@attrs.frozen
class PolicyAssignment(DataForm):
    """Which policy each customer gets, by a customer attribute.

    ``attribute`` names a :class:`~receivables.Customer` field (``"risk_class"``,
    ``"segment"``, ``"region"``, ...); ``policies`` maps its values to policies; customers whose
    value is not listed (or who are unknown) get ``default``.

    Examples:
        >>> gentle = DunningPolicy([DunningLevel(1, 10, Action.REMINDER)], name="gentle")
        >>> firm = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)], name="firm")
        >>> assignment = PolicyAssignment("risk_class", {"D": firm}, default=gentle)
        >>> assignment.policy_for(Customer("C-1", "Acme", "USD", risk_class="D")).name
        'firm'
        >>> assignment.policy_for(None).name
        'gentle'
    """

    attribute: str
    policies: tuple[tuple[str, DunningPolicy], ...] = attrs.field(converter=_policy_pairs)
    default: DunningPolicy

    def __attrs_post_init__(self) -> None:
        if self.attribute not in attrs.fields_dict(Customer):
            raise InvalidPolicyError(f"customers have no attribute {shown(self.attribute)}")
        for key, policy in self.policies:
            if not isinstance(policy, DunningPolicy):
                raise InvalidTypeError(f"policy for {shown(key)} must be a DunningPolicy")
        if not isinstance(self.default, DunningPolicy):
            raise InvalidTypeError("default must be a DunningPolicy")

    def policy_for(self, customer: Customer | None) -> DunningPolicy:
        """The policy for ``customer`` (the default for ``None``).

        Examples:
            >>> p = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)])
            >>> PolicyAssignment("segment", {}, default=p).policy_for(None) is p
            True
        """
        if customer is None:
            return self.default
        value = getattr(customer, self.attribute)
        for key, policy in self.policies:
            if key == value:
                return policy
        return self.default
