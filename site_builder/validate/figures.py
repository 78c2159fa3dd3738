"""Figures and agreements: each number and each agreement checked against the sentence it quotes."""

from __future__ import annotations

from typing import Any

from site_builder.claims import count_problems, figure_problems
from site_builder.model import (AGREEMENT_KINDS, BOUNDS, METRICS, ROLES, UNITS, Agreement, Figure, Registries,
                                TermKind)
from site_builder.registry import lookup, suggest
from site_builder.urls import is_valid_slug

from site_builder.validate.checker import _Checker, _squash

FIGURE_KEYS = ("label", "metric", "role", "value", "unit", "approx", "bound", "text")
FIGURE_REQUIRED = ("metric", "value", "unit", "text")
AGREEMENT_KEYS = ("kind", "partners", "parties", "date", "count", "text")
AGREEMENT_REQUIRED = ("kind", "text")
# Figures are amounts of won, people or items: 10^18 is beyond any of them, and sums of 100,000 stay finite.
MAX_FIGURE_VALUE = 10 ** 18


def _figures(check: _Checker, value: Any, body: str) -> tuple[Figure, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error(("figures",), "'figures' must be a list", "expected items like '- {metric: ..., value: ..., unit: ..., text: ...}'")
        return ()
    squashed_body = _squash(body)
    figures = []
    for index, item in enumerate(value):
        path = ("figures", index)
        if not isinstance(item, dict):
            check.error(path, f"figure {index + 1} must be a mapping", "expected keys " + ", ".join(FIGURE_KEYS))
            continue
        check.mapping_keys(item, path, FIGURE_KEYS, f"figure {index + 1}")
        for key in FIGURE_REQUIRED:
            if key not in item:
                check.error(path, f"figure {index + 1} is missing {key!r}", f"expected '{key}: ...'")
        metric = check.text(item.get("metric"), path + ("metric",))
        if metric is not None and metric not in METRICS:
            check.error(path + ("metric",), f"unknown metric {metric!r}", "expected one of " + ", ".join(METRICS))
        unit = check.text(item.get("unit"), path + ("unit",))
        if unit is not None and unit not in UNITS:
            check.error(path + ("unit",), f"unknown unit {unit!r}", "expected one of " + ", ".join(UNITS))
        number = item.get("value")
        value_ok = False
        if "value" in item and (isinstance(number, bool) or not isinstance(number, (int, float))):
            check.error(path + ("value",), f"figure value {number!r} is not a number",
                        "expected digits only, KRW in won: 370억 원 -> 37000000000")
        elif isinstance(number, float) and number != number:
            check.error(path + ("value",), "figure value is not a number", "expected a finite number")
        elif "value" in item and not -MAX_FIGURE_VALUE <= number <= MAX_FIGURE_VALUE:
            shown = "infinite" if number in (float("inf"), float("-inf")) else f"{number:.3g}"
            check.error(path + ("value",), f"figure value is too large ({shown})",
                        f"expected a finite number of at most {MAX_FIGURE_VALUE:.0e}; KRW in won: 370억 원 -> 37000000000")
        else:
            value_ok = "value" in item
        approx = item.get("approx", False)
        if not isinstance(approx, bool):
            check.error(path + ("approx",), "'approx' must be true or false", "expected approx: true")
        role = _choice(check, item.get("role", "result"), path + ("role",), ROLES, "role")
        bound = _choice(check, item.get("bound"), path + ("bound",), BOUNDS, "bound")
        text = check.text(item.get("text"), path + ("text",))
        if text is not None and _squash(text) not in squashed_body:
            check.error(path + ("text",), f"figure text {text!r} does not occur in the body",
                        "expected a phrase copied verbatim from the body")
        elif (text is not None and metric in METRICS and unit in UNITS and value_ok and isinstance(approx, bool)
              and bound is not False):
            for key, message, expected in figure_problems(metric, number, unit, approx, bound, _squash(text)):
                check.error(path + (key,), message, expected)
        label = check.text(item.get("label"), path + ("label",)) or (METRICS.get(metric or "", "") if metric else "")
        if check.ok and metric in METRICS and unit in UNITS and text and isinstance(number, (int, float)) and role:
            figures.append(Figure(index + 1, label, metric, number, unit, bool(approx), _squash(text),
                                  bound or None, role))
    return tuple(figures)


def _choice(check: _Checker, value: Any, path: tuple, choices: dict[str, str], what: str) -> str | None | bool:
    """One of ``choices``' keys, None when absent, False when wrong (reported)."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in choices:
        check.error(path, f"unknown {what} {value!r}",
                    "expected one of " + ", ".join(f"{key} ({name})" for key, name in choices.items()))
        return False
    return value


def _event(check: _Checker, value: Any) -> str | None:
    """The key shared by every report of one trip or event: an ASCII slug such as 2023-01-daejeon-us."""
    text = check.text(value, ("event",))
    if text is not None and not is_valid_slug(text):
        check.error(("event",), f"invalid event key {text!r}",
                    "expected ASCII lower-case letters, digits and single hyphens, e.g. '2023-01-daejeon-us'")
        return None
    return text


def _agreements(check: _Checker, value: Any, body: str, registries: Registries) -> tuple[Agreement, ...]:
    """Agreements the body reports, each with the verbatim phrase that says it was signed."""
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error(("agreements",), "'agreements' must be a list",
                    "expected items like '- {kind: mou, partners: [...], date: ..., text: ...}'")
        return ()
    squashed_body = _squash(body)
    agreements = []
    for index, item in enumerate(value):
        path = ("agreements", index)
        if not isinstance(item, dict):
            check.error(path, f"agreement {index + 1} must be a mapping", "expected keys " + ", ".join(AGREEMENT_KEYS))
            continue
        ok = check.ok
        check.ok = True
        check.mapping_keys(item, path, AGREEMENT_KEYS, f"agreement {index + 1}")
        for key in AGREEMENT_REQUIRED:
            if key not in item:
                check.error(path, f"agreement {index + 1} is missing {key!r}", f"expected '{key}: ...'")
        kind = _choice(check, item.get("kind"), path + ("kind",), AGREEMENT_KINDS, "agreement kind")
        partners = _partner_slugs(check, item.get("partners"), path + ("partners",), registries)
        parties = check.text(item.get("parties"), path + ("parties",))
        signed = check.date(item.get("date"), path + ("date",))
        count = item.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            check.error(path + ("count",), f"agreement count {count!r} is not a whole number of agreements",
                        "expected count: 1 or more")
            count = None
        text = check.text(item.get("text"), path + ("text",))
        if text is not None and _squash(text) not in squashed_body:
            check.error(path + ("text",), f"agreement text {text!r} does not occur in the body",
                        "expected a phrase copied verbatim from the body")
        elif text is not None and count is not None:
            for key, message, expected in count_problems(_squash(text), count):
                check.error(path + (key,), message, expected)
        if check.ok and kind and text and count:
            agreements.append(Agreement(index + 1, kind, _squash(text), partners, parties, signed, count))
        check.ok = ok and check.ok
    return tuple(agreements)


def _partner_slugs(check: _Checker, value: Any, path: tuple, registries: Registries) -> tuple[str, ...]:
    slugs: list[str] = []
    for index, name in check.text_list(value, path):
        term = lookup(registries.partners, name)
        if term is None:
            hint = suggest(registries.partners, name)
            check.error(path + (index,), f"unknown {TermKind.PARTNER.label} {name!r}",
                        f"did you mean {hint!r}?" if hint else "expected a name or alias from registry/partners.yaml")
        elif term.slug not in slugs:
            slugs.append(term.slug)
    return tuple(slugs)


