"""Bank account numbers: IBANs checked by ISO 13616's mod-97 digits, and local account numbers.

Payers are known by their bank account before their name (a name is uppercased and cut short on
a bank line; an account is not). :func:`account_number` gives one canonical spelling of an
account, so that the account on a bank statement and the account on a customer record compare
equal: an IBAN in upper case without spaces (its check digits verified, its length checked for
the countries listed in the IBAN registry), or a local account number (a US routing and account
number, a German BLZ/account) without spaces, dashes or slashes.

Limits: at most 64 characters of text; an IBAN has 15 to 34 characters, a local number 1 to 34.

Examples:
    >>> account_number("de89 3704 0044 0532 0130 00")
    'DE89370400440532013000'
    >>> account_number("021000021-123456789")
    '021000021123456789'
"""

from __future__ import annotations

from typing import Final

from receivables._text import shown
from receivables.errors import InvalidAccountError, InvalidTypeError

__all__ = ["account_number", "is_iban"]

_MAX_TEXT: Final = 64

# IBAN lengths by country, from the SWIFT IBAN registry. A country not listed is accepted when its
# check digits hold and its length is within ISO 13616's 15 to 34 characters.
_IBAN_LENGTHS: Final[dict[str, int]] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip

_SEPARATORS: Final = str.maketrans("", "", " -/.\t")


def is_iban(text: str) -> bool:
    """Whether ``text`` (spaces allowed) has the shape of an IBAN: two letters, two digits, more.

    The shape only: :func:`account_number` checks the digits.

    Examples:
        >>> is_iban("NL91 ABNA 0417 1643 00"), is_iban("123456789")
        (True, False)
    """
    if not isinstance(text, str):
        raise InvalidTypeError(f"an account number must be a str, not {type(text).__name__}")
    compact = text.translate(_SEPARATORS)
    return (
        len(compact) >= 5
        and compact[:2].isascii()
        and compact[:2].isalpha()
        and compact[2:4].isascii()
        and compact[2:4].isdigit()
    )


def account_number(text: str) -> str:
    """The canonical spelling of a bank account: an IBAN checked, or a local number compacted.

    Raises :class:`~receivables.errors.InvalidAccountError` for an IBAN whose check digits or
    length are wrong, and for anything that is neither (blank, other characters, too long).

    Examples:
        >>> account_number("GB82 WEST 1234 5698 7654 32")
        'GB82WEST12345698765432'
        >>> account_number("12345678")
        '12345678'
    """
    if not isinstance(text, str):
        raise InvalidTypeError(f"an account number must be a str, not {type(text).__name__}")
    if len(text) > _MAX_TEXT:
        raise InvalidAccountError(
            f"an account number has at most {_MAX_TEXT} characters, got {len(text)}"
        )
    compact = text.translate(_SEPARATORS).upper()
    if not compact or not compact.isascii() or not compact.isalnum():
        raise InvalidAccountError(f"{shown(text)} is not a bank account number")
    if is_iban(compact):
        return _checked_iban(compact)
    if len(compact) > 34:
        raise InvalidAccountError(f"account number {shown(compact)} is longer than 34 characters")
    return compact


def _checked_iban(iban: str) -> str:
    expected = _IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        raise InvalidAccountError(
            f"IBAN {shown(iban)} has {len(iban)} characters; {iban[:2]} IBANs have {expected}"
        )
    if not 15 <= len(iban) <= 34:
        raise InvalidAccountError(f"IBAN {shown(iban)} must have 15 to 34 characters")
    # ISO 13616 / ISO 7064 mod 97-10: move the first four characters to the end, letters to
    # numbers (A = 10 ... Z = 35); the number mod 97 must be 1.
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    if int(digits) % 97 != 1:
        raise InvalidAccountError(f"IBAN {shown(iban)} fails its check digits (ISO 13616 mod 97)")
    return iban
