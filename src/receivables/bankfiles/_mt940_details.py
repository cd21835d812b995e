"""MT940 field ``:86:`` (information to the account owner): German and Dutch structured forms.

German banks (DK/DFÜ structure) write ``NNN?00..?63`` subfields with SEPA keywords (``EREF+``,
``SVWZ+``, ...) in ``?20``..``?29`` and ``?60``..``?63``; Dutch banks write ``/KEY/value``
pairs (``/EREF/``, ``/IBAN/``, ``/NAME/``, ``/REMI/``, ...). The rules are in the docstring of
:mod:`receivables.bankfiles.mt940`.
"""

from __future__ import annotations

from typing import Final

import attrs

from receivables.errors import StatementError

SEPA_KEYS: Final = (
    "EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "SVWZ+", "ABWA+", "ABWE+", "IBAN+", "BIC+",
    "COAM+", "OAMT+", "PURP+",
)  # fmt: skip
DUTCH_KEYS: Final = frozenset(
    {
        "EREF", "IBAN", "BIC", "NAME", "REMI", "CNTP", "ORDP", "BENM", "ULTD", "ULTC", "ULTB",
        "TRTP", "MARF", "CSID", "PREF", "RTRN", "PURP", "ISDT", "BUSP", "ADDR", "ID", "SVCL",
        "CREF", "IREF", "OCMT", "CHGS", "EXCH", "NRTX", "ACCW",
    }
)  # fmt: skip
DUTCH_PARTIES: Final = frozenset({"ORDP", "BENM", "ULTD", "ULTC", "ULTB"})
DUTCH_PARTY_PARTS: Final = frozenset({"NAME", "IBAN", "BIC", "ID", "ADDR"})


def _fail(line: int, message: str) -> StatementError:
    return StatementError(f"MT940 line {line}: {message}")


_DIGITS: Final = frozenset("0123456789")


def _is_digits(text: str) -> bool:
    return bool(text) and all(char in _DIGITS for char in text)


# --- field 86 ------------------------------------------------------------------------------------


@attrs.define
class Details:
    references: list[str] = attrs.Factory(list)
    end_to_end_id: str | None = None
    remittance_text: str | None = None
    creditor_references: list[str] = attrs.Factory(list)
    name: str | None = None
    account: str | None = None
    bank: str | None = None
    return_reason: str | None = None
    ultimate: str | None = None


def german(at: int, text: str, credit: bool) -> Details:
    details = Details()
    subfields: list[tuple[str, str]] = []
    pieces = text[3:].split("?")
    for piece in pieces[1:]:
        code = piece[:2]
        if len(code) != 2 or not _is_digits(code):
            raise _fail(
                at, f"field 86: '?' is not followed by a two-digit subfield ({piece[:8]!r})"
            )
        subfields.append((code, piece[2:]))
    purpose = [value for code, value in subfields if "20" <= code <= "29" or "60" <= code <= "63"]
    names = [value for code, value in subfields if code in ("32", "33")]
    details.name = "".join(names).strip() or None
    for code, value in subfields:
        if code == "30":
            details.bank = value.strip() or None
        elif code == "31":
            details.account = value.strip() or None
    leading: list[str] = []
    segments: list[tuple[str, list[str]]] = []
    for value in purpose:
        key = next((key for key in SEPA_KEYS if value.startswith(key)), None)
        if key is not None:
            segments.append((key[:-1], [value[len(key) :]]))
        elif segments:
            segments[-1][1].append(value)
        else:
            leading.append(value)
    free = "".join(leading).strip()
    if not segments:
        details.remittance_text = free or None
        return details
    for key, values in segments:
        joined = "".join(values).strip()
        if not joined:
            continue
        if key == "EREF":
            details.end_to_end_id = joined
        elif key in ("KREF", "MREF"):
            details.references.append(joined)
        elif key == "SVWZ":
            details.remittance_text = joined
        elif key == "IBAN" and details.account is None:
            details.account = joined
        elif key == "BIC" and details.bank is None:
            details.bank = joined
        elif key == ("ABWA" if credit else "ABWE"):
            details.ultimate = joined
    if free:
        if details.remittance_text is None:
            details.remittance_text = free
        else:
            details.references.insert(0, free)
    return details


def _dutch_pairs(text: str) -> list[tuple[str, str]]:
    """The keyword-value pairs of a Dutch field 86; the text starts with a keyword."""
    marks: list[tuple[int, int, str]] = []
    slash = text.find("/")
    while slash >= 0:
        following = text.find("/", slash + 1)
        if following < 0:
            break
        key = text[slash + 1 : following]
        if key in DUTCH_KEYS:
            marks.append((slash, following + 1, key))
            slash = following
        else:
            slash = following
    pairs: list[tuple[str, str]] = []
    for index, (_, value_start, key) in enumerate(marks):
        value_end = marks[index + 1][0] if index + 1 < len(marks) else len(text)
        value = text[value_start:value_end]
        if value.endswith("/"):
            value = value[:-1]
        pairs.append((key, value))
    return pairs


def dutch(text: str, credit: bool) -> Details:
    details = Details()
    parties: dict[str, dict[str, str]] = {}
    party: str | None = None
    for key, value in _dutch_pairs(text):
        if key in DUTCH_PARTIES:
            party = key
            parties.setdefault(key, {})
            continue
        if key in DUTCH_PARTY_PARTS:
            parties.setdefault(party or "", {}).setdefault(key, value.strip())
            continue
        party = None
        if key == "CNTP":
            fields = value.split("/")
            parties.setdefault("CNTP", {}).update(
                {
                    name: part.strip()
                    for name, part in zip(("IBAN", "BIC", "NAME"), fields, strict=False)
                }
            )
        elif key == "EREF":
            details.end_to_end_id = value.strip() or None
        elif key == "REMI":
            if value.startswith("USTD//"):
                details.remittance_text = value[6:].strip() or None
            elif value.startswith("STRD/CUR/"):
                reference = value[9:].strip()
                if reference:
                    details.creditor_references.append(reference)
            else:
                details.remittance_text = value.strip() or None
        elif key in ("MARF", "PREF"):
            if value.strip():
                details.references.append(value.strip())
        elif key == "RTRN":
            details.return_reason = value.strip() or None
    order = ("CNTP", "ORDP" if credit else "BENM", "")
    chosen = next((parties[name] for name in order if parties.get(name)), {})
    details.name = chosen.get("NAME") or None
    details.account = chosen.get("IBAN") or None
    details.bank = chosen.get("BIC") or None
    details.ultimate = parties.get("ULTD" if credit else "ULTC", {}).get("NAME") or None
    return details
