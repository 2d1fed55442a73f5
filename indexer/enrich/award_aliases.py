"""Short names an article defines for a recipient, so its records group under one name.

Real articles define them in two ways (awards-dev, VNTC): an acronym in parentheses after the words
it abbreviates ("Lực lượng Thanh niên Xung phong (TNXP) TPHCM", later "Lực lượng TNXP TPHCM"), and
"(gọi tắt là ...)" after a body's full name ("Viện Thực hành quyền công tố và kiểm sát xét xử
phúc thẩm (gọi tắt là VKS phúc thẩm)", the headline says "VKS Phúc thẩm"). Keys are the casefolded
forms of ``award_identity.recipient_key``.
"""

from __future__ import annotations

import re

from indexer.enrich.award_identity import recipient_key
from indexer.enrich.award_records import Award
from indexer.text.analysis import fold_text

ACRONYM_RE = re.compile(r"\(([A-ZĐ]{2,8})\)")
CALLED_RE = re.compile(r"\s*\((?:sau đây\s+)?(?:gọi|viết)\s+tắt\s+là\s+([^()]{2,40})\)")


def article_aliases(text: str, records: list[Award]) -> dict[str, str]:
    """short key -> long key, from the article's acronyms and the records' "(gọi tắt là X)"."""
    aliases: dict[str, str] = {}
    for m in ACRONYM_RE.finditer(text):
        acronym = m.group(1)
        words = text[: m.start()].split()[-len(acronym) :]
        initials = "".join(fold_text(w)[:1] for w in words).upper()
        if len(words) == len(acronym) and initials == fold_text(acronym).upper():
            aliases[acronym.casefold()] = " ".join(words).casefold()
    for a in records:
        at = a.sentence.find(a.recipient)
        called = CALLED_RE.match(a.sentence, at + len(a.recipient)) if at >= 0 else None
        if called:
            aliases[recipient_key(called.group(1))] = recipient_key(a.recipient)
    return aliases


def aliased_key(name: str, aliases: dict[str, str]) -> str:
    """``recipient_key`` with the article's short forms written out."""
    key = recipient_key(name)
    if key in aliases:
        return aliases[key]
    return " ".join(aliases.get(w, w) if w.isalpha() else w for w in key.split())
