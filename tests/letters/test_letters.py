"""Letters: notices rendered through the shipped and the caller's templates, in four languages."""

from __future__ import annotations

import datetime as dt
import re

import babel
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables import (
    CreditMemo,
    Customer,
    InvalidTypeError,
    Invoice,
    LetterError,
    Money,
    OpenItem,
)
from receivables.dunning import (
    Action,
    DunningLevel,
    DunningNotice,
    DunningPolicy,
    Fee,
    NoticeRecord,
    ReferenceRate,
    Regime,
    run_dunning,
    statutory_claims,
)
from receivables.letters import (
    SHIPPED_LANGUAGES,
    Creditor,
    Letter,
    LetterTemplate,
    _money,
    render_letter,
    render_template,
    shipped_templates,
    template_key,
)
from receivables.samples import sample_portfolio

D = dt.date
ECB = (
    ReferenceRate(D(2024, 12, 18), "0.0315"),
    ReferenceRate(D(2025, 6, 11), "0.0215"),
)
CREDITOR = Creditor("Beispiel GmbH", ["Hauptstr. 1", "10115 Berlin"], iban="DE89370400440532013000")
ACTIONS = {
    "reminder": Action.REMINDER,
    "final_notice": Action.FINAL_NOTICE,
    "demand_letter": Action.DEMAND_LETTER,
}


def _notice(
    action: Action = Action.REMINDER,
    *,
    customer: str = "C-7",
    fee: str | None = "5.00",
    history: bool = True,
    interest: bool = False,
) -> DunningNotice:
    items: list[OpenItem] = [
        Invoice(
            "RE-1042", customer, D(2025, 5, 1), Money("1190.00", "EUR"), due_date=D(2025, 5, 31)
        ),
        Invoice(
            "RE-1043", customer, D(2025, 6, 1), Money("12000.00", "EUR"), due_date=D(2025, 6, 30)
        ),
        CreditMemo("GS-9", customer, D(2025, 7, 1), Money("190.00", "EUR")),
    ]
    level = DunningLevel(
        2,
        30,
        action,
        fee=Fee(fixed=[Money(fee, "EUR")]) if fee else Fee(),
        charge_interest=interest,
    )
    policy = DunningPolicy(
        [DunningLevel(1, 1, Action.REMINDER), level],
        annual_interest_rate="0.08" if interest else "0",
        first_run="by_age",
    )
    records = [NoticeRecord(customer, 1, D(2025, 7, 15), "EUR")] if history else []
    return run_dunning(policy, items, as_of=D(2025, 8, 31), history=records).notices[0]


class TestShippedTemplates:
    @pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
    @pytest.mark.parametrize("key", sorted(ACTIONS))
    def test_every_language_writes_every_letter(self, language: str, key: str) -> None:
        notice = _notice(ACTIONS[key])
        letter = render_letter(
            notice,
            creditor=CREDITOR,
            customer=Customer("C-7", "Muster AG", "EUR"),
            locale=language,
            regime=Regime.DE_BGB_288 if key == "demand_letter" else None,
            reference_rates=ECB if key == "demand_letter" else None,
        )
        assert letter.key == key
        assert letter.locale == language
        assert letter.subject
        assert "\n" not in letter.subject
        for body in (letter.text, letter.html):
            assert "RE-1042" in body
            assert "RE-1043" in body
            assert "Muster AG" in body
            assert "Beispiel GmbH" in body
            assert "{{" not in body
            assert "{%" not in body
        assert letter.html.lstrip().startswith("<!DOCTYPE html>")
        assert f'lang="{language}"' in letter.html

    def test_german_reminder_formats_money_and_dates_for_germany(self) -> None:
        letter = render_letter(
            _notice(),
            creditor=CREDITOR,
            customer=Customer("C-7", "Muster AG", "EUR", locale="de_DE"),
        )
        assert letter.subject == "Zahlungserinnerung"
        assert "RE-1042 vom 01.05.2025, fällig am 31.05.2025: 1.190,00\xa0€" in letter.text
        assert "Gutschrift GS-9 vom 01.07.2025: 190,00\xa0€" in letter.text
        assert "Abzüglich Ihrer Gutschriften: 190,00\xa0€" in letter.text
        assert "Gebühren: 5,00\xa0€" in letter.text
        # 13,190.00 - 190.00 + 5.00; pay-by 14 days after 31 August 2025
        assert "Gesamtbetrag: 13.005,00\xa0€" in letter.text
        assert "bis zum 14. September 2025" in letter.text

    def test_french_and_spanish_number_forms(self) -> None:
        french = render_letter(_notice(), creditor=CREDITOR, locale="fr_FR").text
        assert "13\u202f005,00\xa0€" in french
        assert "14 septembre 2025" in french
        spanish = render_letter(_notice(), creditor=CREDITOR, locale="es_ES").text
        assert "13.005,00\xa0€" in spanish
        assert "14 de septiembre de 2025" in spanish

    def test_the_previous_notice_is_cited(self) -> None:
        text = render_letter(_notice(Action.FINAL_NOTICE), creditor=CREDITOR, locale="de").text
        assert "mit unserem Schreiben vom 15. Juli 2025" in text
        first = render_letter(
            _notice(Action.FINAL_NOTICE, history=False), creditor=CREDITOR, locale="de"
        ).text
        assert "Schreiben vom" not in first

    def test_pre_due_reminder(self) -> None:
        policy = DunningPolicy(
            [DunningLevel(1, -5, Action.REMINDER), DunningLevel(2, 1, Action.REMINDER)]
        )
        inv = Invoice("RE-1", "C-1", D(2026, 1, 1), Money("100.00", "EUR"), due_date=D(2026, 1, 31))
        notice = run_dunning(policy, [inv], as_of=D(2026, 1, 27)).notices[0]
        letter = render_letter(notice, creditor=CREDITOR, locale="en_GB")
        assert letter.subject == "Payment due soon"
        assert "fall due shortly" in letter.text
        assert "31 January 2026" in letter.text

    def test_shipped_templates_are_a_copy(self) -> None:
        mine = shipped_templates("en")
        mine.pop("reminder")
        assert "reminder" in shipped_templates("en")

    def test_no_templates_ship_for_other_languages(self) -> None:
        with pytest.raises(LetterError, match="no templates ship for language 'nl'"):
            shipped_templates("nl")
        with pytest.raises(LetterError, match="no templates ship for language 'nl'"):
            render_letter(_notice(), creditor=CREDITOR, locale="nl_NL")


class TestDemandLetter:
    @pytest.mark.parametrize(
        ("locale", "regime"),
        [
            ("de_DE", Regime.DE_BGB_288),
            ("fr_FR", Regime.FR_CODE_DE_COMMERCE_L441_10),
            ("es_ES", Regime.ES_LEY_3_2004),
            ("en_IE", Regime.IE_SI_580_2012),
        ],
    )
    def test_statutory_claim_itemised_and_totalled(self, locale: str, regime: Regime) -> None:
        notice = _notice(Action.DEMAND_LETTER)
        letter = render_letter(
            notice, creditor=CREDITOR, locale=locale, regime=regime, reference_rates=ECB
        )
        claims = statutory_claims(notice, regime=regime, reference_rates=ECB)
        total = (
            notice.total_due
            + Money.total((c.interest for c in claims), "EUR")
            + Money.total((c.fixed_compensation for c in claims), "EUR")
        )
        context = {"_locale": babel.Locale.parse(locale)}
        for claim in claims:
            for period in claim.periods:
                assert _money(context, period.interest) in letter.text
                assert _money(context, period.interest) in letter.html
        assert _money(context, total) in letter.text
        assert _money(context, total) in letter.html

    def test_german_figures(self) -> None:
        text = render_letter(
            _notice(Action.DEMAND_LETTER),
            creditor=CREDITOR,
            locale="de_DE",
            regime=Regime.DE_BGB_288,
            reference_rates=ECB,
        ).text
        # RE-1042: 1,190 x 12.15% x 30/365 and x 11.15% x 62/365; RE-1043: 12,000 x 11.15% x 62/365
        assert "01.06.2025 bis 30.06.2025, 30 Tage zu 12,15\xa0%: 11,88\xa0€" in text
        assert "01.07.2025 bis 31.08.2025, 62 Tage zu 11,15\xa0%: 22,54\xa0€" in text
        assert "62 Tage zu 11,15\xa0%: 227,28\xa0€" in text
        assert "Verzugspauschalen: 80,00\xa0€" in text
        # 13,005.00 + 261.70 + 80.00
        assert "Gesamtforderung: 13.346,70\xa0€" in text

    def test_no_statutory_claim_on_top_of_charged_interest(self) -> None:
        with pytest.raises(LetterError, match="claims that or statutory interest, not both"):
            render_letter(
                _notice(Action.DEMAND_LETTER, interest=True),
                creditor=CREDITOR,
                regime=Regime.DE_BGB_288,
                reference_rates=ECB,
            )
        with pytest.raises(LetterError, match="needs the reference_rates"):
            render_letter(_notice(), creditor=CREDITOR, regime=Regime.DE_BGB_288)
        with pytest.raises(LetterError, match="without a regime"):
            render_letter(_notice(), creditor=CREDITOR, reference_rates=ECB)


class TestEscaping:
    def test_a_script_in_the_data_is_escaped_in_html(self) -> None:
        hostile = "<script>alert('x')</script>"
        notice = _notice(Action.DEMAND_LETTER)
        letter = render_letter(
            notice,
            creditor=Creditor(hostile, [hostile], iban=hostile),
            customer=Customer("C-7", hostile, "EUR"),
            locale="en",
            regime=Regime.IE_SI_580_2012,
            reference_rates=ECB,
        )
        assert "<script>" not in letter.html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in letter.html
        assert hostile in letter.text  # plain text is not HTML: printed as given
        assert letter.subject == "Letter before action"

    def test_a_document_number_with_markup_is_escaped(self) -> None:
        notice = _notice(customer='"><img src=x onerror=alert(1)>')
        html = render_letter(notice, creditor=CREDITOR).html
        assert "<img" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


class TestOwnTemplates:
    def test_own_templates_by_key_and_by_level_template(self) -> None:
        mine = {
            "reminder": LetterTemplate(
                "Hi", "Hi {{ customer_name }}", "<b>{{ customer_name }}</b>"
            ),
            "gentle": LetterTemplate(
                "Gentle", "{{ notice.total_due | money }}", "<i>{{ notice.pay_by | date }}</i>"
            ),
        }
        assert render_letter(_notice(), creditor=CREDITOR, templates=mine) == Letter(
            "C-7", "reminder", "en", "Hi", "Hi C-7", "<b>C-7</b>"
        )
        policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER, template="gentle")])
        inv = Invoice("RE-1", "C-1", D(2026, 1, 1), Money("100.00", "USD"), due_date=D(2026, 1, 31))
        notice = run_dunning(policy, [inv], as_of=D(2026, 2, 10)).notices[0]
        assert template_key(notice) == "gentle"
        letter = render_letter(notice, creditor=CREDITOR, templates=mine, locale="en_US")
        assert (letter.text, letter.html) == ("$100.00", "<i>February 24, 2026</i>")
        with pytest.raises(LetterError, match="no LetterTemplate for key 'final_notice'"):
            render_letter(_notice(Action.FINAL_NOTICE), creditor=CREDITOR, templates=mine)
        with pytest.raises(LetterError, match=r"no shipped en template .* 'gentle'"):
            render_letter(notice, creditor=CREDITOR)

    def test_bad_templates_are_letter_errors(self) -> None:
        notice = _notice()
        cases = {
            "{{ notice.total_due | money ": "does not parse",
            "{{ nobody }}": "uses a name the letter does not have",
            "{{ notice.__class__.__mro__ }}": "uses a name the letter does not have|sandbox",
            "{{ [1].append(2) }}": "sandbox forbids",
            "{{ range(10 ** 7) | list }}": "range too big|OverflowError",
            "{{ notice.as_of | money }}": "money filter formats Money",
            "{{ notice.fees | date }}": "date filter formats a datetime.date",
            "{{ notice.as_of | date('weird') }}": "short, medium, long or full",
            "{{ 'x' | percent }}": "percent filter formats a Decimal",
            "{{ 1 // 0 }}": "ZeroDivisionError",
            "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}": "nests too deeply|does not parse",
            "x" * 200_001: "more than 200000",
        }
        for source, message in cases.items():
            with pytest.raises(LetterError, match=message):
                render_template(source, notice, creditor=CREDITOR)

    def test_arguments_are_checked(self) -> None:
        notice = _notice()
        with pytest.raises(InvalidTypeError, match="notice must be a DunningNotice"):
            render_letter("notice", creditor=CREDITOR)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="creditor must be a Creditor"):
            render_letter(notice, creditor="me")  # type: ignore[arg-type]
        with pytest.raises(LetterError, match="the notice is for customer 'C-7'"):
            render_letter(notice, creditor=CREDITOR, customer=Customer("C-8", "B", "EUR"))
        with pytest.raises(LetterError, match="babel does not know the locale 'xx_YY'"):
            render_letter(notice, creditor=CREDITOR, locale="xx_YY")
        with pytest.raises(InvalidTypeError, match="templates must be a mapping"):
            render_letter(notice, creditor=CREDITOR, templates=["x"])  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="html must be a bool"):
            render_template("x", notice, creditor=CREDITOR, html=1)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="name must be a str"):
            Creditor(None)  # type: ignore[arg-type]


class TestEveryNoticeOfARun:
    @settings(max_examples=8, deadline=None)
    @given(st.integers(0, 10**6), st.sampled_from(SHIPPED_LANGUAGES))
    def test_every_notice_renders_and_prints_its_total(self, seed: int, language: str) -> None:
        book = sample_portfolio(seed=seed, customers=12, as_of=D(2026, 6, 30))
        policy = DunningPolicy(
            [
                DunningLevel(1, 1, Action.REMINDER),
                DunningLevel(2, 30, Action.FINAL_NOTICE, fee=Fee(fixed=[Money("10", "EUR")])),
                DunningLevel(3, 60, Action.DEMAND_LETTER),
            ]
        )
        run = run_dunning(policy, book.open_items(), as_of=book.as_of, customers=book.customers)
        context = {"_locale": babel.Locale.parse(language)}
        for notice in run.notices:
            letter = render_letter(notice, creditor=CREDITOR, locale=language)
            assert _money(context, notice.total_due) in letter.text
            assert re.search(r"<th>[^<]*</th></tr>\s*</t(foot|able)>", letter.html)
            assert render_letter(notice, creditor=CREDITOR, locale=language) == letter
