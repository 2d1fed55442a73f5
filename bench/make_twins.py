"""Write archive/html/portal-twins/: one NukeViet article page saved four ways.

The same article as UTF-8, Windows-1258 (tones as combining marks, the way that code page
carries them), NFD UTF-8, and TCVN3 (.VnTime font, declared iso-8859-1, as 2000s portals did).
Reading any of them must give the UTF-8 twin's text; the archive also tests near-duplicate
detection with them. Run: ``.venv/bin/python bench/make_twins.py`` (deterministic output).
"""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.ingest import legacy

OUT = Path(__file__).resolve().parent.parent / "archive" / "html" / "portal-twins"
STEM = "phong-gddt-phu-luong-don-nhan-co-thi-dua"
TONES = "\u0300\u0301\u0303\u0309\u0323"
META_UTF8 = '<meta charset="utf-8">'

PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
{meta}
<title>Phòng GD&amp;ĐT huyện Phú Lương đón nhận Cờ thi đua của UBND tỉnh - Tin tức</title>
<meta name="generator" content="NukeViet v4.3">
<meta property="og:url" content="http://thainguyen.edu.vn/tin-tuc/phong-gddt-phu-luong-don-nhan-co-thi-dua-cua-ubnd-tinh-1234.html">
<link rel="canonical" href="http://thainguyen.edu.vn/tin-tuc/phong-gddt-phu-luong-don-nhan-co-thi-dua-cua-ubnd-tinh-1234.html">
{style}</head>
<body>
<div id="wraper">
<header id="header"><div class="logo"><a href="/"><span class="site-name">SỞ GIÁO DỤC VÀ ĐÀO TẠO
THÁI NGUYÊN</span></a></div></header>
<nav class="header-nav"><ul class="nav navbar-nav">
<li><a href="/">Trang chủ</a></li>
<li><a href="/gioi-thieu/">Giới thiệu</a></li>
<li class="active"><a href="/tin-tuc/">Tin tức - Sự kiện</a></li>
<li><a href="/van-ban/">Văn bản</a></li>
<li><a href="/thu-tuc-hanh-chinh/">Thủ tục hành chính</a></li>
<li><a href="/lien-he/">Liên hệ</a></li>
</ul></nav>
<div class="breadcrumbs"><a href="/">Trang chủ</a> &raquo; <a href="/tin-tuc/">Tin tức - Sự
kiện</a> &raquo; <a href="/tin-tuc/tin-phong-gd/">Tin các phòng GD&amp;ĐT</a></div>
<div class="row">
<div class="col-md-16" id="main">
<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title">Phòng GD&amp;ĐT huyện Phú Lương đón nhận Cờ thi đua của UBND tỉnh</h1>
<div class="row margin-bottom-lg">
<span class="h5">Thứ hai - 14/09/2020 08:15</span>
<ul class="list-inline text-right">
<li><a class="dimgray" title="In ra" href="/tin-tuc/print/1234.html"><em
 class="fa fa-print fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" title="Lưu bài viết này" href="/tin-tuc/savefile/1234.html"><em
 class="fa fa-save fa-lg">&nbsp;</em></a></li>
</ul>
</div>
<div class="hometext m-bottom"><p>Sáng 12/9, Phòng Giáo dục và Đào tạo huyện Phú Lương long
trọng tổ chức lễ đón nhận Cờ thi đua của UBND tỉnh Thái Nguyên, ghi nhận đơn vị dẫn đầu phong
trào thi đua khối các phòng giáo dục trong năm học 2019-2020.</p></div>
<figure class="article center"><img alt="le don nhan co thi dua"
 src="/uploads/news/2020_09/le-don-nhan-co.jpg" width="640">
<figcaption>Phó Giám đốc Sở GD&amp;ĐT trao Cờ thi đua của UBND tỉnh cho tập thể Phòng GD&amp;ĐT
Phú Lương. Ảnh: Thu Hà</figcaption></figure>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
<p>Tới dự buổi lễ có đồng chí Nguyễn Văn Hùng, Phó Giám đốc Sở Giáo dục và Đào tạo tỉnh Thái
Nguyên; lãnh đạo Huyện ủy, HĐND, UBND huyện Phú Lương; đại diện Phòng GDĐT huyện Đại Từ, Phòng
GD&amp;ĐT huyện Định Hóa cùng đông đảo cán bộ quản lý, giáo viên các trường mầm non, tiểu học và
THCS trên địa bàn huyện.</p>
<p>Năm học 2019-2020 là năm học đặc biệt khi học sinh phải nghỉ học dài ngày để phòng, chống
dịch Covid-19. Thực hiện chỉ đạo của Bộ GD&amp;ĐT và Sở GD&amp;ĐT Thái Nguyên, ngành giáo dục
Phú Lương đã chủ động tổ chức dạy học qua Internet và trên truyền hình, bảo đảm hoàn thành
chương trình năm học đúng thời gian quy định. Toàn huyện có 64 trường học với hơn 19.000 học
sinh; tỷ lệ trường đạt chuẩn quốc gia đạt 82,8%, tăng 4 trường so với năm học trước.</p>
<p>Chất lượng giáo dục mũi nhọn tiếp tục được giữ vững. Tại kỳ thi chọn học sinh giỏi lớp 9 cấp
tỉnh, huyện Phú Lương có 47 em đạt giải, trong đó có 3 giải Nhất, xếp thứ ba toàn tỉnh. Công tác
phổ cập giáo dục, xóa mù chữ được duy trì vững chắc; 100% xã, thị trấn đạt chuẩn phổ cập giáo
dục tiểu học mức độ 3.</p>
<p>Phát biểu tại buổi lễ, đồng chí Phó Giám đốc Sở GD-ĐT ghi nhận, biểu dương những nỗ lực của
đội ngũ nhà giáo huyện Phú Lương. Ông đề nghị trong năm học 2020-2021, Phòng GD&amp;ĐT huyện
tiếp tục tham mưu cho Huyện ủy, UBND huyện đầu tư cơ sở vật chất, sắp xếp mạng lưới trường lớp,
chuẩn bị tốt các điều kiện thực hiện Chương trình giáo dục phổ thông 2018, nhất là đối với lớp
1.</p>
<p>Thừa ủy quyền của Chủ tịch UBND tỉnh, đồng chí Phó Giám đốc Sở đã trao Cờ thi đua của UBND
tỉnh cho tập thể Phòng Giáo dục và Đào tạo huyện Phú Lương. Dịp này, 2 trường học được tặng Bằng
khen của Bộ trưởng Bộ GD&amp;ĐT; 5 tập thể và 12 cá nhân được tặng Bằng khen của Chủ tịch UBND
tỉnh; 18 cá nhân được công nhận danh hiệu Chiến sĩ thi đua cơ sở.</p>
<p>Ở các trường, phong trào thi đua “Dạy tốt – Học tốt” được cụ thể hóa bằng những việc làm
thiết thực: xây dựng trường học xanh – sạch – đẹp, bồi dưỡng giáo viên sử dụng thiết bị dạy học
hiện đại.</p>
<p>Thay mặt tập thể cán bộ, giáo viên toàn ngành, ông Hoàng Minh Đức, Trưởng Phòng GD&amp;ĐT
huyện Phú Lương bày tỏ niềm vinh dự và hứa sẽ tiếp tục đoàn kết, khắc phục khó khăn, đổi mới
phương pháp dạy học, phấn đấu giữ vững danh hiệu đơn vị dẫn đầu phong trào thi đua trong những
năm học tiếp theo.</p>
</div>
<div class="margin-bottom-lg"><p class="h5 text-right"><strong>Tác giả: </strong>Thu Hà</p>
<p class="h5 text-right"><strong>Nguồn tin: </strong>Phòng GD&amp;ĐT Phú Lương</p></div>
<div class="news_column panel panel-default"><div class="panel-body"><em
 class="fa fa-tags">&nbsp;</em><strong>Tags: </strong><a href="/tin-tuc/tag/thi-dua">thi đua</a>,
<a href="/tin-tuc/tag/co-thi-dua">Cờ thi
đua</a>, <a href="/tin-tuc/tag/phu-luong">Phú Lương</a>,
<a href="/tin-tuc/tag/nam-hoc-2019-2020">năm học 2019-2020</a></div></div>
<div class="news_column panel panel-default"><div class="panel-body">
<form id="form3B" action=""><div class="h5 clearfix"><p>Tổng số điểm của bài viết là: 0 trong 0
đánh giá</p>
<div class="star-icon">Click để đánh giá bài viết</div></div></form>
</div></div>
<div class="news_column panel panel-default"><div class="panel-body"><div
 class="socialicon"><span>Chia sẻ</span> <a class="facebook" href="#">Facebook</a>
<a class="twitter" href="#">Twitter</a>
<a class="zalo" href="#">Zalo</a></div></div></div>
<div class="news_column panel panel-default"><div class="panel-body"><h3>Ý kiến bạn
đọc</h3><p>Bạn cần đăng nhập để gửi ý kiến.</p></div></div>
<div class="news_column panel panel-default"><div class="panel-body other-news">
<p class="h3"><strong>Những tin mới hơn</strong></p>
<ul class="related">
<li><a href="/tin-tuc/so-gddt-thai-nguyen-tong-ket-nam-hoc-2020-2021-1399.html">Sở GD&amp;ĐT
Thái Nguyên tổng kết năm học 2020-2021</a> <em>(28/07/2021)</em></li>
<li><a href="/tin-tuc/truong-thcs-phan-me-don-bang-khen-1420.html">Trường THCS Phấn Mễ đón nhận
Bằng khen của Thủ tướng Chính phủ</a> <em>(05/11/2021)</em></li>
</ul>
<p class="h3"><strong>Những tin cũ hơn</strong></p>
<ul class="related">
<li><a href="/tin-tuc/phong-gddt-dai-tu-nhan-huan-chuong-lao-dong-hang-ba-1022.html">Phòng
GD&amp;ĐT Đại Từ nhận Huân chương Lao động hạng Ba</a> <em>(20/11/2018)</em></li>
<li><a href="/tin-tuc/thi-giao-vien-day-gioi-cap-huyen-bac-tieu-hoc-1087.html">Thi giáo viên dạy
giỏi cấp huyện bậc tiểu học</a> <em>(14/03/2019)</em></li>
<li><a href="/tin-tuc/hoi-nghi-trien-khai-nhiem-vu-nam-hoc-2017-2018-901.html">Hội nghị triển
khai nhiệm vụ năm học 2017-2018</a> <em>(25/08/2017)</em></li>
</ul>
</div></div>
</div></div>
</div>
<div class="col-md-8" id="right">
<div class="panel panel-default"><div class="panel-heading">Đăng nhập thành
viên</div><div class="panel-body">
<form action="/users/login/" method="post"><label>Tên đăng nhập</label>
<input type="text" name="nv_login"> <label>Mật khẩu</label>
<input type="password" name="nv_password"> <input type="submit" value="Đăng nhập"></form>
<a href="/users/lostpass/">Quên mật khẩu?</a> | <a href="/users/register/">Đăng ký</a>
</div></div>
<div class="panel panel-default"><div class="panel-heading">Thống kê truy
cập</div><div class="panel-body"><ul class="counter list-none">
<li>Đang truy cập <span class="pull-right">27</span></li>
<li>Máy chủ tìm kiếm <span class="pull-right">5</span></li>
<li>Khách viếng thăm <span class="pull-right">22</span></li>
<li>Hôm nay <span class="pull-right">3.105</span></li>
<li>Tháng hiện tại <span class="pull-right">45.872</span></li>
<li>Tổng lượt truy cập <span class="pull-right">2.318.540</span></li>
</ul></div></div>
</div>
</div>
<footer id="footer"><p>&copy; Sở Giáo dục và Đào tạo Thái Nguyên. Địa chỉ: số 20 đường Cách mạng
Tháng Tám, TP Thái Nguyên.</p></footer>
</div>
</body>
</html>
"""

_TAG = re.compile(r"(<[^>]*>)")
_WORD = re.compile(r"[^\W\d_]+")
_TCVN3_CAPITALS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZĂÂÊÔƠƯĐ")


def _capital_runs(word: str) -> list[str]:
    """``word`` cut into runs of capitals and runs of the rest (``ĐẠIhọc`` -> ``ĐẠI``, ``học``)."""
    return ["".join(g) for _, g in itertools.groupby(word, key=str.isupper)]


def _vntimeh(match: re.Match[str]) -> str:
    """Capitals TCVN3 has no byte for are typed lower-case in a .VnTimeH run."""
    out = []
    for run in _capital_runs(match.group()):
        needs_font = run.isupper() and not set(run) <= _TCVN3_CAPITALS
        out.append(f'<font face=".VnTimeH">{run.lower()}</font>' if needs_font else run)
    return "".join(out)


def _typable(text: str) -> bool:
    return all(not ch.isupper() or ch in _TCVN3_CAPITALS for ch in text)


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 the way Vietnamese Windows typed it: base letter (with ^, breve or horn
    precomposed where the code page has it) followed by a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in nfd if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def tcvn3_bytes(page: str) -> bytes:
    """The page typed in TCVN3: capitals TCVN3 lacks go in .VnTimeH runs, as ABC users did.

    A <title>, <style> or attribute cannot hold a font run: the page must not need one there.
    """
    parts = _TAG.split(page)
    in_title = False
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            assert _typable(part), f"TCVN3 cannot type {part!r}"
            in_title = part.lower().startswith(("<title", "<style"))
        elif in_title:
            assert _typable(part), f"TCVN3 cannot type the title {part!r}"
        else:
            parts[i] = _WORD.sub(_vntimeh, part)
    return legacy.encode("".join(parts), "tcvn3").encode("cp1252")


def twins() -> dict[str, bytes]:
    """File name -> bytes for the four twins."""
    utf8 = PAGE.format(meta=META_UTF8, style="")
    meta_1258 = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    meta_latin1 = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    vntime = (
        '<style type="text/css">body, td, p, a, li, h1, span { font-family: .VnTime; }</style>\n'
    )
    return {
        f"{STEM}-utf8.html": utf8.encode("utf-8"),
        f"{STEM}-cp1258.html": cp1258_bytes(PAGE.format(meta=meta_1258, style="")),
        f"{STEM}-nfd.html": unicodedata.normalize("NFD", utf8).encode("utf-8"),
        f"{STEM}-tcvn3.html": tcvn3_bytes(PAGE.format(meta=meta_latin1, style=vntime)),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in twins().items():
        (OUT / name).write_bytes(data)
        print(f"{OUT / name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
