"""The tool's messages in Korean (the default) or English, from the gettext catalogs in site_builder/locale/.

Messages are written in the code as English msgids (``_("unknown key {key!r}")``) and translated where they
are made, with named placeholders so a translation can put them in its own order. The Korean catalog
translates them; the English catalog keeps the msgids. The compiled ``.mo`` files are committed beside the
``.po`` files (tests/test_i18n.py recompiles them and compares the bytes), so the runtime needs only the
standard library's ``gettext``.

Which language: ``site-builder --lang en|ko`` first; else the first of LANGUAGE (a colon-separated list:
its first ``ko`` or ``en`` entry), LC_ALL, LC_MESSAGES, LANG that is set: a value starting with ``en``
means English, any other value (``ko_KR.UTF-8``, ``C``, ``POSIX``) Korean; nothing set means Korean.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

DOMAIN = "site_builder"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: 'en' or 'ko'."""
    environ = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        value = environ.get(name, "")
        if not value:
            continue
        if name == "LANGUAGE":  # a preference list: a language we have no catalog for is skipped
            for item in value.split(":"):
                if item[:2] in LANGUAGES:
                    return item[:2]
            continue
        return "en" if value.startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


@contextmanager
def chosen_language(choice: str | None) -> Iterator[None]:
    """Speak ``choice`` (from ``--lang``) while the command runs. It is set as LANGUAGE, the variable that
    comes first, so worker processes (forked or spawned) speak it too; the old value comes back after."""
    if choice is None:
        yield
        return
    saved = os.environ.get("LANGUAGE")
    os.environ["LANGUAGE"] = choice
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved


@lru_cache(maxsize=None)
def catalog(language: str) -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


def gettext(message: str) -> str:
    return catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return catalog(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined (a constant); ``_()`` translates it where it is used."""
    return message


_ = gettext
