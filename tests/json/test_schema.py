"""JSON Schemas (draft 2020-12): generated from the classes, shipped, and agreeing with
``to_dict`` (every generated value validates) and with ``from_dict`` (bad documents are refused
by both)."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import jsonschema
import pytest
from _json_zoo import instances
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables import InvalidDataError, InvalidTypeError, Invoice
from receivables._schema import generate, input_types
from receivables.aging import AgingReport
from receivables.json import schema
from receivables.testing import type_strategies

FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def _validator(kind: type) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(kind), format_checker=FORMATS)


@pytest.mark.parametrize("kind", input_types(), ids=lambda k: k.__name__)
def test_the_shipped_schema_is_the_generated_one(kind: type) -> None:
    assert schema(kind) == generate(kind), (
        f"the shipped schema of {kind.__name__} is stale: run python scripts/update_schemas.py"
    )
    jsonschema.Draft202012Validator.check_schema(schema(kind))
    assert schema(kind)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_no_stale_schema_is_shipped() -> None:
    folder = resources.files("receivables").joinpath("schemas")
    shipped = sorted(item.name for item in folder.iterdir() if item.name.endswith(".json"))
    assert shipped == sorted(f"{kind.__name__}.json" for kind in input_types())


@pytest.mark.parametrize("kind", input_types(), ids=lambda k: k.__name__)
def test_every_value_validates_against_its_schema(kind: type) -> None:
    validator = _validator(kind)
    values = instances()[kind]
    assert values
    for value in values:
        validator.validate(value.to_dict())


@pytest.mark.parametrize(
    ("kind", "strategy"),
    [(k, s) for k, s in type_strategies().items() if k in input_types()],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_generated_values_validate(kind: type, strategy: st.SearchStrategy[Any]) -> None:
    validator = _validator(kind)

    @settings(max_examples=max(5, settings().max_examples // 4), deadline=None)
    @given(strategy)
    def check(value: Any) -> None:
        validator.validate(value.to_dict())

    check()


def _invoice() -> dict[str, Any]:
    data: dict[str, Any] = instances()[Invoice][0].to_dict()
    return data


def _broken(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(_invoice())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (["amount", "amount"], 100.5, r"\$\.amount"),
        (["amount", "amount"], "12,50", r"\$\.amount"),
        (["amount", "currency"], "US", r"\$\.amount"),
        (["issue_date"], "2026-02-30", r"\$\.issue_date"),
        (["issue_date"], KeyError, r"\$\.issue_date"),
        (["references"], "INV-1", r"\$\.references"),
        (["colour"], "red", r"extra fields found \(colour\)"),
        (["terms", "basis"], "whenever", r"\$\.terms\.basis"),
    ],
    ids=["float", "comma", "currency", "date", "missing", "lone-str", "extra", "enum"],
)
def test_bad_documents_are_refused_by_schema_and_from_dict(
    path: list[Any], value: Any, where: str
) -> None:
    data = _broken(path, value)
    assert not _validator(Invoice).is_valid(data)
    with pytest.raises(InvalidDataError, match=where):
        Invoice.from_dict(data)


def test_the_good_document_passes_both() -> None:
    data = _invoice()
    _validator(Invoice).validate(data)
    assert Invoice.from_dict(json.loads(json.dumps(data))).to_dict() == data


def test_schema_is_for_input_types_only() -> None:
    with pytest.raises(InvalidTypeError, match="not an input type"):
        schema(AgingReport)
    with pytest.raises(InvalidTypeError, match="takes a class"):
        schema("Invoice")  # type: ignore[arg-type]


def test_optional_arguments_are_not_required() -> None:
    found = schema(Invoice)
    assert found["required"] == ["id", "customer_id", "issue_date", "amount"]
    assert set(found["properties"]) >= {"due_date", "terms", "open_amount", "references"}
    assert found["additionalProperties"] is False


@pytest.mark.parametrize(
    "kind",
    sorted(instances(), key=lambda k: getattr(k, "__name__", "")),
    ids=lambda k: getattr(k, "__name__", ""),
)
def test_every_to_dict_validates_against_its_output_schema(kind: type) -> None:
    found = schema(kind, output=True)
    jsonschema.Draft202012Validator.check_schema(found)
    validator = jsonschema.Draft202012Validator(found, format_checker=FORMATS)
    for value in instances()[kind]:
        validator.validate(value.to_dict())
    assert found["additionalProperties"] is False
    assert set(found["required"]) == set(found["properties"])


def test_output_schemas_are_strict_about_money() -> None:
    row = schema(AgingReport, output=True)["$defs"]["AgingRow"]
    assert row["properties"]["total"] == {"$ref": "#/$defs/Money"}
    money = schema(AgingReport, output=True)["$defs"]["Money"]
    assert money["properties"]["amount"]["type"] == "string"
    validator = jsonschema.Draft202012Validator(schema(AgingReport, output=True))
    report = instances()[AgingReport][0].to_dict()
    report["rows"][0]["total"]["amount"] = 12.5
    assert not validator.is_valid(report)
    with pytest.raises(InvalidTypeError, match="no plain form"):
        schema(int, output=True)


def test_a_choice_of_words_is_an_enum_in_the_schema() -> None:
    from receivables.adapters import MAPS, ColumnMap

    assert schema(ColumnMap)["properties"]["terms_mode"] == {"enum": ["strict", "lenient"]}
    data = MAPS["erpnext"].to_dict()
    data["terms_mode"] = "loose"
    assert not _validator(ColumnMap).is_valid(data)
    with pytest.raises(InvalidDataError, match=r"\$\.terms_mode"):
        ColumnMap.from_dict(data)
