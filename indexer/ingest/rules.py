"""Vietnamese-portal knowledge as data: page furniture, byline/source labels and date patterns.

Main-content detection on unseen pages is trafilatura's job (measured in bench/extraction.py);
this module holds only what trafilatura cannot know: the furniture of Vietnamese education
portals (NukeViet CMS department sites, GD&TĐ-style newspapers) and how they write dates and
bylines. Every group says where it was seen. All strings are NFC; matching is done on
whitespace-normalised, case-folded text (see ``indexer.ingest.body_lines``).
"""

from __future__ import annotations

import re

# --- HTML: elements removed before main-content detection -----------------------------------
# Only Vietnamese-portal furniture: generic page chrome (header, nav, footer, aside) is left to
# trafilatura, which handles it better than a blanket removal (measured: removing <header>
# made trafilatura lose the whole article on 1 of 181 extraction-dev pages).
# Class tokens are matched whole (`related` does not match `unrelated-content`).
FURNITURE_CLASSES: tuple[str, ...] = (
    # NukeViet 4 news module and blocks (themes/default/modules/news/detail.tpl and blocks).
    "other-news",  # the `Những tin mới hơn / cũ hơn` panel
    "related",  # the <ul> of those lists
    "socialicon",  # share buttons
    "fb-like",
    "twitter-share-button",
    "comment-title",
    "comment-form",
    "keywords",  # Tags: line
    "breadcrumbs",
    "counter",  # visitor counter
    "login_info",
    "login-form",
    "hover-star",  # rating stars
    # GD&TĐ / newspaper templates: related box, share bar, audio player, focus boxes, tags.
    "box-related",
    "related-news",
    "share-bar",
    "social-share",
    "audio-player",
    "box-focus",
    "box-dontmiss",
    "article__tag",
)
FURNITURE_IDS: tuple[str, ...] = (
    # NukeViet: comments, rating, session-timeout dialog, OpenID result box.
    "idcomment",
    "formcomment",
    "stringrating",
    "hover-test",
    "timeoutsess",
    "openidResult",
)
FURNITURE_TAGS: tuple[str, ...] = ("audio", "video", "iframe")

# The lead paragraph ("sapo"), which trafilatura sometimes leaves out as it sits outside the
# body container: NukeViet `hometext`, GD&TĐ/VnExpress `article__sapo`, `sapo`, `cms-desc`.
LEAD_CLASSES: tuple[str, ...] = ("hometext", "article__sapo", "sapo", "cms-desc", "lead")
# Headline elements of CMSs that do not put the headline in <h1> (the VNPT portal of
# ../shared/vi-pages-dev: `div.ArticleHeader`; newspapers: `title-detail`, `article__title`,
# `detail-title`; WordPress: `entry-title`). Confirmed by og:title or <title> before use.
TITLE_CLASSES: tuple[str, ...] = (
    "ArticleHeader",
    "title-detail",
    "detail-title",
    "article__title",
    "article-title",
    "title_news_detail",
    "news-title",
    "entry-title",
    "post-title",
)
# Separators between a headline and the site name in <title> (`Tiêu đề | Sở GD&ĐT Hà Giang`).
TITLE_SEPARATOR = re.compile(r"(\s+[|–—-]\s+|\s*::\s*|\s+»\s+)")
# Photo captions: `<figcaption>` and caption paragraphs; kept as body text (they name people and
# units), their repeats are removed later.
CAPTION_XPATH = "//figure | //figcaption | //p[contains(@class, 'caption')]"

# Headings that open a furniture block: the heading and the block it heads are removed
# (NukeViet news module; GD&TĐ, Nhân Dân, VnExpress article pages). Compared case-folded, after
# stripping trailing ':' and whitespace.
FURNITURE_HEADINGS: tuple[str, ...] = (
    "Những tin mới hơn",
    "Những tin cũ hơn",
    "Tin liên quan",
    "Tin cùng chuyên mục",
    "Tin tiêu điểm",
    "Đừng bỏ lỡ",
    "Theo dòng sự kiện",
    "Ý kiến bạn đọc",
    "Bình luận",
    "Thống kê truy cập",
    "Quản lý thành viên",
    "Tin mới nhất",
    "Tin đọc nhiều",
    "Xem nhiều",
)

# --- Text lines that are furniture wherever they stand ---------------------------------------
# Exact lines (case-folded, whitespace-normalised). Seen in archive/txt seeds 002-004 and in
# NukeViet pages saved as text.
FURNITURE_LINES: frozenset[str] = frozenset(
    s.casefold()
    for s in (
        "banner",
        "0:00 / 0:00",
        "0:00",
        "Chia sẻ bài viết",
        "Chia sẻ",
        "Click để đánh giá bài viết",
        "Gửi phản hồi",
        "In bài viết",
        "Lưu bài viết",
        "Quay lại",
        "Về đầu trang",
        "***",
        *FURNITURE_HEADINGS,
    )
)

# Line patterns that are furniture: rating sentence, visitor counter rows, login prompts,
# fanpage links, keep-alive notice, image placeholders (seed 004: `vp1`), tag lines.
FURNITURE_LINE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^Tổng số điểm của bài viết là:?\s*\d+\s*trong\s*\d+\s*đánh giá\.?$",
        r"^[•·\-*]?\s*(Đang truy cập|Máy chủ tìm kiếm|Khách viếng thăm|Hôm nay|Hôm qua"
        r"|Tuần này|Tháng hiện tại|Tháng trước|Tổng lượt truy cập)\s*:?\s*[\d.,]+$",
        r"^Fanpage\b.*$",
        r"^Hãy đăng nhập\b.*$",
        r"^(Đăng nhập|Đăng ký|Quên mật khẩu)\??$",
        r"^Bạn đã không sử dụng Site\b.*$",
        r"^(Tags?|Từ khóa|Từ khoá)\s*:.*$",
        # Image placeholders: a lone short file-ish token such as `vp1`, `anh2`, `IMG_0012.jpg`.
        r"^[a-z]{1,6}[_-]?\d{1,4}(\.(jpe?g|png|gif|webp))?$",
        r"^\d+:\d{2}\s*/\s*\d+:\d{2}$",
        # Bracketed buttons and toggles of newspaper and wiki-like themes: `[Quay lại]`,
        # `[Hiển thị]` (a contents box's toggle, also after `Mục lục`), `[In bài]`.
        r"^(?:Mục lục\s*)?\[\s*(?:Quay lại|Trở về|Trở lại|Về đầu trang|Hiển thị|Ẩn|In bài|In"
        r"|Đóng|Xem thêm|Gửi bài|Lên đầu trang)\s*\]$",
        # A rating line: `(6816 bình chọn, 9/10 điểm)`.
        r"^\(?\s*[\d.,]+\s*(?:bình chọn|lượt bình chọn|đánh giá)\s*[,;-]\s*[\d.,]+\s*/\s*\d+"
        r"\s*điểm\s*\)?$",
        # A related-article link set on its own line after `>>` or `»` (Dân trí, VnExpress).
        r"^(?:>>|»|>)\s*\S.{0,200}$",
    )
)
# Link markers of inline related-article links inside the body: `>> <a>Tiêu đề khác</a>`.
RELATED_LINK_MARKERS: tuple[str, ...] = (">>", "»", "&gt;&gt;")

# A sentence break candidate inside a line: two letters, `.`/`?`/`!`, a space, a letter or a
# quote. It counts only when the letters before are lowercase and the one after a capital
# (checked in code: regex ranges cannot tell Vietnamese case), which keeps abbreviations
# (`TP. Hồ Chí Minh`, `PGS. TS`) out.
SENTENCE_BREAK = re.compile(r"([^\W\d_]{2})[.!?]\s+[\"“]?([^\W\d_])")

# --- Bylines and sources ----------------------------------------------------------------------
# Labelled lines (NukeViet prints `Tác giả:` and `Nguồn tin:` after the body).
AUTHOR_LABELS = re.compile(
    r"^(Tác giả|Người viết|Bài và ảnh|Bài, ảnh|Phóng viên)\s*:\s*(.+)$", re.I
)
SOURCE_LABELS = re.compile(r"^(Nguồn tin|Nguồn)\s*:\s*(.+)$", re.I)
# The source label anywhere in a byline element (`Tác giả: X Nguồn tin: Y` on one line).
SOURCE_LABEL_IN_LINE = re.compile(r"(?:^|(?<=\s)|(?<=\|))(Nguồn tin|Nguồn)\s*:\s*(.+)$", re.I)
# Any label that ends a labelled value when two share one element.
NEXT_LABEL = re.compile(
    r"\s*(?:[|•·-]\s*)?(?:Tác giả|Nguồn tin|Nguồn|Tags?|Từ khóa|Từ khoá|Ngày đăng|Cập nhật"
    r"|Đăng lúc|Lượt xem)\s*:",
    re.I,
)
# A newspaper's own name opening the lead: `GD&TĐ - Chiều 21/3, ...` (seed 003).
SOURCE_PREFIX = re.compile(
    r"^(?P<src>GD&TĐ|GDTĐ|GD&ĐT|VOV|VTV|TTXVN|Dân trí|Tuổi Trẻ|Thanh Niên|Nhân Dân|VietNamNet)"
    r"\s*[-–—:]\s+"
)
# A site name opening the lead: `Dienbien.edu.vn: Trong 02 năm học ...` (seed 004).
SITE_PREFIX = re.compile(r"^[\w-]+(\.[\w-]+)*\.(vn|com|net|org|edu)\s*[:\-–—]\s+", re.I)
# A trailing signature: 1-4 name syllables, initials allowed (`B.Ngọc`, `Mai Hương`,
# `Nguyễn Văn A (Phòng GD&ĐT)` is NOT taken: parentheses mean it is prose).
SIGNATURE = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯ][\w]*\.\s?)*[A-ZĐÂĂÊÔƠƯ]\w*(?:\s[A-ZĐÂĂÊÔƠƯ]\w*){0,3}$")
# A signature longer than this many characters is prose, not a name.
MAX_SIGNATURE_CHARS = 40

# --- Dates ------------------------------------------------------------------------------------
# Day-first dates as Vietnamese portals print them: `15/06/2020 - 06:20`,
# `Thứ sáu - 18/12/2020 02:09`, `Thứ Năm, 23/09/2021 14:30 (GMT+7)`, `Ngày 5-3-2021`,
# `23 Tháng 9, 2021` and `ngày 23 tháng 9 năm 2021` (month written as a word: school and
# WordPress themes), `2021-09-23 14:30` (ISO, some CMS date lines).
WEEKDAY = r"(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|Chủ\s+nhật|CN|T[2-7])"
DATE_DMY = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})"
DATE_WORDS = (
    r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:,|\s)\s*(?:năm\s+)?(?P<y2>(?:19|20)\d{2})"
)
DATE_YMD = r"(?P<y3>(?:19|20)\d{2})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
TIME = r"(?:\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:AM|PM|SA|CH))?)"
# Labels that introduce an article's own date (NukeViet, VNPT portals, WordPress themes,
# newspapers): `Ngày đăng:`, `Cập nhật:`, `Đăng lúc`, `Ngày xuất bản:`.
DATE_LABEL = (
    r"(?:Ngày đăng|Đăng ngày|Đăng lúc|Ngày cập nhật|Cập nhật lúc|Cập nhật|Ngày xuất bản"
    r"|Xuất bản|Thời gian đăng|Ngày viết|Ngày|Đăng)"
)
ANY_DATE = rf"(?:{DATE_DMY}|{DATE_WORDS}|{DATE_YMD})"
# A line (or element text) that is nothing but a publication date: optional label, weekday,
# date, time, time zone. Requiring the whole line keeps dates inside prose
# (`ngày 25 tháng 11 năm 1992 theo ...`) and list items (`Tên bài (12/03/2019)`) out.
DATE_LINE = re.compile(
    rf"^(?:{DATE_LABEL}\s*:?\s*)?"
    rf"(?:{WEEKDAY}\s*[,\-–]?\s*)?(?:{TIME}\s*[,\-–]?\s*)?(?:ngày\s+)?{ANY_DATE}"
    rf"(?:\s*[,\-–|]?\s*(?:lúc\s*)?{TIME})?(?:\s*\(?GMT\s*[+-]\s*\d{{1,2}}\)?)?\.?$",
    re.IGNORECASE,
)
# A labelled date anywhere in a short element: `Tác giả: Lan Anh | Ngày đăng: 23/09/2021`.
LABELLED_DATE = re.compile(
    rf"(?<!\w){DATE_LABEL}\s*:\s*(?:{WEEKDAY}\s*[,\-–]?\s*)?(?:{TIME}\s*[,\-–]?\s*)?"
    rf"(?:ngày\s+)?{ANY_DATE}",
    re.IGNORECASE,
)
# ISO dates of meta tags, JSON-LD and <time datetime>.
DATE_ISO = re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})")
# Publication dates before this year are typos or dates of something else: the first
# Vietnamese state press of the republic starts in 1945.
EARLIEST_YEAR = 1945
# A bare day/month at the start of the lead: `Chiều 21/3, ...`, `Sáng nay (5/9), ...`.
BARE_DAY_MONTH = re.compile(
    r"^(?:(?:Sáng|Chiều|Trưa|Tối|Đêm|Ngày|Hôm nay|Hôm qua)(?:\s+nay)?\s*\(?\s*)"
    r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\b(?!\s*/\s*\d)",
    re.IGNORECASE,
)
# The school year that dates a bare day/month: `năm học 2022-2023`, `năm học 2022 - 2023`.
SCHOOL_YEAR = re.compile(r"năm học\s+(?P<a>(?:19|20)\d{2})\s*[-–—]\s*(?P<b>(?:19|20)\d{2})", re.I)
# Months 8-12 fall in the first calendar year of a school year, 1-7 in the second
# (the Vietnamese school year runs from about September to May; August is preparation).
SCHOOL_YEAR_FIRST_MONTH = 8

# Meta tags that carry the publication date, most specific first (Open Graph, Dublin Core,
# schema.org, NukeViet's own).
DATE_META_NAMES: tuple[str, ...] = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "dc.date.issued",
    "dc.date",
    "date",
)
# JSON-LD types whose `datePublished`/`headline` are the page's own article (schema.org).
JSONLD_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "Report",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
    }
)
