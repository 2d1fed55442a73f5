"""Must hold: SIGKILL of a parallel `python -m indexer build` at any moment leaves the old or the
new index, no process and no lock behind, and the next build completes.

An archive of ~150 small articles is built once (old), then files are changed, added and
removed. Each trial starts from a copy of the old index root, runs the real CLI with two worker
processes (``--procs 2``) and kills the build process with SIGKILL after a pseudo-random (seeded)
delay spread over the build's duration. After every kill: the current index must open with
exactly the old or exactly the new documents ({id: title}), never a mix; no process of that
build may remain (its workers die with it: ``indexer.workers``); the build lock must be free;
and the next build must complete to the new set and clear the crash's leftovers. Nothing here
asserts on time: the delays only choose moments, and waiting for the killed workers to exit is
bounded.
"""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer import generations
from indexer.build import build_index
from indexer.schema import ID_FIELD, TITLE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 150
TRIALS = 10
# The kernel kills the workers as soon as the build process exits; allow them this long to go.
EXIT_WAIT_S = 20.0
SEED = 20240615
SYLLABLE_TEXT = "giáo dục đào tạo học sinh trường thi đua khen thưởng năm tỉnh huyện sở phòng"
SYLLABLES = SYLLABLE_TEXT.split()


def write_article(path: Path, number: int, title: str) -> None:
    rng = random.Random(number)
    body = " ".join(rng.choice(SYLLABLES) for _ in range(80))
    path.write_text(f"{title}\n\n{body}\n", "utf-8")


def documents(index_root: Path) -> dict[str, str]:
    """{doc id: title} of the generation ``current`` points at (it must open)."""
    opened = generations.open_current(index_root)
    try:
        with opened.index.searcher() as searcher:
            return {doc[ID_FIELD]: doc[TITLE] for doc in searcher.all_stored_fields()}
    finally:
        opened.index.close()


def cli_build(archive: Path, index_root: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "indexer", "build", "--no-progress", "--procs", "2"]
    command += ["--archive", str(archive), "--index", str(index_root)]
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory):
    """(archive, old index root snapshot, old documents) with the archive already changed."""
    base = tmp_path_factory.mktemp("crash")
    archive = base / "archive"
    for i in range(ARTICLES):
        folder = archive / f"d{i % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        write_article(folder / f"{i:03d}.txt", i, f"Bài cũ số {i}")
    snapshot = base / "old-index"
    build_index(archive, snapshot)
    old = documents(snapshot)
    for i in range(0, ARTICLES, 7):  # change
        write_article(archive / f"d{i % 5}" / f"{i:03d}.txt", i + 1000, f"Bài sửa số {i}")
    for i in range(3, ARTICLES, 9):  # remove
        (archive / f"d{i % 5}" / f"{i:03d}.txt").unlink()
    for i in range(ARTICLES, ARTICLES + 30):  # add
        write_article(archive / f"d{i % 5}" / f"{i:03d}.txt", i, f"Bài mới số {i}")
    return archive, snapshot, old


def live_processes_of(index_root: Path) -> list[int]:
    """Live (not zombie) processes whose command line names ``index_root``: the build and its
    forked workers carry the build's argv."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if str(index_root).encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def wait_until_gone(index_root: Path) -> list[int]:
    deadline = time.monotonic() + EXIT_WAIT_S
    while (left := live_processes_of(index_root)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def eventually(check) -> bool:
    """``check()`` within EXIT_WAIT_S: a process that is exiting has released its memory (and
    its command line) a moment before the kernel closes its files and drops its locks."""
    deadline = time.monotonic() + EXIT_WAIT_S
    while not (ok := check()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return ok


def holders(index_root: Path) -> list[str]:
    lock = str(index_root / generations.LOCK_FILE)
    out = []
    for entry in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if os.readlink(entry) == lock:
                pid = entry.parent.parent
                out.append(f"{pid.name} {(pid / 'stat').read_text()[:80]!r}")
        except OSError:
            continue
    return out


def lock_is_free(index_root: Path) -> bool:
    with open(index_root / generations.LOCK_FILE, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh, fcntl.LOCK_UN)
        return True


def fresh_copy(snapshot: Path, target: Path) -> Path:
    shutil.copytree(snapshot, target, symlinks=True)
    return target


def test_sigkill_at_random_moments_leaves_old_or_new_never_a_mix(scenario, tmp_path):
    archive, snapshot, old = scenario
    reference = fresh_copy(snapshot, tmp_path / "reference")
    started = time.monotonic()
    assert cli_build(archive, reference).wait(timeout=120) == 0
    duration = time.monotonic() - started  # only to spread the kill moments, never asserted
    new = documents(reference)
    assert new != old and set(new) != set(old)

    rng = random.Random(SEED)
    outcomes = []
    for trial in range(TRIALS):
        root = fresh_copy(snapshot, tmp_path / f"trial-{trial}")
        process = cli_build(archive, root)
        try:
            process.wait(timeout=duration * rng.uniform(0.3, 1.05))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=120)
        seen = documents(root)
        assert seen in (old, new), f"trial {trial}: a mix of old and new documents"
        outcomes.append("new" if seen == new else "old")
        assert wait_until_gone(root) == [], f"trial {trial}: processes left behind"
        assert eventually(lambda root=root: lock_is_free(root)), (
            f"trial {trial}: lock held: {holders(root)}"
        )
        assert cli_build(archive, root).wait(timeout=120) == 0, f"trial {trial}: next build"
        assert documents(root) == new
        assert len(generations.generation_dirs(root)) <= 2
        assert not list(root.glob(".*.tmp-*"))
        assert not [p for p in root.glob("gen-*/*.tmp") if p.exists()]
    print("outcomes:", outcomes)
    assert os.path.isdir(root)
