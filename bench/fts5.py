"""The SQLite FTS5 side of the search benchmark: same records, same queries, same facet semantics.

Index: ``docs`` (original NFC title/body, for display), ``meta`` (stable id, year, date key: a
narrow table, so facet counting and sorting never page through article text), ``doc_units`` and
``doc_awards`` (one row per facet value), and an FTS5 table over title and body. FTS5's
``unicode61 remove_diacritics 2`` tokenizer removes every Vietnamese mark but keeps ``đ`` (U+0111
is a letter of its own, not d + a mark), so ``đ``/``Đ`` are folded to ``d``/``D`` in Python first,
as ``indexer.text.analysis.fold_text`` does. That replacement keeps every character offset, which
lets a
snippet cut from the folded column be mapped back onto the accented original for display.

A query: the matching rowids go once into a temporary table; facet counts are then ``GROUP BY``
over it (each facet ignoring its own selection, OR within a facet, AND across facets, as in
``searchsvc.engine.facets``); the page is ``ORDER BY bm25`` with ties broken by id; ``highlight()``
and
``snippet()`` mark the page's title and body.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import Any

# Title above body, as in our BM25F: FTS5's bm25() takes per-column weights.
TITLE_WEIGHT = 4.0
SNIPPET_TOKENS = 40  # about the 260 characters of searchsvc.engine.highlight.SNIPPET_CHARS
UNKNOWN_YEAR = "unknown"  # same bucket name as indexer.schema.UNKNOWN_YEAR
_D_FOLD = str.maketrans({"đ": "d", "Đ": "D"})  # length-preserving: offsets stay valid
OPEN, CLOSE, ELLIPSIS = "\x02", "\x03", "\x04"

SCHEMA = """
CREATE TABLE docs(id INTEGER PRIMARY KEY, title TEXT, body TEXT);
CREATE TABLE meta(id INTEGER PRIMARY KEY, docid TEXT, year TEXT, published INTEGER);
CREATE TABLE doc_units(doc INTEGER, value TEXT);
CREATE TABLE doc_awards(doc INTEGER, value TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2');
"""
INDEXES = """
CREATE INDEX doc_units_doc ON doc_units(doc, value);
CREATE INDEX doc_awards_doc ON doc_awards(doc, value);
CREATE INDEX meta_published ON meta(published DESC, docid);
"""
FACET_TABLES = {"unit": "doc_units", "award": "doc_awards"}


def fold_d(text: str) -> str:
    return text.translate(_D_FOLD)


def build(db_path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Create the database from records (``docid``, ``title``, ``body``, ``year``, ``published``,
    ``units``, ``awards``) in one transaction; returns the number of documents."""
    db_path.unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    con.executescript(SCHEMA)
    n = 0
    with con:
        for n, rec in enumerate(records, start=1):
            year = str(rec["year"]) if rec["year"] else UNKNOWN_YEAR
            con.execute("INSERT INTO docs VALUES (?,?,?)", (n, rec["title"], rec["body"]))
            con.execute(
                "INSERT INTO meta VALUES (?,?,?,?)", (n, rec["docid"], year, rec["published"])
            )
            con.execute(
                "INSERT INTO fts(rowid, title, body) VALUES (?,?,?)",
                (n, fold_d(rec["title"]), fold_d(rec["body"])),
            )
            con.executemany("INSERT INTO doc_units VALUES (?,?)", [(n, u) for u in rec["units"]])
            con.executemany("INSERT INTO doc_awards VALUES (?,?)", [(n, a) for a in rec["awards"]])
        con.executescript(INDEXES)
        con.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    con.close()
    return n


def _in(values: Sequence[str]) -> str:
    return ",".join("?" * len(values))


def _predicates(selections: dict[str, Sequence[str]]) -> dict[str, tuple[str, list[str]]]:
    """SQL condition on ``m.doc`` (and ``d`` = docs) for each facet with a selection."""
    preds: dict[str, tuple[str, list[str]]] = {}
    for name, values in selections.items():
        if not values:
            continue
        if name == "year":
            preds[name] = (f"d.year IN ({_in(values)})", list(values))
        else:
            table = FACET_TABLES[name]
            sql = f"EXISTS (SELECT 1 FROM {table} s WHERE s.doc = m.doc AND s.value IN ({_in(values)}))"  # noqa: E501
            preds[name] = (sql, list(values))
    return preds


def _where(preds: dict[str, tuple[str, list[str]]], skip: str | None) -> tuple[str, list[str]]:
    """`` AND ``-prefixed conditions of every selected facet but ``skip``, and their arguments."""
    parts = [(sql, args) for name, (sql, args) in preds.items() if name != skip]
    return "".join(f" AND {s}" for s, _ in parts), [a for _, args in parts for a in args]


def _restore(snippet: str, folded: str, original: str) -> str:
    """The FTS5 snippet (cut from ``folded``) as HTML on the accented ``original`` text."""
    plain = snippet.replace(OPEN, "").replace(CLOSE, "").replace(ELLIPSIS, "")
    start = folded.find(plain)
    out, pos = [], start
    for ch in snippet:
        if ch == OPEN:
            out.append("<mark>")
        elif ch == CLOSE:
            out.append("</mark>")
        elif ch == ELLIPSIS:
            out.append("…")
        else:
            out.append(escape(original[pos] if start >= 0 else ch))
            pos += 1
    return "".join(out)


class Fts5Engine:
    """An open FTS5 benchmark database answering ``search`` like ``searchsvc.engine.service``."""

    def __init__(self, db_path: Path) -> None:
        self.con = sqlite3.connect(db_path)
        self.con.execute("CREATE TEMP TABLE m(doc INTEGER PRIMARY KEY)")

    def search(
        self, match: str | None, selections: dict[str, Sequence[str]], per_page: int = 10
    ) -> dict[str, Any]:
        """Total, facet counts over all matches and the first page with highlighted snippets.
        ``match`` None means no text query (filter only, newest first)."""
        con = self.con
        con.execute("DELETE FROM m")
        if match is None:
            con.execute("INSERT INTO m SELECT id FROM meta")
        else:
            con.execute("INSERT INTO m SELECT rowid FROM fts WHERE fts MATCH ?", (match,))
        preds = _predicates(selections)
        join = "FROM m JOIN meta d ON d.id = m.doc WHERE 1"
        where, args = _where(preds, None)
        total = con.execute(f"SELECT count(*) {join}{where}", args).fetchone()[0]
        facets = {}
        for name in ("unit", "year", "award"):
            where, args = _where(preds, name)
            if name == "year":
                sql = f"SELECT d.year, count(*) {join}{where} GROUP BY d.year"
            else:
                sql = (
                    f"SELECT f.value, count(*) FROM m JOIN meta d ON d.id = m.doc "
                    f"JOIN {FACET_TABLES[name]} f ON f.doc = m.doc WHERE 1{where} GROUP BY f.value"
                )
            facets[name] = dict(con.execute(sql, args).fetchall())
        where, args = _where(preds, None)
        if match is None:
            page = con.execute(
                f"SELECT m.doc {join}{where} ORDER BY d.published DESC, d.docid LIMIT ?",
                [*args, per_page],
            ).fetchall()
        else:
            page = con.execute(
                f"SELECT m.doc FROM m JOIN meta d ON d.id = m.doc "
                f"JOIN fts ON fts.rowid = m.doc WHERE fts MATCH ?{where}"
                f" ORDER BY bm25(fts, {TITLE_WEIGHT}, 1.0), d.docid LIMIT ?",
                [match, *args, per_page],
            ).fetchall()
        hits = self._hits([r[0] for r in page], match)
        return {"total": total, "facets": facets, "hits": hits}

    def _hits(self, rowids: list[int], match: str | None) -> list[dict[str, Any]]:
        if not rowids:
            return []
        docs = {
            r[0]: r[1:]
            for r in self.con.execute(
                f"SELECT id, docid, title, body FROM docs JOIN meta USING (id) "
                f"WHERE id IN ({_in(rowids)})",
                rowids,
            )
        }
        marked: dict[int, tuple[str, str]] = {}
        if match is not None:
            for rowid, title, snippet in self.con.execute(
                f"SELECT rowid, highlight(fts, 0, ?, ?), snippet(fts, 1, ?, ?, ?, ?) FROM fts "
                f"WHERE fts MATCH ? AND rowid IN ({_in(rowids)})",
                [OPEN, CLOSE, OPEN, CLOSE, ELLIPSIS, SNIPPET_TOKENS, match, *rowids],
            ):
                _, otitle, obody = docs[rowid]
                marked[rowid] = (
                    _restore(title, fold_d(otitle), otitle),
                    _restore(snippet, fold_d(obody), obody),
                )
        out = []
        for rowid in rowids:
            docid, title, body = docs[rowid]
            title_html, snippet_html = marked.get(rowid, (escape(title), escape(body[:260])))
            out.append({"id": docid, "title": title_html, "snippet": snippet_html})
        return out


def to_fts5(q: str) -> str | None:
    """Our query language (parsed by ``searchsvc.engine.querylang``, fallbacks included) as an FTS5
    MATCH expression over the folded columns; None for an empty query (filter only).

    Only folding is shared: FTS5 gets no abbreviation expansion and no phrase bonus, so
    ``GD&ĐT`` is the phrase ``gd dt`` there and never ``giáo dục và đào tạo``.
    """
    from indexer.text.analysis import fold_text
    from searchsvc.engine.querylang import Not, Or, Words, parse_query

    def words(node: Words) -> str:
        text = " ".join(fold_text(t) for t in node.tokens)
        quoted = f'"{text}"' if node.phrase else " AND ".join(f'"{t}"' for t in text.split())
        return f"title : ({quoted})" if node.title_only else quoted

    def expr(node) -> str:  # type: ignore[no-untyped-def]
        if isinstance(node, Words):
            return words(node)
        if isinstance(node, Or):
            return "(" + " OR ".join(expr(c) for c in node.children) + ")"
        if isinstance(node, Not):
            return expr(node.child)
        positive = [expr(c) for c in node.children if not isinstance(c, Not)]
        negative = [expr(c.child) for c in node.children if isinstance(c, Not)]
        return "(" + " AND ".join(positive) + ")" + "".join(f" NOT {n}" for n in negative)

    node, _ = parse_query(q)
    return None if node is None else expr(node)
