"""Reading the archive: walking, decoding chain, legacy repair, skips, text cleaning."""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from indexer.article import Skipped
from indexer.ingest import legacy
from indexer.ingest.archive import RawDocument, clean_text, iter_archive, read_document
from indexer.ingest.walk import archive_key

ARCHIVE = Path(__file__).parent.parent / "archive"
TWINS = ARCHIVE / "html" / "portal-twins"
STEM = "phong-gddt-phu-luong-don-nhan-co-thi-dua"
TONES = "\u0300\u0301\u0303\u0309\u0323"
VIETNAMESE = "Sở Giáo dục và Đào tạo tỉnh Thái Nguyên trao Bằng khen cho Trường THCS Phấn Mễ."


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows typed it: base letter, then a combining tone mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in nfd if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
        out += (base + tones).encode("cp1258")
    return out


def visible(doc: RawDocument) -> str:
    return clean_text(BeautifulSoup(doc.text, "lxml").get_text())


def read_bytes(tmp_path: Path, name: str, data: bytes) -> RawDocument | Skipped:
    (tmp_path / name).write_bytes(data)
    return read_document(tmp_path, tmp_path / name)


@pytest.mark.parametrize(
    ("twin", "encoding"),
    [("cp1258", "cp1258"), ("nfd", "utf-8"), ("tcvn3", "tcvn3"), ("utf8", "utf-8")],
)
def test_each_twin_reads_as_the_utf8_twin(twin: str, encoding: str) -> None:
    reference = read_document(ARCHIVE, TWINS / f"{STEM}-utf8.html")
    doc = read_document(ARCHIVE, TWINS / f"{STEM}-{twin}.html")
    assert isinstance(doc, RawDocument) and doc.encoding == encoding
    assert doc.path == f"html/portal-twins/{STEM}-{twin}.html"
    assert visible(doc) == visible(reference)
    assert "Phòng Giáo dục và Đào tạo huyện Phú Lương" in visible(doc)
    assert "Ý kiến bạn" in visible(doc)  # a .VnTimeH capital in the TCVN3 twin
    assert unicodedata.is_normalized("NFC", doc.text)


def test_twin_bytes_are_what_their_names_say() -> None:
    raw = {t: (TWINS / f"{STEM}-{t}.html").read_bytes() for t in ("utf8", "cp1258", "nfd", "tcvn3")}
    assert b"charset=windows-1258" in raw["cp1258"] and b"o\xec" in raw["cp1258"]  # ó = o + U+0301
    assert cp1258("Sở") == b"S\xf5\xd2" and cp1258("Sở") in raw["cp1258"]
    assert "ò".encode() not in raw["nfd"] and "o\u0300".encode() in raw["nfd"]
    assert b".VnTime" in raw["tcvn3"] and b"Gi\xb8o d\xf4c" in raw["tcvn3"]
    with pytest.raises(UnicodeDecodeError):
        raw["tcvn3"].decode("utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + VIETNAMESE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + VIETNAMESE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + VIETNAMESE.encode("utf-16-be"), "utf-16"),
        (VIETNAMESE.encode("utf-8"), "utf-8"),
        (unicodedata.normalize("NFD", VIETNAMESE).encode("utf-8"), "utf-8"),
        (legacy.encode(VIETNAMESE, "tcvn3").encode("cp1252"), "tcvn3"),
        (legacy.encode(VIETNAMESE, "vni").encode("cp1252"), "vni"),
        (legacy.encode(VIETNAMESE, "viscii").encode("latin-1"), "viscii"),
        (legacy.encode(VIETNAMESE, "tcvn3").encode("utf-8"), "tcvn3"),  # TCVN3 saved as UTF-8
    ],
    ids=["bom8", "bom16le", "bom16be", "utf8", "nfd", "tcvn3", "vni", "viscii", "tcvn3-in-utf8"],
)
def test_text_files_decode_to_nfc(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = read_bytes(tmp_path, "a.txt", data)
    assert isinstance(doc, RawDocument)
    assert (doc.text, doc.encoding, doc.kind) == (VIETNAMESE, encoding, "text")


def test_hybrid_windows_1258_comes_out_nfc(tmp_path: Path) -> None:
    data = cp1258("Trường học")
    assert data == b"Tr\xfd\xf5\xccng ho\xf2c"  # precomposed ư/ơ + combining tones
    doc = read_bytes(tmp_path, "h.txt", data)
    assert isinstance(doc, RawDocument) and doc.encoding == "cp1258"
    assert doc.text == "Trường học"


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ('<meta charset="windows-1258">', "cp1258"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">', "cp1258"),
        ("<meta charset=utf-8>", "utf-8"),
    ],
)
def test_html_meta_charset_is_honoured(tmp_path: Path, head: str, encoding: str) -> None:
    page = f"<html><head>{head}</head><body><p>Giáo dục Đào tạo</p></body></html>"
    doc = read_bytes(tmp_path, "p.htm", cp1258(page) if encoding == "cp1258" else page.encode())
    assert isinstance(doc, RawDocument) and doc.encoding == encoding and doc.kind == "html"
    assert "Giáo dục Đào tạo" in visible(doc)


def test_french_cp1252_is_not_mistaken_for_legacy(tmp_path: Path) -> None:
    text = "Le ministère de l'Éducation a décidé que les élèves étudieront à l'école. " * 5
    doc = read_bytes(tmp_path, "fr.txt", text.encode("cp1252"))
    assert isinstance(doc, RawDocument) and doc.encoding == "cp1252"
    assert doc.text == text.strip()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.html", b"  \r\n\t\n", "empty"),
        ("bom-only.txt", codecs.BOM_UTF8, "empty"),
        ("nul.txt", b"abc\x00\x01\x02def" * 50, "binary"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        ("noise.txt", bytes(range(1, 32)) * 40, "undecodable"),
        ("broken16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8a", "undecodable"),
        ("data.pdf.txt", b"%PDF-1.4\n" + bytes(range(256)), "binary"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    doc = read_bytes(tmp_path, name, data)
    assert isinstance(doc, Skipped)
    assert (doc.path, doc.reason) == (name, reason)


def test_missing_file_is_skipped_not_raised(tmp_path: Path) -> None:
    doc = read_document(tmp_path, tmp_path / "gone.txt")
    assert isinstance(doc, Skipped) and doc.reason == "vanished"


def test_walk_any_depth_sorted_skipping_hidden(tmp_path: Path) -> None:
    for rel in [
        "b.txt", "a/z.HTML", "a/b/c/d/deep.htm", "a/b/c/d/e/f/g/deeper.txt", "x.pdf", "notes.md",
        ".git/config.txt", "a/.cache/page.html", "a/b/.hidden.txt",
    ]:  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Giáo dục", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_archive(tmp_path)]
    assert found == ["a/b/c/d/deep.htm", "a/b/c/d/e/f/g/deeper.txt", "a/z.HTML", "b.txt"]
    docs = [read_document(tmp_path, p) for p in iter_archive(tmp_path)]
    assert [d.path for d in docs] == found and {d.kind for d in docs} == {"html", "text"}


def test_read_document_accepts_root_relative_paths() -> None:
    doc = read_document(ARCHIVE, Path(f"html/portal-twins/{STEM}-utf8.html"))
    assert isinstance(doc, RawDocument) and doc.path == f"html/portal-twins/{STEM}-utf8.html"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Sở GD&amp;ĐT Thái Nguyên", "Sở GD&ĐT Thái Nguyên"),
        ("Sở GD&amp;amp;ĐT", "Sở GD&ĐT"),
        ("Sở GD&amp;amp;amp;ĐT", "Sở GD&ĐT"),
        ("Sở TN&MT; và Sở GD&ĐT", "Sở TN&MT; và Sở GD&ĐT"),
        ("TN&notes; R&D", "TN&notes; R&D"),
        ("&#7855;c &#x1EA5;y &lt;b&gt;", "ắc ấy <b>"),
        ("&#0; &#xD800;", "&#0; &#xD800;"),
        ("Gi\u200báo\u200c d\u200dục\u2060 \ufeffvà", "Giáo dục và"),
        ("edu\u00adcation", "education"),
        ("a\u00a0\u00a0b\u2003c\u202fd\t\te", "a b c d e"),
        ("  dòng một  \r\n\r\n\r\n\n  dòng hai\t\n", "dòng một\n\ndòng hai"),
        ("a\n\n\n\nb\n \n \nc", "a\n\nb\n\nc"),
        ("gia\u0301o du\u0323c", "giáo dục"),
        ("Tr\u01b0\u01a1\u0300ng", "Trường"),
        ("Tr\xadêng vµ §\xadêng", "Tr\xadêng vµ §\xadêng"),  # TCVN3 ư kept for conversion
        ("x\x00y\x07z", "xyz"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert clean_text(clean) == clean  # idempotent


def damaged_utf8(text: str, bad: bytes) -> bytes:
    """``text`` as UTF-8 with ``bad`` inserted before its first 'Giáo'."""
    data = text.encode("utf-8")
    cut = data.index("Giáo".encode())
    return data[:cut] + bad + data[cut:]


@pytest.mark.parametrize(
    ("name", "data", "encoding", "repaired", "contains"),
    [
        # A UTF-8 page that lies in its meta charset is read as UTF-8.
        (
            "lying.html",
            f'<meta charset="windows-1258"><p>{VIETNAMESE}</p>'.encode(),
            "utf-8",
            "",
            VIETNAMESE,
        ),
        # Two damaged bytes are dropped; the page is not read as cp1258.
        ("two.txt", damaged_utf8(VIETNAMESE, b"\xff\xfe"), "utf-8", "2 invalid", VIETNAMESE),
        ("one.html", damaged_utf8(f"<p>{VIETNAMESE}</p>", b"\xc3"), "utf-8", "1 invalid", "Giáo"),
        # UTF-8 decoded as windows-1252 and saved again: undone.
        (
            "double.txt",
            VIETNAMESE.encode().decode("sloppy-windows-1252").encode(),
            "utf-8",
            "double-decoded",
            VIETNAMESE,
        ),
        # One stray sequence in clean text is not mojibake ("châu Â" + no-break space).
        ("asia.txt", "Giá vàng châu Â\u00a0tăng mạnh".encode(), "utf-8", "", "châu Â tăng"),
        # cp1258 stays cp1258.
        ("cp.txt", cp1258(VIETNAMESE), "cp1258", "", VIETNAMESE),
    ],
)
def test_damaged_or_lying_text_is_repaired_never_mojibake(
    tmp_path: Path, name: str, data: bytes, encoding: str, repaired: str, contains: str
) -> None:
    doc = read_bytes(tmp_path, name, data)
    assert isinstance(doc, RawDocument)
    assert doc.encoding == encoding and doc.repaired.startswith(repaired)
    assert contains in (visible(doc) if doc.kind == "html" else doc.text)
    assert "Ã" not in doc.text and "á»" not in doc.text


def test_mojibake_that_cannot_be_undone_is_skipped(tmp_path: Path) -> None:
    lossy = VIETNAMESE.encode().decode("cp1252", errors="replace").replace("\ufffd", "?")
    doc = read_bytes(tmp_path, "lossy.txt", lossy.encode())
    assert isinstance(doc, Skipped) and doc.reason == "mojibake"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        (b"plain.txt", "plain.txt"),
        (b"t\xean.txt", "t\\xean.txt"),  # Latin-1 name: its byte escaped
        (b"back\\slash\xff.txt", "back\\x5cslash\\xff.txt"),  # a real backslash escaped too
    ],
)
def test_archive_keys_are_stable_and_printable(tmp_path: Path, name: bytes, key: str) -> None:
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/" + name))
    path.write_text(VIETNAMESE, "utf-8")
    assert archive_key(tmp_path, path) == key
    doc = read_document(tmp_path, path)
    assert isinstance(doc, RawDocument) and doc.path == key
    key.encode("utf-8")  # always encodable
