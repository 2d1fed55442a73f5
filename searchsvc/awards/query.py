"""Awards requests, validated at the boundary: unit, type, body, from, to, page, per_page.

Framework-free, in the style of ``searchsvc.engine.request``: any mapping of name -> list of values
in,
an ``AwardsRequest`` or a ``RequestError`` (400, one exact message) out. The HTML overview form
and the JSON/CSV endpoints share it, so a URL means the same thing on every surface. An empty
value (a form's "any" option) means "not filtered".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from indexer.enrich import award_rules
from indexer.text.analysis import normalize
from searchsvc.engine.request import MAX_PAGE, MAX_VALUE_CHARS, RequestError, reject_unknown

# Award types (the stable ``award_type`` keys of indexer.enrich.award_rules) as the UI names them.
# Grouped labels where one key covers several written awards (Cờ thi đua / Cờ thi đua xuất sắc).
TYPE_LABELS: dict[str, str] = {
    "huan_chuong_doc_lap": "Huân chương Độc lập",
    "huan_chuong_lao_dong": "Huân chương Lao động",
    "huan_chuong_other": "Huân chương khác (kể cả của nước ngoài)",
    "anh_hung_lao_dong": "Anh hùng Lao động",
    "anh_hung_llvt": "Anh hùng Lực lượng vũ trang nhân dân",
    "danh_hieu_other": "Nghệ sĩ, Thầy thuốc, Nghệ nhân Nhân dân / Ưu tú",
    "other": "Huy chương, kỷ niệm chương, giải thưởng khác",
    "co_thi_dua": "Cờ thi đua",
    "bang_khen": "Bằng khen",
    "giay_khen": "Giấy khen",
    "dan_dau_thi_dua": "Đơn vị dẫn đầu phong trào thi đua",
    "chien_si_thi_dua": "Chiến sĩ thi đua",
    "nha_giao": "Nhà giáo Nhân dân / Nhà giáo Ưu tú",
}
TYPES = tuple(sorted({rule.key for rule in award_rules.AWARDS}))

FILTERS = ("unit", "type", "body", "from", "to")
PARAMETERS = (*FILTERS, "page", "per_page")
# A record is a few hundred bytes: 50 per page keeps an answer small, 200 lets a caller take a
# whole unit's history (the largest in the archive has about a dozen) in one request.
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# Years an archive of education news can speak of (the same range as the search's year facet).
MIN_YEAR, MAX_YEAR = 1800, 2999
_FOUR_DIGITS = re.compile(r"^\d{4}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class AwardsRequest:
    """Which awards: recipient, type key, conferring body, a year range, and a page of them."""

    unit: str | None = None
    type: str | None = None
    body: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    # The overview lists newest first; the API, the CSV and a unit's timeline oldest first.
    newest_first: bool = False

    def with_page(self, page: int) -> AwardsRequest:
        return replace(self, page=page)

    def to_params(self, *, paging: bool = True) -> list[tuple[str, str]]:
        """Query-string pairs (defaults left out), in the documented parameter order."""
        values = (self.unit, self.type, self.body, self.year_from, self.year_to)
        pairs = [(name, str(v)) for name, v in zip(FILTERS, values, strict=True) if v is not None]
        if paging and self.page != 1:
            pairs.append(("page", str(self.page)))
        if paging and self.per_page != DEFAULT_PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        return pairs

    @property
    def filtered(self) -> bool:
        return bool(self.to_params(paging=False))


def _error(name: str, message: str) -> RequestError:
    return RequestError("invalid_parameter", message, name)


def _one(args: Mapping[str, Sequence[str]], name: str) -> str | None:
    """The single value of ``name``, stripped; None when absent or empty."""
    values = args.get(name) or []
    if len(values) > 1:
        raise _error(name, f"'{name}' may be given only once.")
    value = values[0].strip() if values else ""
    return value or None


def _text(args: Mapping[str, Sequence[str]], name: str) -> str | None:
    value = _one(args, name)
    if value is None:
        return None
    if len(value) > MAX_VALUE_CHARS or _CONTROL.search(value):
        raise _error(name, f"'{name}' must be at most {MAX_VALUE_CHARS} printable characters.")
    return normalize(value)


def _year(args: Mapping[str, Sequence[str]], name: str) -> int | None:
    value = _one(args, name)
    if value is None:
        return None
    if not _FOUR_DIGITS.match(value) or not MIN_YEAR <= int(value) <= MAX_YEAR:
        raise _error(name, f"'{name}' must be a year from {MIN_YEAR} to {MAX_YEAR}.")
    return int(value)


def _int(args: Mapping[str, Sequence[str]], name: str, default: int, high: int) -> int:
    value = _one(args, name)
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= high:
        raise _error(name, f"'{name}' must be a whole number from 1 to {high}.")
    return int(value)


def parse_awards_request(
    args: Mapping[str, Sequence[str]], *, paging: bool = True
) -> AwardsRequest:
    """Validate raw query-string values; ``paging=False`` (the CSV export) refuses page/per_page."""
    reject_unknown(args, PARAMETERS if paging else FILTERS)
    kind = _one(args, "type")
    if kind is not None and kind not in TYPES:
        raise _error("type", f"'type' must be one of: {', '.join(TYPES)}.")
    year_from, year_to = _year(args, "from"), _year(args, "to")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise _error("from", "'from' must not be after 'to'.")
    return AwardsRequest(
        unit=_text(args, "unit"),
        type=kind,
        body=_text(args, "body"),
        year_from=year_from,
        year_to=year_to,
        page=_int(args, "page", 1, MAX_PAGE) if paging else 1,
        per_page=_int(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE) if paging else MAX_PER_PAGE,
    )
