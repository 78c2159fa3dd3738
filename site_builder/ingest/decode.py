"""Turn the bytes of a saved article into text, whichever encoding the editor's browser used.

Korean pages are saved as UTF-8 (with or without a BOM), as UTF-16 (Windows "Unicode" text, always
with a BOM) or as CP949, the Windows superset of EUC-KR that older Korean sites still serve. CP949
decodes almost any byte soup without error, so its result is accepted only when it reads as Korean
text; anything else is refused with a message that names the file, never guessed at.
"""

from __future__ import annotations

import codecs
import unicodedata

from site_builder.i18n import N_, _

# Translated where a DecodeError is made, in the language of that moment.
NOT_TEXT = N_("not UTF-8 or CP949/EUC-KR text (expected a Korean article saved as text)")

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Line and paragraph separators that copy-paste from web pages sometimes carries.
_LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029")
# A CP949 reading must have at least this share of Hangul among its non-ASCII letters. Real Korean
# text is overwhelmingly Hangul (Hanja appear as single characters such as 美, 韓); Latin-1 or binary
# bytes that happen to pair up decode to a scatter of rare Hanja and odd syllables instead.
_MIN_HANGUL_SHARE = 0.8


class DecodeError(ValueError):
    """The file is not text the ingest tool can read; ``str()`` names the file."""

    def __init__(self, name: str, message: str):
        self.name = name
        self.message = message
        super().__init__(f"{name}: {message}")


def decode(data: bytes, name: str) -> str:
    """The text of ``data`` with ``\\n`` newlines and no BOM; raises ``DecodeError`` if it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[len(codecs.BOM_UTF8):], "utf-8", name, _("starts with a UTF-8 BOM but is not UTF-8"))
    elif data.startswith(_UTF16_BOMS):
        # The "utf-16" codec reads the BOM to pick the byte order and drops it.
        text = _strict(data, "utf-16", name, _("starts with a UTF-16 BOM but is not UTF-16"))
    elif b"\x00" in data:
        raise DecodeError(name, _("binary data (NUL bytes), {problem}").format(problem=_(NOT_TEXT)))
    else:
        text = _utf8_or_cp949(data, name)
    if _has_control_characters(text):
        raise DecodeError(name, _("binary data (control characters), {problem}").format(problem=_(NOT_TEXT)))
    for line_break in _LINE_BREAKS:
        text = text.replace(line_break, "\n")
    return text


def _strict(data: bytes, encoding: str, name: str, problem: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise DecodeError(name, _("{problem} (expected a Korean article saved as text)").format(problem=problem)) from None


def _utf8_or_cp949(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        text = None
    if text is None or not looks_korean(text):
        raise DecodeError(name, _(NOT_TEXT))
    return text


def looks_korean(text: str) -> bool:
    """True when the non-ASCII letters of ``text`` are mostly Hangul, as in any Korean article."""
    letters = [char for char in text if ord(char) > 0x7F and char.isalpha()]
    if not letters:
        return False
    hangul = sum(1 for char in letters if _is_hangul(char))
    return hangul / len(letters) >= _MIN_HANGUL_SHARE


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or "\u3131" <= char <= "\u318e" or "\u1100" <= char <= "\u11ff"


def _has_control_characters(text: str) -> bool:
    """Control characters other than tab, newline, carriage return and form feed mean binary data."""
    return any(unicodedata.category(char) == "Cc" and char not in "\t\n\r\f" for char in text)
