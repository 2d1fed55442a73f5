"""The user query language, parsed into a small tree; anything malformed becomes plain terms.

Supported: words (AND by default), ``"quoted phrases"``, ``OR``, ``NOT`` / ``-word``, ``( )`` and
``title:`` before a word or phrase. Not exposed: wildcards, ranges, fuzzy or field names other
than ``title`` (they can run for seconds in Whoosh). Operators are upper case, as users of web
search engines write them; a lower-case ``or`` is a word. Parsing never raises: a query that
does not parse (unbalanced quotes or parentheses, lone operators, only negations) is read as its
words, ANDed.

A hyphen negates only where a word starts (``-word`` at the start or after a space); between
words it is punctuation, whatever the spaces around it (``A-B``, ``A - B``, ``A- B``). Real
headlines decided where the line is (``bench/hyphen_shapes.py`` on the 84,132 VNTC articles):
of the 17,190 hyphen-minus signs between two words in titles, 9,910 are ``A-B`` (names,
abbreviations, school years), 6,658 ``A - B``, 525 ``A- B`` and 97 ``A -B`` (in 96 titles,
0.11 %; 32 of them scores like ``2 -1``, 8 a name like ``Hoa Thủy -Lệ Thủy``); bodies alike
(1,190 ``A -B`` of 220,893, 0.54 %). So ``-word`` after a space keeps the meaning users of web
search engines type (NOT), and a pasted headline of the rare ``A -B`` shape excludes ``B``;
quoting it (``"Hoa Thủy -Lệ Thủy"``) searches it as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text.analysis import iter_tokens

# One lexical item: a parenthesis, a (possibly field-prefixed, possibly negated) quoted phrase,
# or a run of other non-space characters.
_LEX = re.compile(r'\(|\)|-?(?:title:)?"[^"]*"|[^\s()"]+|"')
TITLE_PREFIX = "title:"
OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class Words:
    """Syllables that must appear; ``phrase`` when they must be adjacent (quoted or one word
    that splits into several syllables, like ``GD&ĐT`` or ``2018-2019``). ``quoted`` and
    ``title_only`` record operators the user typed: such words keep their strict meaning."""

    tokens: tuple[str, ...]
    phrase: bool = False
    title_only: bool = False
    quoted: bool = False

    @property
    def plain(self) -> bool:
        """A word typed as a word: no quotes, no field (soft AND may leave it out)."""
        return not self.quoted and not self.title_only


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Words | And | Or | Not


class _Malformed(Exception):
    pass


def _words(text: str, *, quoted: bool, title_only: bool) -> Words | None:
    tokens = tuple(token for token, _, _ in iter_tokens(text))
    if not tokens:
        return None
    return Words(tokens, phrase=quoted or len(tokens) > 1, title_only=title_only, quoted=quoted)


class _Parser:
    def __init__(self, items: list[str]) -> None:
        self.items = items
        self.pos = 0

    def peek(self) -> str | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def take(self) -> str:
        item = self.items[self.pos]
        self.pos += 1
        return item

    def parse(self) -> Node | None:
        node = self.or_expr()
        if self.peek() is not None:
            raise _Malformed
        return node

    def or_expr(self) -> Node | None:
        children = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            children.append(self.and_expr())
        if any(child is None for child in children):
            raise _Malformed  # "a OR", "OR b": a lone operator
        return children[0] if len(children) == 1 else Or(tuple(children))  # type: ignore[arg-type]

    def and_expr(self) -> Node | None:
        children: list[Node] = []
        while (item := self.peek()) is not None and item not in ("OR", ")"):
            if item == "AND":
                self.take()
                if not children or self.peek() in (None, "OR", ")", "AND"):
                    raise _Malformed
                continue
            node = self.unary()
            if node is not None:
                children.append(node)
        if not children:
            return None
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node | None:
        item = self.take()
        if item == "NOT":
            if self.peek() in (None, "OR", ")", "AND", "NOT"):
                raise _Malformed
            child = self.unary()
            return Not(child) if child is not None else None
        if item == "(":
            node = self.or_expr()
            if self.peek() != ")":
                raise _Malformed
            self.take()
            return node
        if item in (")", '"'):
            raise _Malformed
        negated = item.startswith("-") and len(item) > 1
        if negated:
            item = item[1:]
        title_only = item.startswith(TITLE_PREFIX)
        if title_only:
            item = item[len(TITLE_PREFIX) :]
        quoted = len(item) >= 2 and item[0] == item[-1] == '"'
        node = _words(item.strip('"'), quoted=quoted, title_only=title_only)
        if node is None:
            return None
        return Not(node) if negated else node


def _has_positive(node: Node | None) -> bool:
    if node is None or isinstance(node, Not):
        return False
    if isinstance(node, Words):
        return True
    if isinstance(node, Or):
        return all(_has_positive(child) for child in node.children)
    return any(_has_positive(child) for child in node.children)


def plain_terms(text: str) -> Node | None:
    """The fallback reading: every syllable of the text, ANDed, operators and quotes ignored."""
    words = [Words((token,)) for token, _, _ in iter_tokens(text) if token not in OPERATORS]
    if not words:
        return None
    return words[0] if len(words) == 1 else And(tuple(words))


def _items(text: str) -> list[str]:
    """The lexical items of ``text``. A ``-`` that starts a word (after a space, a parenthesis or
    the start) negates it, as users of web search engines type it (``-(a OR b)`` a group); a
    ``-`` glued to what precedes it is punctuation: ``Hoa Thủy-Lệ Thủy`` or ``(NLĐO)-Tại`` in a
    pasted headline, ``2018-2019`` (the module docstring gives the counts)."""
    items = []
    for m in _LEX.finditer(text):
        item, before = m.group(), text[m.start() - 1] if m.start() else " "
        starts_word = before.isspace() or before == "("
        if item.startswith("-") and not starts_word:
            item = item[1:] or "-"
        elif item == "-" and starts_word and text[m.end() : m.end() + 1] == "(":
            item = "NOT"  # -(a OR b): the group negated (no VNTC title or body has " -(")
        items.append(item)
    return items


def parse_query(text: str) -> tuple[Node | None, bool]:
    """``(tree, exact)``: the parsed query, and False when it fell back to plain terms.

    ``None`` means the query has nothing to search for (empty, or only punctuation).
    """
    try:
        node = _Parser(_items(text)).parse()
    except (_Malformed, IndexError):
        return plain_terms(text), False
    if node is not None and not _has_positive(node):
        return plain_terms(text), False  # only negations: nothing to rank, read as words
    return node, True


def positive_tokens(node: Node | None) -> list[str]:
    """Syllables the user wants to see (not under NOT), for highlighting and suggestions."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Words):
        return list(node.tokens)
    return [token for child in node.children for token in positive_tokens(child)]
