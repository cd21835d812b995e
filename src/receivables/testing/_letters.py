"""Strategies for the letters' inputs: who writes the letter and the templates it is written with.

:mod:`receivables.letters` is the edge: it is imported only when one of these is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from hypothesis import strategies as st

if TYPE_CHECKING:
    from receivables.letters import Creditor, LetterTemplate

_NAMES: Final = ("Beispiel GmbH", "Acme Inc.", "Exemple SARL", "Ejemplo S.L.", "")
_PLACEHOLDERS: Final = (
    "{{ customer_name }}",
    "{{ notice.total_due | money }}",
    "{{ notice.as_of | date }}",
    "{{ creditor.name }}",
    "{% for line in notice.items %}{{ line.document_id }}{% endfor %}",
)


def _free_text(limit: int) -> st.SearchStrategy[str]:
    """Text up to ``limit`` characters: short and any (accents, CJK, newlines), and the cap."""
    return st.one_of(st.text(max_size=40), st.just("x" * limit))


def creditors() -> st.SearchStrategy[Creditor]:
    """Creditors as a letter names them: names, address lines, email, phone, IBAN and BIC, from
    blank to the longest each field takes (500 characters for names and email, 100 for the
    rest).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(creditors())
        ... def check(creditor):
        ...     assert isinstance(creditor.address, tuple)
        >>> check()
    """
    from receivables.letters import Creditor

    return st.builds(
        Creditor,
        name=st.sampled_from(_NAMES) | _free_text(500),
        address=st.lists(st.text(max_size=40), max_size=4).map(tuple),
        email=st.sampled_from(["", "ar@example.com"]) | _free_text(500),
        phone=st.sampled_from(["", "+49 30 1234567"]) | _free_text(100),
        iban=st.sampled_from(["", "DE89 3704 0044 0532 0130 00"]) | _free_text(100),
        bic=st.sampled_from(["", "COBADEFFXXX"]) | _free_text(100),
    )


def letter_templates() -> st.SearchStrategy[LetterTemplate]:
    """Letter templates: the shipped ones (every language and key) and Jinja2 source made of
    text and the names the templates see. The source is not parsed until a letter is rendered,
    so any text up to the 200,000-character cap is a template.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(letter_templates())
        ... def check(template):
        ...     assert isinstance(template.subject, str)
        >>> check()
    """
    from receivables.letters import (
        MAX_TEMPLATE_CHARS,
        SHIPPED_LANGUAGES,
        LetterTemplate,
        shipped_templates,
    )

    shipped = [
        template
        for language in SHIPPED_LANGUAGES
        for _, template in sorted(shipped_templates(language).items())
    ]
    source = st.lists(st.text(max_size=20) | st.sampled_from(_PLACEHOLDERS), max_size=6).map(
        "".join
    )

    @st.composite
    def build(draw: Any) -> LetterTemplate:
        # Now and then one part at the cap.
        longest = draw(st.sampled_from(["subject", "text", "html", *[None] * 7]))
        parts = {name: draw(source) for name in ("subject", "text", "html")}
        if longest is not None:
            parts[longest] = "x" * MAX_TEMPLATE_CHARS
        return LetterTemplate(**parts)

    return st.one_of(st.sampled_from(shipped), build())
