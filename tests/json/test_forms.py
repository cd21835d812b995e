"""The one plain form: every public class has it, it is JSON-ready, private fields never appear,
and the input types read it back to an equal value."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from _json_zoo import AS_OF, instances, public_classes, zoo

import receivables
from receivables import InvalidDataError, InvalidPolicyError, Money, Payment, Reason
from receivables.aging import AgingReport, AgingRow, age
from receivables.cashapp import MatchPolicy
from receivables.convert import structure, unstructure
from receivables.documents import Invoice, Portfolio
from receivables.dunning import DunningPolicy


def _input_classes() -> list[type]:
    return [cls for cls in public_classes() if hasattr(cls, "from_dict")]


def _walk(data: Any, path: str = "$") -> Iterator[tuple[str, Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, f"{path}[{index}]")


def test_every_public_class_has_the_form_and_is_exercised() -> None:
    # New classes in any module's __all__ are caught here: give them the mixin (convert.DictForm
    # for results, convert.DataForm for inputs) and a value in tests/json/_json_zoo.py.
    classes = public_classes()
    assert len(classes) > 90
    without = [c.__name__ for c in classes if not hasattr(c, "to_dict")]
    assert without == []
    unexercised = [c.__name__ for c in classes if c not in instances()]
    assert unexercised == []


def test_every_public_module_with_value_classes_is_walked() -> None:
    # A module whose __all__ names a value or result class (an attrs class of the library) must
    # be in _schema.MODULES, directly or through the package that re-exports its classes, or
    # the coverage tests above never see its classes.
    walked = set(public_classes())
    outside: list[str] = []
    for info in pkgutil.walk_packages(receivables.__path__, "receivables."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if isinstance(value, type) and attrs.has(value) and value not in walked:
                outside.append(f"{info.name}.{name}")
    assert outside == []


@pytest.mark.parametrize("cls", public_classes(), ids=lambda c: c.__name__)
def test_to_dict_is_json_ready_with_no_private_key(cls: type) -> None:
    for value in instances()[cls]:
        data = value.to_dict()
        assert isinstance(data, dict)
        for path, item in _walk(data):
            assert item is None or type(item) in (str, int, bool, list, dict), (path, item)
            if isinstance(item, dict):
                private = [key for key in item if not isinstance(key, str) or key.startswith("_")]
                assert private == [], path
        assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize("cls", _input_classes(), ids=lambda c: c.__name__)
def test_input_types_read_their_form_back(cls: Any) -> None:
    for value in instances()[cls]:
        assert cls.from_dict(value.to_dict()) == value
        assert cls.from_dict(json.loads(json.dumps(value.to_dict()))) == value


def test_money_is_quantised_to_minor_units_unless_an_exact_intermediate() -> None:
    assert Money("100.1", "USD").to_dict() == {"amount": "100.10", "currency": "USD"}
    assert Money("100", "JPY").to_dict() == {"amount": "100", "currency": "JPY"}
    assert Money("1.5", "KWD").to_dict() == {"amount": "1.500", "currency": "KWD"}
    assert Money("1E+3", "EUR").to_dict() == {"amount": "1000.00", "currency": "EUR"}
    interest = Money("1000", "USD") * Decimal("0.0525") * 45 / 365
    assert interest.to_dict()["amount"] == format(interest.amount, "f")
    assert Money.from_dict(interest.to_dict()) == interest


def test_aging_row_shows_its_figures_not_its_private_sums() -> None:
    report = next(v for v in zoo() if isinstance(v, AgingReport))
    row = report.rows[0]
    data = row.to_dict()
    assert "_sums" not in data
    assert "sums" not in data
    assert data["amounts"] == [m.to_dict() for m in row.amounts]
    assert data["total"] == row.total.to_dict()
    assert data["credits"] == row.credits.to_dict()
    assert data["disputed"] == row.disputed.to_dict()
    assert data["labels"] == list(report.labels)
    assert isinstance(row, AgingRow)


def test_convert_unstructure_is_the_same_form_and_leaks_nothing() -> None:
    report = next(v for v in zoo() if isinstance(v, AgingReport))
    assert unstructure(report) == report.to_dict()
    text = json.dumps(unstructure(report))
    assert "_sums" not in text
    assert "index_table" not in text
    book = next(v for v in zoo() if isinstance(v, Portfolio))
    assert "customers_by_id" not in json.dumps(book.to_dict())


def test_reason_as_dict_passes_through_json_dumps() -> None:
    reason = Reason.of(
        "dunning.fee", "fee", fee=Money("5", "EUR"), rate=Decimal("0.08"), on=dt.date(2026, 1, 2)
    )
    assert json.loads(json.dumps(reason.as_dict())) == {
        "code": "dunning.fee",
        "message": "fee",
        "figures": {
            "fee": {"amount": "5.00", "currency": "EUR"},
            "rate": "0.08",
            "on": "2026-01-02",
        },
    }


def test_optional_fields_are_optional() -> None:
    payment = Payment.from_dict(
        {"id": "P-1", "received_date": "2026-03-02", "amount": {"amount": "10", "currency": "USD"}}
    )
    assert payment == Payment("P-1", dt.date(2026, 3, 2), Money("10", "USD"))
    invoice = Invoice.from_dict(
        {
            "id": "I-1",
            "customer_id": "C-1",
            "issue_date": "2026-03-02",
            "amount": {"amount": "10", "currency": "USD"},
            "terms": {"net_days": 30},
        }
    )
    assert invoice.due_date == dt.date(2026, 4, 1)  # derived from the terms
    assert invoice.open_amount == Money("10", "USD")


def test_errors_name_the_path_and_are_library_errors() -> None:
    book = next(v for v in zoo() if isinstance(v, Portfolio))
    data = book.to_dict()
    data["invoices"][2]["amount"]["amount"] = "12,50"
    with pytest.raises(InvalidDataError, match=r"@ \$\.invoices\[2\]\.amount"):
        Portfolio.from_dict(data)
    with pytest.raises(InvalidDataError, match=r"required field missing @ \$\.received_date"):
        Payment.from_dict({"id": "P-1", "amount": {"amount": "10", "currency": "USD"}})
    with pytest.raises(InvalidDataError, match=r"extra fields found \(colour\) @ \$"):
        Payment.from_dict(
            {
                "id": "P-1",
                "received_date": "2026-03-02",
                "amount": {"amount": "10", "currency": "USD"},
                "colour": "red",
            }
        )
    with pytest.raises(InvalidDataError, match=r"expected a mapping"):
        Payment.from_dict(["P-1"])  # type: ignore[arg-type]


def test_a_check_of_the_constructor_is_reported_with_the_path() -> None:
    data = {
        "id": "I-1",
        "customer_id": "C-1",
        "issue_date": "2026-03-02",
        "due_date": "2026-03-01",
        "amount": {"amount": "10", "currency": "USD"},
    }
    with pytest.raises(InvalidDataError, match=r"invalid Invoice: .*due.* @ \$"):
        Invoice.from_dict(data)
    with pytest.raises(InvalidDataError, match=r"\$\.lines\[1\]\.amount"):
        structure(
            {
                "payment_id": "P-1",
                "lines": [
                    {"reference": "I-1", "amount": {"amount": "1", "currency": "USD"}},
                    {"reference": "I-2", "amount": {"amount": "x", "currency": "USD"}},
                ],
            },
            next(type(v) for v in zoo() if type(v).__name__ == "Remittance"),
        )


def test_a_float_is_refused_by_default_and_read_by_its_repr_when_asked() -> None:
    with pytest.raises(InvalidPolicyError, match=r'numbers="shortest-repr"'):
        MatchPolicy.from_dict({"auto_match_confidence": 0.95})
    policy = MatchPolicy.from_dict({"auto_match_confidence": 0.95}, numbers="shortest-repr")
    assert policy.auto_match_confidence == Decimal("0.95")
    # 0.1 + 0.2 is not 0.3 as a float: its shortest repr is what is read, exactly.
    odd = MatchPolicy.from_dict({"auto_match_confidence": 0.1 + 0.2}, numbers="shortest-repr")
    assert odd.auto_match_confidence == Decimal("0.30000000000000004")
    fee = Money.from_dict({"amount": 100.1, "currency": "USD"}, numbers="shortest-repr")
    assert fee == Money("100.10", "USD")
    with pytest.raises(InvalidPolicyError, match=r"not float \(nan\)"):
        MatchPolicy.from_dict({"auto_match_confidence": float("nan")}, numbers="shortest-repr")
    with pytest.raises(InvalidDataError, match="numbers must be"):
        MatchPolicy.from_dict({}, numbers="loose")  # type: ignore[arg-type]


def test_a_float_in_a_whole_number_field_stays_refused() -> None:
    with pytest.raises(InvalidPolicyError, match=r"whole number.* @ \$\.grace_days"):
        DunningPolicy.from_dict(
            {"levels": [{"number": 1, "days_overdue": 1, "action": "reminder"}], "grace_days": 5.0},
            numbers="shortest-repr",
        )


def test_policies_read_the_old_money_text_too() -> None:
    policy = DunningPolicy.from_dict(
        {
            "levels": [
                {
                    "number": 1,
                    "days_overdue": 1,
                    "action": "reminder",
                    "minimum_overdue": ["10.00 USD"],
                }
            ]
        }
    )
    assert policy.to_dict()["levels"][0]["minimum_overdue"] == [
        {"amount": "10.00", "currency": "USD"}
    ]
    assert DunningPolicy.from_dict(policy.to_dict()) == policy


def test_aging_report_to_dict_on_a_tiny_report() -> None:
    invoice = Invoice(
        "I-1", "C-1", dt.date(2026, 1, 1), Money("100.1", "USD"), due_date=dt.date(2026, 1, 31)
    )
    data = age([invoice], AS_OF).to_dict()
    assert data["as_of"] == "2026-03-31"
    assert data["buckets"]["labels"] == list(age([invoice], AS_OF).labels)
    assert "index_table" not in data["buckets"]
    (row,) = data["rows"]
    assert row["customer_id"] == "C-1"
    assert row["total"] == {"amount": "100.10", "currency": "USD"}
    assert row["amounts"][2] == {"amount": "100.10", "currency": "USD"}


def test_the_converter_itself_gives_the_same_form() -> None:
    from receivables.convert import CONVERTER

    report = next(v for v in zoo() if isinstance(v, AgingReport))
    assert CONVERTER.unstructure(report) == report.to_dict()
    assert CONVERTER.unstructure(Money("5", "EUR")) == {"amount": "5.00", "currency": "EUR"}


def test_a_fitted_behaviour_shows_a_summary_and_no_curve() -> None:
    from receivables.forecast import PaymentBehaviour

    paid = [
        Invoice(
            f"I-{n}",
            "C-1",
            dt.date(2026, 1, 1),
            Money("10", "USD"),
            due_date=dt.date(2026, 1, 31),
            open_amount=Money("0", "USD"),
            paid_on=dt.date(2026, 2, 1 + n % 5),
        )
        for n in range(12)
    ]
    unpaid = Invoice(
        "I-99", "C-1", dt.date(2026, 3, 1), Money("10", "USD"), due_date=dt.date(2026, 3, 31)
    )
    behaviour = PaymentBehaviour.fit([*paid, unpaid], as_of=dt.date(2026, 6, 30), prior_strength=4)
    # Twelve paid within the support, one still open: thirteen invoices seen, twelve payments.
    assert behaviour.to_dict() == {
        "as_of": "2026-06-30",
        "prior_strength": 4,
        "dispute_factor": "1",
        "disputed_payments": 0,
        "payments_seen": 12,
        "invoices_seen": 13,
    }
    assert not hasattr(PaymentBehaviour, "from_dict")  # the history, not the form, rebuilds it


def test_a_load_result_carries_documents_that_read_back() -> None:
    from receivables.adapters import LoadResult
    from receivables.documents import CreditMemo, Customer

    result = next(v for v in zoo() if isinstance(v, LoadResult))
    data = json.loads(json.dumps(result.to_dict()))
    kinds: dict[str, Any] = {"Invoice": Invoice, "CreditMemo": CreditMemo, "Payment": Payment}
    for document, form in zip(result.documents, data["documents"], strict=True):
        assert kinds[type(document).__name__].from_dict(form) == document
    assert [Customer.from_dict(form) for form in data["customers"]] == list(result.customers)
    # What a service reports back: each rejection where it was, and the proof per currency.
    assert [(r["row"], r["column"], r["code"]) for r in data["rejected"]] == [
        (5, "Date", "adapters.bad_date")
    ]
    usd = data["reconciliation"][0]
    assert Money.from_dict(usd["accepted_total"]) + Money.from_dict(
        usd["rejected_total"]
    ) == Money.from_dict(usd["input_total"])
