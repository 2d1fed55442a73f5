"""Web archives: the sample WARC against the loose pages, records, revisits, WACZ, damage."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.article import Article, Skipped
from indexer.ingest import warc_elsewhere
from indexer.ingest.archive import RawDocument
from indexer.ingest.pipeline import from_raw, load
from indexer.ingest.warc import read_container
from tests.capture_warc import capture, sample_pages
from tests.test_archive import cp1258
from tests.test_hostile import prose

ARCHIVE = Path(__file__).resolve().parent.parent / "archive"
SAMPLE = ARCHIVE / "warc" / "sample-pages.warc.gz"


def page_of(title: str) -> str:
    """A small article page of its own (equal bodies would be collapsed as near-duplicates)."""
    paragraphs = "".join(f"<p>{prose(title + str(i))}</p>" for i in range(4))
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    )


def records_of(root: Path, path: Path) -> dict[str, Article | Skipped]:
    return {
        d.path: (from_raw(d) if isinstance(d, RawDocument) else d)
        for d in read_container(root, path)
    }


def test_sample_warc_gives_the_loose_pages_documents_plus_url_and_capture_date() -> None:
    warc = records_of(ARCHIVE, SAMPLE)
    pages = sample_pages(ARCHIVE)
    assert len(warc) == len(pages) == 12
    for rel in pages:
        loose = load(ARCHIVE, ARCHIVE / rel)
        key = f"warc/sample-pages.warc.gz#http://127.0.0.1:8765/{rel}"
        captured = warc[key]
        assert type(captured) is type(loose), rel
        if isinstance(loose, Skipped):
            assert isinstance(captured, Skipped) and captured.reason == loose.reason
            continue
        assert isinstance(captured, Article)
        assert (captured.title, captured.published, captured.body, captured.units) == (
            loose.title,
            loose.published,
            loose.body,
            loose.units,
        )
        assert captured.url == f"http://127.0.0.1:8765/{rel}"
        assert captured.captured is not None and captured.published != captured.captured


def test_capture_over_http_afresh_reads_back_every_page(tmp_path: Path) -> None:
    out = tmp_path / "fresh.warc.gz"
    urls = capture(ARCHIVE, out, port=0)
    docs = list(read_container(tmp_path, out))
    assert [d.url for d in docs if isinstance(d, RawDocument)] == urls


def response(writer: WARCWriter, uri: str, body: bytes, **options) -> None:  # type: ignore[no-untyped-def]
    status = options.get("status", "200 OK")
    content_type = options.get("content_type", "text/html; charset=utf-8")
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": options.get("date", "2020-05-06T07:08:09Z")},
    )
    writer.write_record(record)


def revisit(writer: WARCWriter, uri: str, digest: str, refers: str) -> None:
    record = writer.create_revisit_record(
        uri,
        digest,
        refers,
        "2020-05-06T07:08:09Z",
        warc_headers_dict={"WARC-Date": "2021-01-02T03:04:05Z"},
    )
    writer.write_record(record)


def digest_of(body: bytes) -> str:
    import base64
    import hashlib

    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()


def crawl(path: Path) -> dict[str, bytes]:
    """A small crawl with every kind of record a real one holds."""
    pages = {name: page_of(f"Bài viết số {name}").encode() for name in "abc"}
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        response(writer, "http://sgd.example.vn/a", pages["a"])
        response(writer, "http://sgd.example.vn/b", pages["b"], date="2019-12-31T23:00:00Z")
        response(writer, "http://sgd.example.vn/logo.png", b"\x89PNG...", content_type="image/png")
        response(writer, "http://sgd.example.vn/gone", pages["c"], status="404 Not Found")
        response(writer, "http://sgd.example.vn/a", pages["a"])  # the same capture again
        response(writer, "http://sgd.example.vn/a", pages["c"])  # the page changed
        digest = digest_of(pages["b"])
        revisit(writer, "http://sgd.example.vn/b", digest, "http://sgd.example.vn/b")
        revisit(writer, "http://sgd.example.vn/b-alias", digest, "http://sgd.example.vn/b")
        revisit(writer, "http://sgd.example.vn/old", digest_of(b"x"), "http://other/old")
        text = cp1258("Thông báo tuyển sinh năm học 2020 - 2021 của Sở GD&ĐT.")
        record = writer.create_warc_record(
            "http://sgd.example.vn/tb.txt",
            "resource",
            payload=io.BytesIO(text),
            length=len(text),
            warc_content_type="text/plain; charset=windows-1258",
        )
        writer.write_record(record)
    return pages


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_records_revisits_and_non_pages(tmp_path: Path, name: str) -> None:
    crawl(tmp_path / name)
    read = list(read_container(tmp_path, tmp_path / name))
    docs = {d.path.removeprefix(f"{name}#"): d for d in read if isinstance(d, RawDocument)}
    a_changed = next(k for k in docs if k.startswith("http://sgd.example.vn/a@"))
    outcome = [(d.path.removeprefix(f"{name}#"), getattr(d, "reason", "doc")) for d in read]
    assert outcome == [
        ("http://sgd.example.vn/a", "doc"),
        ("http://sgd.example.vn/b", "doc"),  # the image and the 404 are no candidates
        # the same capture of a again and b's revisit of itself add nothing
        (a_changed, "doc"),  # the page changed: a new payload of the same URI
        ("http://sgd.example.vn/b-alias", "doc"),
        ("http://sgd.example.vn/old", "revisit-unresolved"),
        ("http://sgd.example.vn/tb.txt", "doc"),
    ]
    alias = docs["http://sgd.example.vn/b-alias"]
    assert isinstance(alias, RawDocument) and "Bài viết số b" in alias.text
    assert (alias.url, alias.captured) == ("http://sgd.example.vn/b-alias", dt.date(2021, 1, 2))
    notice = docs["http://sgd.example.vn/tb.txt"]
    assert isinstance(notice, RawDocument) and notice.encoding == "cp1258"
    assert "Thông báo tuyển sinh" in notice.text


def test_wacz_package_reads_its_warcs(tmp_path: Path) -> None:
    crawl(tmp_path / "data.warc.gz")
    package = tmp_path / "site.wacz"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_STORED) as zf:
        zf.write(tmp_path / "data.warc.gz", "archive/data.warc.gz")
        zf.writestr("datapackage.json", "{}")
    keys = [d.path for d in read_container(tmp_path, package) if isinstance(d, RawDocument)]
    assert "site.wacz#http://sgd.example.vn/a" in keys and len(keys) == 5


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.wacz", b""),
        ("nozip.wacz", b"PK not really"),
        ("noise.warc", b"this is not a WARC file at all\r\n\r\n" * 10),
    ],
)
def test_damaged_containers_are_skipped_with_a_reason(tmp_path: Path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    docs = list(read_container(tmp_path, tmp_path / name))
    assert all(isinstance(d, Skipped) for d in docs)
    assert not docs or docs[-1].reason == "bad-archive"


def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    crawl(tmp_path / "whole.warc.gz")
    data = (tmp_path / "whole.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) * 2 // 3])
    docs = list(read_container(tmp_path, tmp_path / "cut.warc.gz"))
    assert isinstance(docs[0], RawDocument) and docs[0].url == "http://sgd.example.vn/a"


def gzipped_response(path: Path, uri: str, body: bytes) -> None:
    """A WARC holding one response whose payload has ``Content-Encoding: gzip``."""
    packed = gzip.compress(body)
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
            protocol="HTTP/1.1",
        )
        payload = io.BytesIO(packed)
        record = writer.create_warc_record(
            uri, "response", payload=payload, length=len(packed), http_headers=headers
        )
        writer.write_record(record)


def test_gzip_content_encoding_is_undone(tmp_path: Path) -> None:
    gzipped_response(tmp_path / "z.warc.gz", "http://x.vn/z", page_of("Nén gzip").encode())
    (doc,) = read_container(tmp_path, tmp_path / "z.warc.gz")
    assert isinstance(doc, RawDocument) and "Nén gzip" in doc.text


def test_extract_command_prints_one_line_per_record(capsys) -> None:  # type: ignore[no-untyped-def]
    from indexer.__main__ import main

    assert main(["extract", str(SAMPLE)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 12 and all(
        r["path"].startswith("warc/sample-pages.warc.gz#") for r in lines
    )
    articles = [r for r in lines if "title" in r]
    assert len(articles) == 11 and all(r["url"] and r["captured"] for r in articles)


def test_a_changed_warc_is_read_again_and_an_unchanged_one_is_not(tmp_path: Path) -> None:
    from indexer.build import build_index

    root = tmp_path / "archive"
    root.mkdir()
    crawl(root / "crawl.warc.gz")
    first = build_index(root, tmp_path / "index")
    assert (first.added, first.indexed, first.duplicates) == (1, 3, 1)  # a, a changed, b = b-alias
    again = build_index(root, tmp_path / "index")
    assert (again.generation, again.unchanged) == (None, 1)
    with open(root / "crawl.warc.gz", "ab") as fh:  # a later capture appended to the file
        response(
            WARCWriter(fh, gzip=True),
            "http://sgd.example.vn/d",
            page_of("Bài mới").encode(),
        )
    third = build_index(root, tmp_path / "index")
    assert (third.updated, third.indexed) == (1, 4)


def test_a_compression_bomb_is_refused_at_the_size_limit(tmp_path: Path) -> None:
    from indexer.ingest import limits

    bomb = b"<p>" + b" " * (limits.MAX_DOCUMENT_BYTES * 4)  # ~32 MB, ~30 kB gzipped
    gzipped_response(tmp_path / "bomb.warc.gz", "http://x.vn/bomb", bomb)
    (skip,) = read_container(tmp_path, tmp_path / "bomb.warc.gz")
    assert isinstance(skip, Skipped) and skip.reason == "too-large"


def two_file_crawl(root: Path) -> dict[str, bytes]:
    """A crawl split over two WARC files the way Heritrix and wget write one: the second file's
    revisits point at responses of the first (and one at a capture kept nowhere)."""
    pages = {name: page_of(f"Tin giáo dục {name}").encode() for name in ("a", "b")}
    (root / "2020").mkdir(parents=True)
    (root / "2021").mkdir()
    with open(root / "2020" / "crawl-1.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        response(writer, "http://sgd.example.vn/a", pages["a"], date="2020-05-06T07:08:09Z")
        response(writer, "http://sgd.example.vn/b", pages["b"], date="2020-05-07T00:00:00Z")
    with open(root / "2021" / "crawl-2.warc", "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        # another URI, a later date, the payload of crawl-1's /a: found by its digest
        revisit(writer, "http://sgd.example.vn/a-moved", digest_of(pages["a"]), "ignored")
        # a digest no response has (another algorithm): found by its Refers-To URI and date
        record = writer.create_revisit_record(
            "http://sgd.example.vn/b",
            "md5:NOTINANYFILE",
            "http://sgd.example.vn/b",
            "2020-05-07T00:00:00Z",
            warc_headers_dict={"WARC-Date": "2021-01-02T03:04:05Z"},
        )
        writer.write_record(record)
        revisit(writer, "http://sgd.example.vn/lost", digest_of(b"lost"), "http://other/lost")
    return pages


def test_a_revisit_resolves_against_another_warc_file_of_the_crawl(tmp_path: Path) -> None:
    two_file_crawl(tmp_path)
    later = tmp_path / "2021" / "crawl-2.warc"
    read = {d.path.removeprefix("2021/crawl-2.warc#"): d for d in read_container(tmp_path, later)}
    assert list(read) == [
        "http://sgd.example.vn/a-moved",
        "http://sgd.example.vn/b",
        "http://sgd.example.vn/lost",
    ]
    moved, b, lost = read.values()
    assert isinstance(moved, RawDocument) and "Tin giáo dục a" in moved.text
    assert (moved.url, moved.captured) == ("http://sgd.example.vn/a-moved", dt.date(2021, 1, 2))
    assert isinstance(b, RawDocument) and "Tin giáo dục b" in b.text
    assert (b.url, b.captured) == ("http://sgd.example.vn/b", dt.date(2021, 1, 2))
    assert isinstance(lost, Skipped) and lost.reason == "revisit-unresolved"
    assert "http://other/lost" in lost.detail
    # the first file was scanned once for all three revisits, and is not scanned again
    earlier = (tmp_path / "2020" / "crawl-1.warc.gz").resolve()
    scanned = warc_elsewhere.CAPTURES[earlier]
    list(read_container(tmp_path, later))
    assert warc_elsewhere.CAPTURES[earlier] is scanned


def test_the_build_indexes_a_revisit_whose_original_is_in_another_file(tmp_path: Path) -> None:
    from indexer.build import build_index

    root = tmp_path / "archive"
    two_file_crawl(root)
    report = tmp_path / "report.jsonl"
    built = build_index(root, tmp_path / "index", report_path=report)
    lines = {r["path"]: r for r in map(json.loads, report.read_text().splitlines())}
    moved = lines["2021/crawl-2.warc#http://sgd.example.vn/a-moved"]
    assert moved["status"] == "article" and moved["url"] == "http://sgd.example.vn/a-moved"
    assert moved["captured"] == "2021-01-02"
    lost = lines["2021/crawl-2.warc#http://sgd.example.vn/lost"]
    assert (lost["status"], lost["reason"]) == ("skipped", "revisit-unresolved")
    assert built.skipped == {"revisit-unresolved": 1}
