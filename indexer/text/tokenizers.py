"""The Whoosh analyzers: the functions of ``indexer.text.analysis`` fused into single tokenizers.

Whoosh's usual ``Tokenizer | Filter | Filter`` chain runs one Python generator per stage for
every syllable; over the five text fields of an article that chain was most of the build time.
Each analyzer here is one generator doing all its stages.

These classes are pickled into the index schema: keep them at this import path, and bump
``indexer.text.analysis.ANALYSIS_VERSION`` whenever the terms they produce change.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer

from indexer.text.analysis import TOKEN_RE, canonical_syllable, fold_syllable, normalize
from indexer.text.concepts import concept_table


def _token(positions: bool, chars: bool, removestops: bool, mode: str, kwargs) -> Token:  # type: ignore[no-untyped-def]
    token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
    token.boost = 1.0
    token.stopped = False
    return token


class _SyllableTokenizer(Tokenizer):
    """Whoosh's tokenizer call signature; subclasses yield the tokens of ``normalize(value)``."""

    def __call__(  # type: ignore[no-untyped-def]
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ) -> Iterator[Token]:
        token = _token(positions, chars, removestops, mode, kwargs)
        return self.tokens(token, normalize(value), keeporiginal, chars, start_pos, start_char)

    def tokens(self, t, text, keeporiginal, chars, start_pos, start_char):  # type: ignore[no-untyped-def]
        raise NotImplementedError


class ExactTokenizer(_SyllableTokenizer):
    """The exact field (``text_exact``): NFC syllables, lowercase, tone in canonical place."""

    def tokens(self, t, text, keeporiginal, chars, start_pos, start_char):  # type: ignore[no-untyped-def]
        for pos, match in enumerate(TOKEN_RE.finditer(text), start_pos):
            t.text = canonical_syllable(match.group())
            if keeporiginal:
                t.original = match.group()
            t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + match.start(), start_char + match.end()
            yield t


class FoldedTokenizer(_SyllableTokenizer):
    """Folded fields (``title_fold``, ``text_fold``): folded syllables, and after each one

    * the pair it makes with the syllable before (``thai nguyen``, at the first one's position):
      quoted phrases and adjacency become term lookups (``searchsvc.engine.matching``, ``rerank``);
    * the concept term of a name whose spelling ends here (``§giaoducvadaotao`` after ``GD&ĐT``,
      ``GDĐT`` or ``giáo dục và đào tạo``; see ``indexer.text.concepts``), at the name's first
      position.
    """

    def tokens(self, t, text, keeporiginal, chars, start_pos, start_char):  # type: ignore[no-untyped-def]
        table, lengths, last_syllables = concept_table()
        recent: list[tuple[str, int, int]] = []  # (folded, pos, startchar) of the last few
        for pos, match in enumerate(TOKEN_RE.finditer(text), start_pos):
            folded = fold_syllable(match.group())
            start, end = start_char + match.start(), start_char + match.end()
            t.text, t.pos = folded, pos
            if keeporiginal:
                t.original = match.group()
            if chars:
                t.startchar, t.endchar = start, end
            yield t
            if recent:
                t.text, t.pos = f"{recent[-1][0]} {folded}", pos - 1
                if chars:
                    t.startchar = recent[-1][2]
                yield t
            recent.append((folded, pos, start))
            if folded in last_syllables:
                for length in lengths:
                    if length <= len(recent):
                        run = recent[-length:]
                        key = table.get(tuple(item[0] for item in run))
                        if key is not None:
                            t.text, t.pos = key, run[0][1]
                            if chars:
                                t.startchar = run[0][2]
                            yield t
            if len(recent) > lengths[-1]:
                del recent[0]


def exact_analyzer() -> ExactTokenizer:
    """Analyzer of the exact fields."""
    return ExactTokenizer()


def folded_analyzer() -> FoldedTokenizer:
    """Analyzer of the folded fields."""
    return FoldedTokenizer()
