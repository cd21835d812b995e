"""The public surface: every exported name and public method documents itself with an example,
and every error the package exports is rooted at ReceivablesError.

One exemption: the members of a protocol the package defines, and the members of a class that
implement one (``Invoice.document_id`` implementing :class:`~receivables.OpenItem`,
``WeekendCalendar.is_business_day`` implementing :class:`~receivables.BusinessCalendar`), are
documented by the protocol, whose own docstring carries the example. Such a member still needs a
docstring: one line saying what the value is for its class is enough.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Protocol

import pytest

import receivables


def public_modules() -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(receivables.__path__, "receivables."):
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        yield importlib.import_module(info.name)


def is_protocol(obj: object) -> bool:
    """Whether ``obj`` is a ``typing.Protocol`` class (every protocol lists Protocol as a base)."""
    return inspect.isclass(obj) and Protocol in obj.__bases__


def protocol_members(protocol: type) -> frozenset[str]:
    """The public names a protocol declares: its methods, properties and annotated attributes."""
    names = set(vars(protocol)) | set(vars(protocol).get("__annotations__", {}))
    return frozenset(name for name in names if not name.startswith("_"))


def public_protocols() -> Iterator[tuple[str, type]]:
    for module in public_modules():
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if is_protocol(obj) and obj.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", obj


PROTOCOLS = sorted(public_protocols(), key=lambda pair: pair[0])


def documented_by_protocol(cls: type) -> frozenset[str]:
    """The members of ``cls`` that a protocol of the package documents: all of a protocol's own
    members, and for any other class the members of each protocol it implements (it has every
    member the protocol declares: structural typing, as the engines accept it)."""
    exempt: set[str] = set()
    for _, protocol in PROTOCOLS:
        members = protocol_members(protocol)
        if cls is protocol or all(hasattr(cls, member) for member in members):
            exempt |= members
    return frozenset(exempt)


def public_members(cls: type) -> Iterator[tuple[str, object]]:
    """The public methods, properties, class and static methods ``cls`` itself defines."""
    for attribute, value in vars(cls).items():
        if attribute.startswith("_"):
            continue
        if isinstance(value, property):
            yield attribute, value.fget
        elif isinstance(value, classmethod | staticmethod):
            yield attribute, value.__func__
        elif inspect.isfunction(value):
            yield attribute, value


def public_names() -> Iterator[tuple[str, object, bool]]:
    """Every public function, class and member, and whether a protocol documents it."""
    for module in public_modules():
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if getattr(obj, "__module__", "") != module.__name__:
                continue
            yield f"{module.__name__}.{name}", obj, False
            if inspect.isclass(obj) and not issubclass(obj, enum.Enum):
                documented = documented_by_protocol(obj)
                for attribute, value in public_members(obj):
                    exempt = attribute in documented
                    yield f"{module.__name__}.{name}.{attribute}", value, exempt


ALL_NAMES = sorted(public_names(), key=lambda row: row[0])
NAMES = [(name, obj) for name, obj, exempt in ALL_NAMES if not exempt]
DOCUMENTED_BY_PROTOCOL = [(name, obj) for name, obj, exempt in ALL_NAMES if exempt]


def test_the_surface_is_not_empty() -> None:
    assert len(NAMES) > 300


@pytest.mark.parametrize(("name", "obj"), NAMES, ids=[name for name, _ in NAMES])
def test_every_public_name_has_a_runnable_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    assert ">>>" in doc, f"{name} has no example"


def test_the_package_defines_protocols() -> None:
    names = [name for name, _ in PROTOCOLS]
    assert "receivables.documents.OpenItem" in names
    assert "receivables.calendar.BusinessCalendar" in names


@pytest.mark.parametrize(("name", "protocol"), PROTOCOLS, ids=[name for name, _ in PROTOCOLS])
def test_every_protocol_has_an_example(name: str, protocol: type) -> None:
    """The protocol's example is what documents the members that implement it."""
    doc = inspect.getdoc(protocol) or ""
    assert ">>>" in doc, f"{name} has no example"
    assert protocol_members(protocol), f"{name} declares no members"


def test_only_protocol_members_are_exempt() -> None:
    exempt = {name for name, _ in DOCUMENTED_BY_PROTOCOL}
    assert "receivables.documents.Invoice.document_id" in exempt
    assert "receivables.documents.Payment.open_balance" in exempt
    assert "receivables.calendar.WeekendCalendar.is_business_day" in exempt
    assert "receivables.documents.OpenItem.document_id" in exempt
    assert "receivables.documents.Invoice.currency" not in exempt
    assert "receivables.documents.Invoice.days_past_due" not in exempt


@pytest.mark.parametrize(
    ("name", "obj"), DOCUMENTED_BY_PROTOCOL, ids=[name for name, _ in DOCUMENTED_BY_PROTOCOL]
)
def test_every_protocol_member_says_what_it_is(name: str, obj: object) -> None:
    """A docstring saying what the value is for this class; the protocol carries the example."""
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"


def test_every_module_declares_all() -> None:
    for module in public_modules():
        assert hasattr(module, "__all__"), module.__name__
