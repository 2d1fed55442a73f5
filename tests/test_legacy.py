"""Legacy Vietnamese encodings: tables round-trip, detection fires on them and only on them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from indexer.ingest import legacy, syllables

SEEDS = sorted((Path(__file__).parent.parent / "archive" / "txt").glob("*.txt"))
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
ALL_LOWER = "".join(unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES) + "đ"
ALL_LETTERS = ALL_LOWER + ALL_LOWER.upper()
TCVN3_CAPITALS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZĂÂÊÔƠƯĐ")


def seed(path: Path) -> str:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


def tcvn3_expected(text: str) -> str:
    """What TCVN3 can give back: a capital toned vowel survives only inside an all-caps word
    with a typable capital after its first letter (see indexer/legacy.py docstring)."""

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        if word.isupper() and any(ch in TCVN3_CAPITALS for ch in word[1:]):
            return word
        return "".join(
            ch.lower() if ch.isupper() and ch not in TCVN3_CAPITALS else ch for ch in word
        )

    return re.sub(r"\w+", fix, text)


def test_all_letters_are_covered() -> None:
    assert len(set(ALL_LETTERS)) == 146  # 12 vowels x 6 tone forms + đ, both cases


@pytest.mark.parametrize("encoding", ["vni", "viscii"])
def test_every_vietnamese_letter_round_trips(encoding: str) -> None:
    surface = legacy.encode(ALL_LETTERS, encoding)
    assert surface != ALL_LETTERS
    assert legacy.convert(surface, encoding) == ALL_LETTERS


def test_tcvn3_lower_case_round_trips_and_capitals_follow_the_documented_rule() -> None:
    assert legacy.convert(legacy.encode(ALL_LOWER, "tcvn3"), "tcvn3") == ALL_LOWER
    cases = {"GIÁO DỤC": "GIÁO DỤC", "Ánh": "ánh", "ĐẠI": "ĐẠI", "Ủy ban": "ủy ban", "Ở": "ở"}
    for original, expected in cases.items():
        assert legacy.convert(legacy.encode(original, "tcvn3"), "tcvn3") == expected


@pytest.mark.parametrize(
    ("surface", "encoding", "unicode"),
    [
        ("Së Gi¸o dôc vµ §µo t¹o", "tcvn3", "Sở Giáo dục và Đào tạo"),
        ("Tr\xadêng THPT", "tcvn3", "Trường THPT"),
        ("Sôû Giaùo duïc vaø Ñaøo taïo", "vni", "Sở Giáo dục và Đào tạo"),
        ("Tröôøng THPT", "vni", "Trường THPT"),
        ("TR\xa6êNG", "tcvn3", "TRƯỜNG"),
    ],
)
def test_known_samples_convert(surface: str, encoding: str, unicode: str) -> None:
    assert legacy.convert(surface, encoding) == unicode


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("encoding", legacy.LEGACY_ENCODINGS)
def test_seed_round_trip_and_detection(path: Path, encoding: str) -> None:
    text = seed(path)
    if encoding == "viscii":  # VISCII spends 0x80-0xA0 on letters: no NBSP, dashes, quotes
        text = "".join(ch if ch.isascii() or ch.isalpha() else " " for ch in text)
    surface = legacy.encode(text, encoding)
    expected = tcvn3_expected(text) if encoding == "tcvn3" else text
    assert legacy.convert(surface, encoding) == expected
    found = legacy.detect(surface)
    assert found is not None and found.encoding == encoding
    assert found.score >= legacy.MIN_SCORE


ENGLISH = "The Ministry of Education announced new rules for school years 2019-2020. " * 20
FRENCH = (
    "Le ministère de l'Éducation a décidé que les élèves des écoles primaires auront "
    "désormais une journée de révision. À la rentrée, où qu'ils soient, les élèves "
    "français étudieront l'histoire, la géographie et les sciences économiques. "
) * 10
GERMAN = "Die Schüler müssen für die Prüfung üben; Größe und Maß sind wichtig. " * 10


@pytest.mark.parametrize(
    ("name", "text"),
    [
        *[(p.stem, seed(p)) for p in SEEDS],
        ("nfd seed", unicodedata.normalize("NFD", seed(SEEDS[0]))),
        ("english", ENGLISH),
        ("french cp1252", FRENCH.encode("cp1252").decode("latin-1")),
        ("french", FRENCH),
        ("german", GERMAN),
        ("short vietnamese", "Sở Giáo dục"),
    ],
)
def test_detection_does_not_fire_on_ordinary_text(name: str, text: str) -> None:
    assert legacy.detect(text) is None


def test_hint_lowers_evidence_needed_but_never_decides_alone() -> None:
    short = "Së Gi¸o dôc"  # two non-ASCII words: below MIN_WORDS
    assert legacy.detect(short) is None
    assert legacy.detect(short, hint="tcvn3").encoding == "tcvn3"
    assert legacy.detect("Café au lait, crème brûlée", hint="tcvn3") is None


def test_lines_already_in_unicode_are_not_converted_again() -> None:
    mixed = "Trang chủ - Sở Giáo dục\nSë Gi¸o dôc vµ §µo t¹o"
    assert legacy.convert(mixed, "tcvn3") == "Trang chủ - Sở Giáo dục\nSở Giáo dục và Đào tạo"


@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("giáo", True),
        ("nghiêng", True),
        ("trường", True),
        ("khuyến", True),
        ("quý", True),
        ("sừề", False),
        ("giaùo", False),
        ("élève", False),
        ("áà", False),
        ("së", False),
    ],
)
def test_syllable_shape(word: str, valid: bool) -> None:
    assert syllables.is_well_formed_syllable(word) is valid


def test_encode_refuses_what_the_encoding_cannot_carry() -> None:
    with pytest.raises(ValueError):
        legacy.encode("©", "tcvn3")  # 0xA9 is â in TCVN3
    with pytest.raises(ValueError):
        legacy.convert("x", "vps")


def test_conversion_must_beat_the_callers_decoding_not_the_surface() -> None:
    surface = legacy.encode("Sở Giáo dục và Đào tạo tỉnh Thái Nguyên", "tcvn3")
    assert legacy.detect(surface).encoding == "tcvn3"
    assert legacy.detect(surface, current="Sở Giáo dục và Đào tạo tỉnh Thái Nguyên") is None
