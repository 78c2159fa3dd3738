import codecs
import random
from pathlib import Path

import pytest

from site_builder.ingest.decode import DecodeError, decode


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """These tests read the tool's English messages; Korean ones: tests/test_i18n.py, tests/test_validate.py."""
    monkeypatch.setenv("LANGUAGE", "en")


RAW = Path(__file__).resolve().parents[2] / "content" / "raw"
ARTICLE = "대전시, CES 2024 대전관 운영 성과공유회 개최\r\n美 순방 계기로 한-미 협력 활기\r\n"
EXPECTED_TEXT = "대전시, CES 2024 대전관 운영 성과공유회 개최\n美 순방 계기로 한-미 협력 활기\n"
NOT_KOREAN_TEXT = "not UTF-8 or CP949/EUC-KR text (expected a Korean article saved as text)"


@pytest.mark.parametrize("data", [
    ARTICLE.encode("utf-8"),
    codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    ARTICLE.encode("utf-16"),                              # Python writes a BOM in the machine's byte order
    codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
    ARTICLE.encode("cp949"),
    ARTICLE.encode("euc-kr"),
], ids=["utf-8", "utf-8 with BOM", "utf-16", "utf-16-le with BOM", "utf-16-be with BOM", "cp949", "euc-kr"])
def test_every_encoding_a_korean_page_is_saved_in_gives_the_same_text(data):
    assert decode(data, "article.txt") == EXPECTED_TEXT


def test_cp949_syllables_outside_euc_kr_are_read():
    # 똠 and 햏 are not among EUC-KR's 2,350 syllables; CP949 gives them two bytes of their own.
    text = "똠양꿍 식당을 찾은 햏자 대표단이 기념촬영을 했다.\n"
    data = text.encode("cp949")
    assert data != text.encode("euc-kr")
    assert decode(data, "a.txt") == text


@pytest.mark.parametrize("data, expected", [
    (b"a\r\nb\rc\n", "a\nb\nc\n"),
    ("가\u2028나\u2029다".encode("utf-8"), "가\n나\n다"),
])
def test_newlines_become_line_feeds(data, expected):
    assert decode(data, "a.txt") == expected


@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda path: path.name)
def test_the_seed_articles_decode_as_utf8(path):
    data = path.read_bytes()
    assert decode(data, path.name) == data.decode("utf-8")


@pytest.mark.parametrize("data", [
    "Le maire a visité la Silicon Valley. Café, crème brûlée, à bientôt!".encode("latin-1"),
    "Größe Müßiggang ÄÖÜ äöü übermäßig".encode("latin-1"),
    bytes(range(0xC0, 0x100)),                             # every Latin-1 letter, paired up by CP949
    bytes(random.Random(7).randrange(0xA1, 0xFF) for _ in range(400)),   # valid EUC-KR pairs, no Korean
], ids=["latin-1 french", "latin-1 german", "latin-1 letters", "random euc-kr pairs"])
def test_text_that_is_not_korean_is_refused_not_guessed(data):
    with pytest.raises(DecodeError) as raised:
        decode(data, "inbox/article.txt")
    assert str(raised.value) == f"inbox/article.txt: {NOT_KOREAN_TEXT}"
    assert raised.value.name == "inbox/article.txt"


@pytest.mark.parametrize("data, problem", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data (NUL bytes), "),
    ("대전시\x00".encode("utf-8"), "binary data (NUL bytes), "),
    ("대전시\x1b[0m 발표".encode("utf-8"), "binary data (control characters), "),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "starts with a UTF-8 BOM but is not UTF-8 "),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "starts with a UTF-16 BOM but is not UTF-16 "),
])
def test_binary_and_broken_files_name_the_file_and_what_was_expected(data, problem):
    with pytest.raises(DecodeError) as raised:
        decode(data, "photo.png")
    expected = NOT_KOREAN_TEXT if problem.startswith("binary") else "(expected a Korean article saved as text)"
    assert str(raised.value) == f"photo.png: {problem}{expected}"


def test_a_decode_error_is_a_value_error():
    assert issubclass(DecodeError, ValueError)
