"""A hardened, streaming XML reader that keeps only the elements a schema names.

The camt reader describes the elements it reads as a schema: paths (``Refs/EndToEndId``)
relative to a *group* (an element such as ``Ntry`` or ``TxDtls`` that becomes one record), each
path marked as text, an amount (text and its ``Ccy``), a repeated text, a presence flag or a
nested group. :func:`stream` runs expat over the input with handlers that follow the schema as a
trie keyed by qualified element name, so each element costs one dictionary lookup; elements the
schema does not name are skipped without building anything; a group's record (a plain ``dict``
keyed by path) is handed to its handler when the group's element ends, and then dropped. No tree
of the document is ever built: memory holds the open groups' records, not the file.

Safety, equivalent to ``defusedxml`` with ``forbid_dtd=True`` and stricter: a document type
declaration is refused as soon as it starts (so no entity, internal or external, can be declared,
and an entity-expansion bomb is never expanded; expat refuses a reference to an undeclared entity
as not well-formed), parameter entities are never parsed, an external entity reference is
refused, and elements nested deeper than ``max_depth`` are refused at the element that goes too
deep. Time is linear in the input; the input is fed to expat in 1 MiB pieces, so a ``str`` is
never encoded whole.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final
from xml.parsers import expat

from receivables.errors import StatementError

Record = dict[str, Any]
"""A group's record: path -> text (``str``), repeated texts or records (``list``)."""

_CHUNK: Final = 1 << 20


class Leaf:
    """A text element of a schema: ``multi`` keeps every occurrence, ``amount`` its ``Ccy``."""

    __slots__ = ("amount", "multi", "presence")

    def __init__(self, *, multi: bool = False, amount: bool = False, presence: bool = False):
        self.multi, self.amount, self.presence = multi, amount, presence


TEXT: Final = Leaf()
TEXTS: Final = Leaf(multi=True)
AMOUNT: Final = Leaf(amount=True)
PRESENT: Final = Leaf(presence=True)
"""Only that the element is there (recorded as ``""``); its content is not kept."""


class Group:
    """An element read into a record of its own (``fields`` relative to it).

    Its records are appended to a list under its path in the parent's record, or, when
    ``handler`` names one, handed to that handler with the parent's record. ``own`` reads the
    group element's own text (and ``Ccy``) under the key ``"."``. ``strict``: a child the
    schema does not name is an error (``unknown`` says what to call it).
    """

    __slots__ = ("fields", "handler", "own", "strict")

    def __init__(
        self,
        fields: Mapping[str, Leaf | Group],
        *,
        handler: str | None = None,
        own: Leaf | None = None,
        strict: bool = False,
    ) -> None:
        self.fields, self.handler, self.own, self.strict = fields, handler, own, strict


class _Node:
    __slots__ = ("active", "ccy", "children", "group", "key", "multi", "present", "strict", "text")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.key = ""
        self.text: str | None = None
        self.ccy: str | None = None
        self.present: str | None = None
        self.multi = False
        self.group: Group | None = None
        self.strict = False
        self.active = False

    def read(self, leaf: Leaf | None, key: str) -> None:
        if leaf is None:
            return
        if leaf.presence:
            self.present = key
        else:
            self.text, self.multi = key, leaf.multi
            self.ccy = key + "@Ccy" if leaf.amount else None


_SKIP: Final = _Node()


def _compile(group: Group, prefix: str) -> _Node:
    top = _Node()
    top.group, top.strict, top.active = group, group.strict, True
    top.read(group.own, ".")
    for path, spec in group.fields.items():
        node = top
        for step in path.split("/"):
            node = node.children.setdefault(prefix + step, _Node())
        node.key = path
        if isinstance(spec, Group):
            inner = _compile(spec, prefix)
            inner.key = path
            node.children.update(inner.children)
            node.group, node.strict = spec, spec.strict
            node.read(spec.own, ".")
        else:
            node.read(spec, path)
        node.active = True
    return top


def stream(
    data: bytes | str,
    root: Callable[[str, str], Group],
    handlers: Mapping[str, Callable[[Record, Record], None]],
    *,
    max_depth: int,
) -> None:
    """Parse ``data``, calling ``root(namespace, local_name)`` for the root element's schema.

    Raises :class:`StatementError` for unsafe or not well-formed XML (with line and column).
    """
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise StatementError(
            "the XML declares a document type (DTD) or entities, which camt files never need "
            "and which are refused for safety"
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]

    stack: list[_Node] = []
    records: list[Record] = []
    texts: list[str] = []
    record: Record = {}
    node = _Node()
    depth = 0

    def first(name: str, attrs: dict[str, str]) -> None:
        nonlocal node
        namespace, _, local = name.rpartition("}")
        schema = root(namespace, local)
        prefix = namespace + "}" if namespace else ""
        node.children[name] = top = _compile(schema, prefix)
        top.key = local
        parser.StartElementHandler = start
        start(name, attrs)

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal node, depth, record
        depth += 1
        if depth > max_depth:
            raise StatementError(
                f"the XML nests deeper than {max_depth} elements (line {parser.CurrentLineNumber})"
            )
        stack.append(node)
        child = node.children.get(name)
        if child is None:
            if node.strict:
                raise StatementError(
                    f"the document holds {name.rpartition('}')[2]} inside {node.key}, "
                    f"not one of {', '.join(c.rpartition('}')[2] for c in node.children)}"
                )
            node = _SKIP
            return
        node = child
        if child.active:
            if child.group is not None:
                records.append(record)
                record = {}
            if child.text is not None:
                texts.clear()
                if child.ccy is not None:
                    record.setdefault(child.ccy, attrs.get("Ccy"))
            elif child.present is not None:
                record.setdefault(child.present, "")

    def end(_: str) -> None:
        nonlocal node, depth, record
        depth -= 1
        if node.active:
            key = node.text
            if key is not None:
                text = "".join(texts)
                texts.clear()
                if node.multi:
                    record.setdefault(key, []).append(text)
                else:
                    record.setdefault(key, text.strip())
            group = node.group
            if group is not None:
                done, record = record, records.pop()
                if group.handler is not None:
                    handlers[group.handler](done, record)
                else:
                    record.setdefault(node.key, []).append(done)
        node = stack.pop()

    parser.CharacterDataHandler = texts.append
    parser.StartElementHandler = first
    parser.EndElementHandler = end
    try:
        if isinstance(data, str):
            for at in range(0, len(data), _CHUNK):
                parser.Parse(data[at : at + _CHUNK], False)
        else:
            view = memoryview(data)
            for at in range(0, len(view), _CHUNK):
                parser.Parse(view[at : at + _CHUNK], False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise StatementError(
            f"not well-formed XML at line {error.lineno}, column {error.offset + 1}: "
            f"{expat.errors.messages[error.code]}"
        ) from None
    except LookupError as error:
        raise StatementError(
            f"the XML declares an encoding Python does not know: {error}"
        ) from None
    except UnicodeError as error:
        raise StatementError(f"the XML's text does not decode as it declares: {error}") from None
