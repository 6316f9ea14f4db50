"""Tokens -> syntax tree (recursive descent).

Grammar (implicit AND; precedence NOT > AND > OR)::

    query   = [ or ] ;
    or      = and { ("OR" | "|") and } ;
    and     = unary { ["AND"] unary } ;
    unary   = ("NOT" | "-") unary | primary ;
    primary = "(" or ")" | NAME ":" value | text ;
    value   = (WORD | PHRASE) ["*"] ;           (* no space after the colon *)
    text    = (WORD | PHRASE) ["*"] ;

Words and phrases without any letter or digit (a lone ``-``, ``*``, ``"!"``) are ignored like
whitespace, so that "foo - bar" means "foo bar"; a group left empty by that is dropped as well.
"""

from __future__ import annotations

import unicodedata

from dossierdesk.query.fields import FIELD_NAMES, FIELDS, FTS_COLUMNS, ValueProblem, check_value
from dossierdesk.query.lexer import Kind, Token, tokenize
from dossierdesk.query.syntax import And, FieldTerm, Node, Not, Or, QuerySyntaxError, Term

#: Maximum nesting of parentheses and negations. FTS5's expression parser overflows its stack
#: somewhere past 15 levels, and no person types more than a handful.
MAX_DEPTH = 10
#: Maximum number of terms; keeps the generated SQL under SQLite's expression-depth limit.
MAX_TERMS = 100

_STOPS = (Kind.OR, Kind.RPAREN)


def searchable(text: str) -> bool:
    """True if ``text`` holds a character the FTS5 tokenizer indexes (a letter or a digit)."""
    return any(
        unicodedata.category(ch)[0] in "LN" or unicodedata.category(ch) == "Co" for ch in text
    )


def _error(what: str, pos: int, hint: str | None = None) -> QuerySyntaxError:
    message = f"{what} at {pos}" + (f" — {hint}" if hint else "")
    return QuerySyntaxError(message, pos)


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.terms = 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def next(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at_stop(self) -> bool:
        tok = self.peek()
        return tok is None or tok.kind in _STOPS

    def parse(self) -> Node | None:
        node, _ = self.parse_or()
        tok = self.peek()
        if tok is not None:  # only a ')' can stop parse_or early
            raise _error("unmatched ')'", tok.pos)
        return node

    def parse_or(self) -> tuple[Node | None, bool]:
        """Return (node or None if everything was ignorable, whether any token was consumed)."""
        first, consumed = self.parse_and()
        children = [first]
        any_consumed = consumed
        while (tok := self.peek()) is not None and tok.kind is Kind.OR:
            self.next()
            if not consumed:
                raise _error("'OR' needs a term on both sides", tok.pos)
            right, consumed = self.parse_and()
            if not consumed:
                raise _error("'OR' needs a term on both sides", tok.pos)
            children.append(right)
        return _combine(Or, children), any_consumed

    def parse_and(self) -> tuple[Node | None, bool]:
        children: list[Node | None] = []
        consumed = False
        while not self.at_stop():
            tok = self.peek()
            assert tok is not None
            if tok.kind is Kind.AND:
                self.next()
                following = self.peek()
                if (
                    not consumed
                    or self.at_stop()
                    or (following is not None and following.kind is Kind.AND)
                ):
                    raise _error("'AND' needs a term on both sides", tok.pos)
                continue
            children.append(self.parse_unary())
            consumed = True
        return _combine(And, children), consumed

    def parse_unary(self) -> Node | None:
        tok = self.peek()
        assert tok is not None
        if tok.kind not in (Kind.NOT, Kind.MINUS):
            return self.parse_primary()
        self.next()
        following = self.peek()
        if self.at_stop() or (following is not None and following.kind is Kind.AND):
            raise _error(f"'{tok.kind.value}' needs a term after it", tok.pos)
        self.enter(tok)
        child = self.parse_unary()
        self.depth -= 1
        return None if child is None else Not(child, pos=tok.pos)

    def enter(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error("too deeply nested", tok.pos, f"at most {MAX_DEPTH} levels")

    def parse_primary(self) -> Node | None:
        tok = self.next()
        if tok.kind is Kind.LPAREN:
            closing = self.peek()
            if closing is not None and closing.kind is Kind.RPAREN:
                raise _error("empty parentheses", tok.pos)
            self.enter(tok)
            node, _ = self.parse_or()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing.kind is not Kind.RPAREN:
                raise _error("missing ')' for '('", tok.pos)
            self.next()
            return node
        if tok.kind in (Kind.WORD, Kind.PHRASE):
            if not searchable(tok.text):
                return None
            self.count(tok)
            phrase = tok.kind is Kind.PHRASE
            text = " ".join(tok.text.split()) if phrase else tok.text  # FTS ignores spacing
            return Term(text, phrase=phrase, prefix=tok.prefix, pos=tok.pos)
        if tok.kind is Kind.FIELD:
            self.count(tok)
            return _field(tok)
        # AND is consumed by parse_and, OR and ')' stop it, NOT and '-' go to parse_unary.
        raise AssertionError(f"unexpected token {tok}")  # pragma: no cover

    def count(self, tok: Token) -> None:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise _error("too many terms", tok.pos, f"at most {MAX_TERMS}")


def _combine(cls: type[And] | type[Or], children: list[Node | None]) -> Node | None:
    """Drop ignorable children, splice nested nodes of the same kind, unwrap a single child."""
    flat: list[Node] = []
    for child in children:
        if child is None:
            continue
        if isinstance(child, cls):
            flat.extend(child.children)
        else:
            flat.append(child)
    if not flat:
        return None
    if len(flat) == 1:
        return flat[0]
    return cls(tuple(flat))


def _field(tok: Token) -> FieldTerm:
    name = tok.text.lower()
    if name not in FIELDS:
        import difflib  # only for the "did you mean" of an unknown field

        guess = difflib.get_close_matches(f"{name}:", FIELD_NAMES, n=1, cutoff=0.6)
        hint = f"did you mean {guess[0]}?" if guess else "known fields: " + " ".join(FIELD_NAMES)
        raise _error(f"unknown field '{tok.text}:'", tok.pos, hint)
    if not tok.value.strip():
        raise _error(f"empty value for {name}:", tok.pos)
    try:
        value = check_value(name, tok.value, tok.prefix)
        if name in FTS_COLUMNS and not searchable(value):
            raise ValueProblem(
                f"nothing to search for in {name}:", "give a word with letters or digits"
            )
    except ValueProblem as exc:
        raise _error(exc.what, tok.value_pos, exc.hint) from None
    return FieldTerm(name, value, prefix=tok.prefix, pos=tok.pos, value_pos=tok.value_pos)


def parse_query(text: str) -> Node | None:
    """Parse query text into a syntax tree; ``None`` for a query that asks for everything.

    Raises QuerySyntaxError (a ValueError) with the 0-based position of the problem.
    """
    for pos, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            raise _error("invalid character", pos)
    return _Parser(tokenize(text)).parse()
