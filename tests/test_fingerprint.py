import subprocess
import sys
import dataclasses
import typing
from dataclasses import dataclass
from datetime import date

from site_builder import model
from site_builder.engine.fingerprint import fingerprint


@dataclass(frozen=True)
class Record:
    name: str
    when: date
    tags: tuple


def test_equal_values_equal_fingerprints_and_any_field_change_shows():
    a = Record("대전", date(2024, 2, 17), ("x", "y"))
    assert fingerprint(a) == fingerprint(Record("대전", date(2024, 2, 17), ("x", "y")))
    assert fingerprint(a) != fingerprint(Record("대전", date(2024, 2, 18), ("x", "y")))
    assert fingerprint(a) != fingerprint(Record("대전", date(2024, 2, 17), ("x",)))
    assert fingerprint([1, 2]) != fingerprint((1, 2))


def test_substitute_stands_for_a_record():
    a, b = Record("a", date(2024, 1, 1), frozenset()), Record("b", date(2024, 1, 1), frozenset())
    same = fingerprint([a], {Record: lambda v: "v1"})
    assert same == fingerprint([b], {Record: lambda v: "v1"})
    assert same != fingerprint([b], {Record: lambda v: "v2"})
    assert fingerprint([a]) != fingerprint([b])


def test_plain_data_fingerprints_the_same_in_every_process():
    code = ("from datetime import date; from site_builder.engine.fingerprint import fingerprint; "
            "print(fingerprint({'b': ['가나다', (1, 2.5, None)], 'a': date(2024, 2, 17), 'n': frozenset([3, 1, 2])}))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={"PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3)}
    assert len(outputs) == 1 and outputs != {""}


def test_string_sets_under_several_hash_seeds_never_match_another_value():
    """A set of strings iterates, and so pickles, in an order that depends on PYTHONHASHSEED: its fingerprint
    may differ from one process to the next (a cache miss), but it never equals another value's (no false reuse)."""
    code = ("import sys; from site_builder.engine.fingerprint import fingerprint; "
            "print(fingerprint({'도시': frozenset(['대전', '구미', '관악구', 'SVB']), 'n': 1})); "
            "print(fingerprint({'도시': frozenset(['대전', '구미', '관악구', 'NASA']), 'n': 1})); "
            "print(fingerprint({'도시': ('구미', '관악구', '대전'), 'n': 1}))")
    first, second, plain = set(), set(), set()
    for seed in (0, 1, 2, 3, 42, 2024):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env={"PYTHONHASHSEED": str(seed)}).stdout.split()
        assert len(out) == 3, out
        first.add(out[0])
        second.add(out[1])
        plain.add(out[2])
    assert not first & second
    assert len(plain) == 1 and not plain & (first | second)


def test_model_records_hold_no_sets():
    # Two equal sets can iterate (and so pickle) in different orders when their elements collide
    # in the hash table; the records that page fingerprints cover use tuples to stay value-stable.
    for record in (model.Term, model.Figure, model.Trip, model.Source, model.Article):
        for field in dataclasses.fields(record):
            hint = str(typing.get_type_hints(record)[field.name])
            assert "set" not in hint.lower(), (record.__name__, field.name, hint)
