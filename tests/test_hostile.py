"""Must hold: a hostile archive builds in bounded time, publishes the good files, reports each
bad one with its reason and reads nothing outside the archive root."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import random
import stat
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer import generations
from indexer.article import Article, Skipped
from indexer.build import build_index
from indexer.ingest import walk
from indexer.ingest.guard import Guard
from indexer.ingest.sources import SourceLoader
from indexer.schema import PATH, TITLE
from tests.test_archive import cp1258

SENTENCE = (
    "Sở Giáo dục và Đào tạo tỉnh Thái Nguyên tổ chức hội nghị tổng kết năm học với nhiều "
    "thành tích nổi bật của các trường trên địa bàn. "
)
VOCABULARY = "giáo dục đào tạo học sinh trường thi đua khen thưởng năm tỉnh huyện sở phòng"
SYLLABLES = VOCABULARY.split(" ")
SECRET = "BÍ MẬT NGOÀI KHO LƯU TRỮ"  # written outside the archive: must never be indexed


def prose(title: str, words: int = 60) -> str:
    """Text of its own for each title (equal bodies would be collapsed as near-duplicates)."""
    rng = random.Random(title)
    return " ".join(rng.choice(SYLLABLES) for _ in range(words)) + "."


def page(title: str, charset: str = "utf-8", paragraphs: int = 4) -> str:
    body = "".join(f"<p>{SENTENCE}{prose(title + str(i))}</p>" for i in range(paragraphs))
    return (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def text_file(title: str) -> str:
    return f"{title}\n\n{SENTENCE}{prose(title)}\n\n{prose(title + '2')}"


def hostile_archive(tmp: Path) -> Path:
    """Every hostile case of issue 14 beside three good files."""
    root, outside = tmp / "archive", tmp / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text(text_file(SECRET), "utf-8")
    (root / "good.txt").write_text(text_file("Bài tốt một về thi đua khen thưởng"), "utf-8")
    (root / "good.html").write_text(page("Bài tốt hai về Cờ thi đua của Bộ"), "utf-8")
    # A UTF-8 page whose meta claims windows-1258: read as UTF-8, not as mojibake.
    lying = page("Trang khai sai bảng mã Giáo dục", charset="windows-1258")
    (root / "lying-charset.html").write_text(lying, "utf-8")
    # Two damaged bytes in a UTF-8 page: repaired, never read as cp1258.
    damaged = page("Trang có hai byte hỏng về Giáo dục").encode()
    cut = damaged.index("Giáo".encode())
    (root / "two-bad-bytes.html").write_bytes(damaged[:cut] + b"\xff\xfe" + damaged[cut:])
    (root / "cp1258.html").write_bytes(cp1258(page("Trang cp1258 Đào tạo", "windows-1258")))
    name = os.fsencode(root) + b"/t\xean-l\xf4i.txt"  # a Latin-1 file name: not UTF-8
    Path(os.fsdecode(name)).write_text(text_file("Tên tệp không phải UTF-8 Giáo dục"), "utf-8")
    (root / "empty.html").write_bytes(b"")
    (root / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4096))
    with open(root / "huge.html", "wb") as fh:  # 50 MB
        fh.write(page("Trang quá lớn").encode() * (50_000_000 // len(page("x").encode())))
    nested = "<div>" * 100_000 + f"<p>{SENTENCE}</p>" + "</div>" * 100_000
    (root / "nested.html").write_text(f"<html><body>{nested}</body></html>", "utf-8")
    attributes = " ".join(f'a{i}="v"' for i in range(200_000))
    (root / "attributes.html").write_text(f"<html><body><div {attributes}>x</div></body></html>")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "status.txt").symlink_to("/proc/self/status")
    (root / "secret.txt").symlink_to(outside / "secret.txt")
    (root / "up.txt").symlink_to("../outside/secret.txt")
    (root / "dangling.html").symlink_to(root / "nowhere.html")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "outdir").symlink_to(outside, target_is_directory=True)
    (root / "alias.txt").symlink_to("good.txt")  # inside the root: the same file, read once
    os.mkfifo(root / "pipe.html")
    with contextlib.suppress(PermissionError):  # not root: the FIFO still covers special files
        os.mknod(root / "device.txt", 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
    (root / "vanishing.txt").write_text(text_file("Tệp biến mất giữa chừng"), "utf-8")
    return root


EXPECTED_SKIPS = {
    "empty.html": "empty",
    "binary.html": "binary",
    "huge.html": "too-large",
    "nested.html": "too-deep",
    "attributes.html": "too-many-attributes",
    "passwd.txt": "symlink-outside",
    "status.txt": "symlink-outside",
    "secret.txt": "symlink-outside",
    "up.txt": "symlink-outside",
    "dangling.html": "dangling-symlink",
    "loop.txt": "dangling-symlink",
    "pipe.html": "special-file",
    "vanishing.txt": "vanished",
}
GOOD = {"good.txt", "good.html", "lying-charset.html", "two-bad-bytes.html", "cp1258.html"}


def vanishing_walker(root: Path) -> Iterator[Path | Skipped]:
    """The real walk, with one file deleted after it was listed (as if by another process)."""
    for item in walk.walk_archive(root):
        if isinstance(item, Path) and item.name == "vanishing.txt":
            item.unlink()
        yield item


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("hostile")
    root = hostile_archive(tmp)
    report_file = tmp / "report.jsonl"
    loader = SourceLoader(seconds=10.0)
    try:
        report = build_index(
            root, tmp / "index", loader=loader, walker=vanishing_walker, report_path=report_file
        )
    finally:
        loader.close()
    lines = [json.loads(line) for line in report_file.read_text("utf-8").splitlines()]
    return report, {line["path"]: line for line in lines}, tmp / "index"


def test_every_bad_file_is_reported_with_its_reason(hostile_build) -> None:  # type: ignore[no-untyped-def]
    report, lines, _ = hostile_build
    reasons = {p: line["reason"] for p, line in lines.items() if line["status"] == "skipped"}
    assert report.skipped == dict(Counter(reasons.values()))  # the summary counts every reason
    if "device.txt" in reasons:  # made only where mknod is allowed
        assert reasons.pop("device.txt") == "special-file"
    assert reasons == EXPECTED_SKIPS


def test_good_files_are_published_clean(hostile_build) -> None:  # type: ignore[no-untyped-def]
    _, lines, index_root = hostile_build
    articles = {p for p, line in lines.items() if line["status"] == "article"}
    assert articles == GOOD | {"t\\xean-l\\xf4i.txt"}  # the non-UTF-8 name, under a stable key
    assert "not UTF-8" in lines["t\\xean-l\\xf4i.txt"]["note"]
    assert not any("note" in lines[p] for p in GOOD)
    opened = generations.open_current(index_root)
    try:
        with opened.index.searcher() as searcher:
            stored = {d[PATH]: d for d in searcher.all_stored_fields()}
    finally:
        opened.index.close()
    titles = {d[TITLE] for d in stored.values()}
    assert "Trang khai sai bảng mã Giáo dục" in titles  # the lying charset, read right
    damaged = next(d for d in stored.values() if "hai byte" in d[TITLE])
    assert "Giáo dục" in damaged["body"] and "Ã" not in damaged["body"]  # no mojibake
    assert lines["two-bad-bytes.html"]["encoding"] == "utf-8"


def test_nothing_outside_the_root_is_read(hostile_build) -> None:  # type: ignore[no-untyped-def]
    _, lines, index_root = hostile_build
    opened = generations.open_current(index_root)
    try:
        with opened.index.searcher() as searcher:
            text = " ".join(f"{d[TITLE]} {d['body']}" for d in searcher.all_stored_fields())
    finally:
        opened.index.close()
    assert SECRET not in text and "root:" not in text and "VmRSS" not in text
    assert not any(p.startswith(("outdir", "..", "/")) for p in lines)


def test_a_document_over_the_time_limit_is_skipped_and_the_next_one_runs() -> None:
    with Guard(_spin_on_slow, str, seconds=0.5) as guard:
        assert guard.run("slow") == Skipped("slow", "too-slow")
        assert guard.run("fast") == Article(path="fast", title="t", body="b")


def test_a_dying_worker_skips_its_document_only() -> None:
    with Guard(_die_on_crash, str, seconds=5.0) as guard:
        assert guard.run("crash") == Skipped("crash", "extract-crash")
        assert guard.run("fine") == Article(path="fine", title="t", body="b")


def _spin_on_slow(item: str) -> Article:
    while item == "slow":  # a parser stuck in C looks the same from outside
        pass
    return Article(path=item, title="t", body="b")


def _die_on_crash(item: str) -> Article:
    if item == "crash":
        os._exit(3)
    return Article(path=item, title="t", body="b")


def test_cli_report_lists_every_file_and_record(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from indexer.__main__ import main
    from tests.test_warc import SAMPLE

    root = tmp_path / "archive"
    (root / "crawls").mkdir(parents=True)
    (root / "crawls" / "sample.warc.gz").write_bytes(SAMPLE.read_bytes())
    (root / "good.txt").write_text(text_file("Bài tốt về thi đua khen thưởng năm học"), "utf-8")
    (root / "empty.html").write_bytes(b"")
    os.mkfifo(root / "pipe.txt")
    report = tmp_path / "report.jsonl"
    argv = ["build", "--archive", str(root), "--index", str(tmp_path / "index"), "--no-progress"]
    assert main([*argv, "--report", str(report)]) == 0
    lines = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    by_path = {line["path"]: line for line in lines}
    assert by_path["empty.html"]["reason"] == "empty"
    assert by_path["pipe.txt"]["reason"] == "special-file"
    assert by_path["good.txt"]["status"] == "article"
    records = [line for line in lines if line["path"].startswith("crawls/sample.warc.gz#")]
    articles = [r for r in records if r["status"] == "article"]
    assert (len(records), len(articles)) == (12, 11)  # the listing page is not an article
    assert all(r["captured"] and r["url"].startswith("http://127.0.0.1:8765/") for r in articles)
    printed = capsys.readouterr().out
    assert "empty: 1" in printed and "special-file: 1" in printed


def _guarded_in_pool(item: str) -> Article | Skipped:
    with Guard(_spin_on_slow, str, seconds=0.5) as guard:
        return guard.run(item)


def test_a_guard_works_inside_a_daemonic_pool_worker() -> None:
    """The build extracts in a process pool, whose daemonic workers multiprocessing forbids to
    have children: the guard forks by itself."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        results = pool.map(_guarded_in_pool, ["fast", "slow"])
    assert results == [Article(path="fast", title="t", body="b"), Skipped("slow", "too-slow")]


GUARDED_CHILD = """
import sys
from indexer.ingest.guard import Guard
from tests.test_hostile import _spin_on_slow
guard = Guard(_spin_on_slow, str, seconds=600)
guard._connection()
print(guard._pid, flush=True)
guard.run("slow")
"""


def test_a_killed_build_takes_its_extraction_worker_with_it() -> None:
    """A worker stuck in a document must not outlive a killed build (it would hold the lock)."""
    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-c", GUARDED_CHILD]
    with subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        worker = int(child.stdout.readline())
        assert Path(f"/proc/{worker}").exists()
        child.kill()
        child.wait(timeout=30)
    deadline = time.monotonic() + 30  # the kernel's SIGKILL is immediate; this only bounds
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{worker}").exists()
