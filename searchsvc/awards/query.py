"""Awards requests: unit, type, body, from, to, page, per_page, and the award types' labels.

Query strings become an ``AwardsRequest`` at the HTTP boundary (``searchsvc.web.params``), the
same for the HTML overview form and the JSON/CSV endpoints, so a URL means the same thing on
every surface. An empty value (a form's "any" option) means "not filtered".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from indexer.enrich import award_rules

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
# A record is a few hundred bytes: 50 per page keeps an answer small, 200 lets a caller take a
# whole unit's history (the largest in the archive has about a dozen) in one request.
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# Years an archive of education news can speak of (the same range as the search's year facet).
MIN_YEAR, MAX_YEAR = 1800, 2999


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
