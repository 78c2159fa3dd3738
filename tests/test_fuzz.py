"""Property test: no front matter or Markdown body makes the pipeline raise; outputs stay well-formed.

A few seconds in CI; ``benchmarks/fuzz.py`` runs the same check for as long as you like.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.fuzzing import bodies, check_document, front_matters, whole_file

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@FUZZ
@given(front=front_matters(), body=bodies)
def test_any_front_matter_and_body_gives_messages_or_a_well_formed_site(front, body):
    check_document(whole_file(front, body))


@FUZZ
@given(body=bodies)
def test_any_body_of_a_valid_briefing_builds_or_is_refused_with_its_line(body):
    check_document(whole_file("title: 제목\ndate: 2024-02-17\npartners: [SVB]\n", body))


@settings(max_examples=40, deadline=None, database=None)
@given(text=bodies)
def test_any_text_at_all_as_a_file(text):
    check_document(text)
