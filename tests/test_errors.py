"""The error hierarchy: one root, and each error also a fitting builtin."""

from __future__ import annotations

import inspect

import receivables
from receivables import errors


def test_every_public_error_is_rooted_and_exported() -> None:
    classes = [
        value
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, Exception) and name in errors.__all__
    ]
    assert len(classes) == len(errors.__all__)
    for error in classes:
        assert issubclass(error, receivables.ReceivablesError)
        assert getattr(receivables, error.__name__) is error
        if error is not receivables.ReceivablesError:
            # MissingDependencyError: an optional extra not installed, caught as ImportError.
            assert issubclass(error, ValueError | TypeError | LookupError | ImportError), error


def test_specific_builtin_bases() -> None:
    assert issubclass(errors.CurrencyMismatchError, ValueError)
    assert issubclass(errors.UnknownCurrencyError, ValueError)
    assert not issubclass(errors.UnknownCurrencyError, KeyError)
    assert issubclass(errors.InvalidAmountError, ValueError)
    assert issubclass(errors.AmountTypeError, TypeError)
    assert issubclass(errors.MissingRateError, LookupError)
