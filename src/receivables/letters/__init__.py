"""Dunning letters: a :class:`~receivables.dunning.DunningNotice` as the text and HTML of a letter
in the customer's language.

Needs the optional extra ``receivables[letters]`` (Jinja2). Templates are Jinja2 source passed as
strings; the library ships a set for English, German, French and Spanish (reminder, final
notice, demand letter with the statutory claim itemised), loaded on first use, and a caller may
pass their own. Money, dates and rates are formatted by babel for the letter's locale (the
``money``, ``date`` and ``percent`` filters). Rendering is pure: a notice and a template in, a
string out; templates run in Jinja2's immutable sandbox, with HTML autoescaped.

Examples:
    >>> import datetime as dt
    >>> from receivables import Customer, Invoice, Money
    >>> from receivables.dunning import Action, DunningLevel, DunningPolicy, run_dunning
    >>> inv = Invoice("RE-1042", "C-7", dt.date(2026, 1, 5), Money("1190.00", "EUR"),
    ...               due_date=dt.date(2026, 2, 4))
    >>> notice = run_dunning(DunningPolicy([DunningLevel(1, 1, Action.REMINDER)]), [inv],
    ...                      as_of=dt.date(2026, 2, 16)).notices[0]
    >>> letter = render_letter(notice, creditor=Creditor("Beispiel GmbH"),
    ...                        customer=Customer("C-7", "Muster AG", "EUR", locale="de_DE"))
    >>> letter.subject
    'Zahlungserinnerung'
    >>> "1.190,00\\xa0€" in letter.text, "2. März 2026" in letter.text
    (True, True)
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs
import babel
import babel.dates
import babel.numbers

from receivables._decimal import in_context
from receivables._text import shown
from receivables.convert import DataForm, DictForm
from receivables.documents import Customer
from receivables.dunning.interest import (
    LatePaymentClaim,
    ReferenceRate,
    ReferenceRates,
    ReferenceRateSource,
    late_payment_claim,
)
from receivables.dunning.policy import Action
from receivables.dunning.regimes import Regime
from receivables.dunning.run import DunningNotice, NoticeLine
from receivables.errors import InvalidTypeError, LetterError
from receivables.money import Money

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "SHIPPED_LANGUAGES",
    "ClaimLine",
    "Creditor",
    "Letter",
    "LetterTemplate",
    "render_letter",
    "render_template",
    "shipped_templates",
    "template_key",
]

SHIPPED_LANGUAGES: Final = ("de", "en", "es", "fr")
"""The languages the shipped templates are written in."""

MAX_TEMPLATE_CHARS: Final = 200_000
"""The longest template source accepted (Jinja2 parses in time linear in its length)."""

_KEYS_BY_ACTION: Final = {
    Action.REMINDER: "reminder",
    Action.CALL: "reminder",
    Action.FINAL_NOTICE: "final_notice",
    Action.CREDIT_HOLD: "final_notice",
    Action.DEMAND_LETTER: "demand_letter",
    Action.AGENCY_REFERRAL: "demand_letter",
    Action.LEGAL: "demand_letter",
}


def _text(limit: int) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise InvalidTypeError(f"{attribute.name} must be a str, not {shown(value)}")
        if len(value) > limit:
            raise LetterError(f"{attribute.name} is {len(value)} characters, more than {limit}")

    return check


def _lines(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    lines = tuple(value)
    for line in lines:
        if not isinstance(line, str):
            raise InvalidTypeError(f"address lines must be str, got {shown(line)}")
    return lines


@attrs.frozen
class Creditor(DataForm):
    """Who writes the letter: the name, address lines and the details a customer pays to.

    Examples:
        >>> Creditor("Beispiel GmbH", ["Hauptstr. 1", "10115 Berlin"],
        ...          iban="DE89 3704 0044 0532 0130 00").address
        ('Hauptstr. 1', '10115 Berlin')
    """

    name: str = attrs.field(validator=_text(500))
    address: tuple[str, ...] = attrs.field(default=(), converter=_lines)
    email: str = attrs.field(default="", validator=_text(500))
    phone: str = attrs.field(default="", validator=_text(100))
    iban: str = attrs.field(default="", validator=_text(100))
    bic: str = attrs.field(default="", validator=_text(100))


@attrs.frozen
class LetterTemplate(DataForm):
    """The Jinja2 source of one letter: its subject line, its plain text and its HTML.

    The templates see ``notice`` (the :class:`~receivables.dunning.DunningNotice`), ``customer``
    (the :class:`~receivables.Customer`, or ``None``), ``customer_name``, ``creditor``
    (:class:`Creditor`), ``claims`` (the :class:`ClaimLine` of each item, empty unless a regime
    was given), ``statutory_interest``, ``fixed_compensation``, ``grand_total`` and ``locale``,
    and the filters ``money``, ``date`` (``"long"`` by default, or ``"short"``, ``"medium"``,
    ``"full"``) and ``percent``.

    Examples:
        >>> LetterTemplate("Reminder", "Dear {{ customer_name }}", "<p>{{ customer_name }}</p>"
        ...                ).subject
        'Reminder'
    """

    subject: str = attrs.field(validator=_text(MAX_TEMPLATE_CHARS))
    text: str = attrs.field(validator=_text(MAX_TEMPLATE_CHARS))
    html: str = attrs.field(validator=_text(MAX_TEMPLATE_CHARS))


@attrs.frozen
class ClaimLine(DictForm):
    """An item of a notice with the statutory claim on it (what a demand letter itemises).

    Examples:
        >>> import datetime as dt
        >>> from receivables import Money
        >>> from receivables.dunning import ReferenceRate, Regime, late_payment_claim
        >>> claim = late_payment_claim(Money("100.00", "EUR"), dt.date(2026, 1, 31),
        ...                            dt.date(2026, 3, 2), regime=Regime.DE_BGB_288,
        ...                            reference_rates=[ReferenceRate(dt.date(2026, 1, 1), "0.02")])
        >>> ClaimLine("RE-1", claim).claim.total
        Money('40.90', 'EUR')
    """

    document_id: str
    claim: LatePaymentClaim


@attrs.frozen
class Letter(DictForm):
    """A rendered letter: the subject line, the plain text and the HTML, with the template key
    and locale they were written with.

    Examples:
        >>> Letter("C-1", "reminder", "en", "Reminder", "Dear Acme", "<p>Dear Acme</p>").key
        'reminder'
    """

    customer_id: str
    key: str
    locale: str
    subject: str
    text: str
    html: str


def template_key(notice: DunningNotice) -> str:
    """The key of the template a notice is written with: its level's ``template`` if set, else
    ``"reminder"``, ``"final_notice"`` or ``"demand_letter"`` by the level's action (a call
    level writes a reminder, a credit hold a final notice, legal action and an agency referral a
    demand letter).

    Examples:
        >>> from receivables.dunning import Action, DunningLevel
        >>> import datetime as dt
        >>> from receivables import Currency, Money
        >>> from receivables.dunning import DunningNotice
        >>> notice = DunningNotice("C-1", Currency("EUR"), dt.date(2026, 3, 1),
        ...                        DunningLevel(3, 60, Action.LEGAL), (), Money("0", "EUR"),
        ...                        Money("0", "EUR"), ())
        >>> template_key(notice)
        'demand_letter'
    """
    if not isinstance(notice, DunningNotice):
        raise InvalidTypeError(f"notice must be a DunningNotice, not {shown(notice)}")
    return notice.level.template or _KEYS_BY_ACTION[notice.level.action]


@functools.cache
def _shipped(language: str) -> dict[str, LetterTemplate]:
    source = (
        importlib.resources.files("receivables.letters")
        .joinpath("templates", f"{language}.toml")
        .read_text(encoding="utf-8")
    )
    return {key: LetterTemplate(**parts) for key, parts in tomllib.loads(source).items()}


def shipped_templates(language: str) -> dict[str, LetterTemplate]:
    """The templates the library ships for ``language`` (one of :data:`SHIPPED_LANGUAGES`),
    by key: ``reminder``, ``final_notice`` and ``demand_letter``. Read from the package on
    first use.

    Examples:
        >>> sorted(shipped_templates("fr"))
        ['demand_letter', 'final_notice', 'reminder']
    """
    if not isinstance(language, str):
        raise InvalidTypeError(f"language must be a str, not {shown(language)}")
    if language not in SHIPPED_LANGUAGES:
        raise LetterError(
            f"no templates ship for language {shown(language)}; the shipped languages are "
            f"{', '.join(SHIPPED_LANGUAGES)} (pass templates of your own for others)"
        )
    return dict(_shipped(language))


def _locale(value: object) -> babel.Locale:
    if not isinstance(value, str):
        raise InvalidTypeError(f"locale must be a str, not {shown(value)}")
    if len(value) > 35:
        raise LetterError(f"locale must be a locale identifier such as 'de_DE', got {shown(value)}")
    try:
        return babel.Locale.parse(value.replace("-", "_"))
    except (ValueError, TypeError, babel.UnknownLocaleError) as error:
        raise LetterError(f"babel does not know the locale {shown(value)}: {error}") from None


def _money(context: Any, value: object) -> str:
    if not isinstance(value, Money):
        raise LetterError(f"the money filter formats Money, not {shown(value)}")
    return str(
        babel.numbers.format_currency(value.amount, value.currency.code, locale=context["_locale"])
    )


def _date(context: Any, value: object, form: str = "long") -> str:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise LetterError(f"the date filter formats a datetime.date, not {shown(value)}")
    if form not in ("short", "medium", "long", "full"):
        raise LetterError(f"the date filter takes short, medium, long or full, not {shown(form)}")
    return str(babel.dates.format_date(value, format=form, locale=context["_locale"]))


def _percent(context: Any, value: object) -> str:
    if not isinstance(value, Decimal | int):
        raise LetterError(f"the percent filter formats a Decimal rate, not {shown(value)}")
    return str(
        babel.numbers.format_percent(value, locale=context["_locale"], decimal_quantization=False)
    )


def _jinja() -> Any:
    try:
        import jinja2
        import jinja2.sandbox
    except ImportError:  # pragma: no cover - the dev extra installs it
        raise LetterError(
            "letters need Jinja2: install the extra with pip install 'receivables[letters]'"
        ) from None
    return jinja2


@functools.cache
def _environment(html: bool) -> jinja2.Environment:
    jinja2 = _jinja()
    environment = jinja2.sandbox.ImmutableSandboxedEnvironment(
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["money"] = jinja2.pass_context(_money)
    environment.filters["date"] = jinja2.pass_context(_date)
    environment.filters["percent"] = jinja2.pass_context(_percent)
    return environment  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=256)
def _compiled(source: str, html: bool) -> jinja2.Template:
    jinja2 = _jinja()
    try:
        return _environment(html).from_string(source)
    except jinja2.TemplateSyntaxError as error:
        raise LetterError(f"the template does not parse, line {error.lineno}: {error}") from None
    except jinja2.TemplateError as error:
        raise LetterError(f"the template does not compile: {error}") from None
    except RecursionError:
        raise LetterError("the template nests too deeply to compile") from None


def _claims(
    notice: DunningNotice,
    regime: Regime | None,
    reference_rates: Iterable[ReferenceRate] | ReferenceRateSource | None,
) -> tuple[ClaimLine, ...]:
    if regime is None:
        if reference_rates is not None:
            raise LetterError("reference_rates were given without a regime to apply them under")
        return ()
    if reference_rates is None:
        raise LetterError(f"a {regime.value} claim needs the reference_rates")
    if notice.interest.is_positive:
        raise LetterError(
            f"the notice already charges {notice.interest} interest at the policy's or the "
            "customer's rate: a letter claims that or statutory interest, not both"
        )
    source: ReferenceRateSource = (
        reference_rates
        if isinstance(reference_rates, ReferenceRateSource)
        else ReferenceRates(reference_rates)
    )
    return tuple(
        ClaimLine(
            line.document_id,
            late_payment_claim(
                line.open_amount,
                line.due_date,
                notice.as_of,
                regime=regime,
                reference_rates=source,
            ),
        )
        for line in notice.items
        if _claimable(line, notice)
    )


def _claimable(line: NoticeLine, notice: DunningNotice) -> bool:
    return line.due_date < notice.as_of and line.open_amount.is_positive


def _context(
    notice: DunningNotice,
    creditor: Creditor,
    customer: Customer | None,
    locale: babel.Locale,
    claims: tuple[ClaimLine, ...],
) -> dict[str, Any]:
    currency = notice.currency
    interest = Money.total((c.claim.interest for c in claims), currency)
    fixed = Money.total((c.claim.fixed_compensation for c in claims), currency)
    return {
        "notice": notice,
        "customer": customer,
        "customer_name": customer.name if customer is not None else notice.customer_id,
        "creditor": creditor,
        "claims": claims,
        "statutory_interest": interest,
        "fixed_compensation": fixed,
        "grand_total": notice.total_due + interest + fixed,
        "locale": str(locale),
        "_locale": locale,
    }


def _check(
    notice: object, creditor: object, customer: object
) -> tuple[DunningNotice, Creditor, Customer | None]:
    if not isinstance(notice, DunningNotice):
        raise InvalidTypeError(f"notice must be a DunningNotice, not {shown(notice)}")
    if not isinstance(creditor, Creditor):
        raise InvalidTypeError(f"creditor must be a Creditor, not {shown(creditor)}")
    if customer is not None:
        if not isinstance(customer, Customer):
            raise InvalidTypeError(f"customer must be a Customer or None, not {shown(customer)}")
        if customer.id != notice.customer_id:
            raise LetterError(
                f"the notice is for customer {notice.customer_id!r}, the customer given is "
                f"{customer.id!r}"
            )
    return notice, creditor, customer


def _render(source: str, html: bool, context: Mapping[str, Any]) -> str:
    if not isinstance(source, str):
        raise InvalidTypeError(f"a template must be a str, not {shown(source)}")
    if len(source) > MAX_TEMPLATE_CHARS:
        raise LetterError(
            f"the template is {len(source)} characters, more than {MAX_TEMPLATE_CHARS}"
        )
    jinja2 = _jinja()
    try:
        return str(_compiled(source, html).render(context))
    except LetterError:
        raise
    except jinja2.UndefinedError as error:
        raise LetterError(f"the template uses a name the letter does not have: {error}") from None
    except jinja2.sandbox.SecurityError as error:
        raise LetterError(f"the template does something the sandbox forbids: {error}") from None
    except jinja2.TemplateError as error:
        raise LetterError(f"the template failed: {error}") from None
    except RecursionError:
        raise LetterError("the template recurses too deeply") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as error:
        raise LetterError(f"the template failed: {type(error).__name__}: {error}") from None


@in_context
def render_template(
    source: str,
    notice: DunningNotice,
    *,
    creditor: Creditor,
    customer: Customer | None = None,
    locale: str = "en",
    html: bool = False,
    regime: Regime | None = None,
    reference_rates: Iterable[ReferenceRate] | ReferenceRateSource | None = None,
) -> str:
    """One template (Jinja2 source) rendered for a notice: the pure step under
    :func:`render_letter`. ``html=True`` escapes every value the template prints.

    Given a ``regime`` and its ``reference_rates``, the statutory claim on each overdue item is
    computed (:func:`~receivables.dunning.late_payment_claim` from the item's due date to the
    notice's date) and offered to the template as ``claims``; a notice that already charges
    interest cannot also claim statutory interest.

    Examples:
        >>> import datetime as dt
        >>> from receivables import Currency, Money
        >>> from receivables.dunning import Action, DunningLevel, DunningNotice
        >>> notice = DunningNotice("C-1", Currency("EUR"), dt.date(2026, 3, 1),
        ...                        DunningLevel(1, 1, Action.REMINDER), (), Money("5", "EUR"),
        ...                        Money("0", "EUR"), ())
        >>> render_template("{{ customer_name }}: {{ notice.fees | money }}", notice,
        ...                 creditor=Creditor("Acme"), locale="fr_FR")
        'C-1: 5,00\\xa0€'
        >>> render_template("<p>{{ customer_name }}</p>", notice, creditor=Creditor("Acme"),
        ...                 customer=Customer("C-1", "<b>Bold & Co</b>", "EUR"), html=True)
        '<p>&lt;b&gt;Bold &amp; Co&lt;/b&gt;</p>'
    """
    notice, creditor, customer = _check(notice, creditor, customer)
    if type(html) is not bool:
        raise InvalidTypeError(f"html must be a bool, not {shown(html)}")
    context = _context(
        notice, creditor, customer, _locale(locale), _claims(notice, regime, reference_rates)
    )
    return _render(source, html, context)


@in_context
def render_letter(
    notice: DunningNotice,
    *,
    creditor: Creditor,
    customer: Customer | None = None,
    locale: str | None = None,
    templates: Mapping[str, LetterTemplate] | None = None,
    regime: Regime | None = None,
    reference_rates: Iterable[ReferenceRate] | ReferenceRateSource | None = None,
) -> Letter:
    """A notice as a letter: subject, text and HTML, in the customer's language.

    The locale is ``locale`` if given, else the customer's (``Customer.locale``), else English.
    The template is ``templates[template_key(notice)]`` when ``templates`` are given, else the
    shipped one for the locale's language. ``regime`` and ``reference_rates`` add the statutory
    claim per item, as :func:`render_template` says (the shipped demand letters itemise it).

    Examples:
        >>> import datetime as dt
        >>> from receivables import Invoice, Money
        >>> from receivables.dunning import (Action, DunningLevel, DunningPolicy, ReferenceRate,
        ...                                  Regime, run_dunning)
        >>> inv = Invoice("F-77", "C-9", dt.date(2025, 5, 1), Money("2400.00", "EUR"),
        ...               due_date=dt.date(2025, 5, 31))
        >>> notice = run_dunning(DunningPolicy([DunningLevel(1, 1, Action.DEMAND_LETTER)]),
        ...                      [inv], as_of=dt.date(2025, 8, 31)).notices[0]
        >>> letter = render_letter(notice, creditor=Creditor("Exemple SARL"), locale="fr_FR",
        ...                        regime=Regime.FR_CODE_DE_COMMERCE_L441_10,
        ...                        reference_rates=[ReferenceRate(dt.date(2024, 12, 18), "0.0315"),
        ...                                         ReferenceRate(dt.date(2025, 6, 11), "0.0215")])
        >>> letter.subject
        'Mise en demeure de payer'
        >>> "75,47\\xa0€" in letter.text  # 2,400 at 13.15% for 30 days, 12.15% for 62
        True
    """
    notice, creditor, customer = _check(notice, creditor, customer)
    if locale is None:
        locale = customer.locale if customer is not None and customer.locale else "en"
    parsed = _locale(locale)
    key = template_key(notice)
    if templates is None:
        chosen = shipped_templates(parsed.language).get(key)
        if chosen is None:
            raise LetterError(
                f"no shipped {parsed.language} template for level {notice.level.number}'s key "
                f"{key!r}: the shipped keys are demand_letter, final_notice and reminder"
            )
    else:
        if not isinstance(templates, Mapping):
            raise InvalidTypeError(f"templates must be a mapping, not {shown(templates)}")
        chosen = templates.get(key)
        if not isinstance(chosen, LetterTemplate):
            raise LetterError(
                f"templates have no LetterTemplate for key {key!r} (level "
                f"{notice.level.number}); they have {', '.join(sorted(map(repr, templates)))}"
            )
    context = _context(notice, creditor, customer, parsed, _claims(notice, regime, reference_rates))
    return Letter(
        notice.customer_id,
        key,
        str(parsed),
        " ".join(_render(chosen.subject, False, context).split()),
        _render(chosen.text, False, context),
        _render(chosen.html, True, context),
    )
