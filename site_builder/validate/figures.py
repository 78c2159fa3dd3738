"""Figures and agreements: each number and each agreement checked against the sentence it quotes."""

from __future__ import annotations

from typing import Any

from site_builder.claims import count_problems, figure_problems
from site_builder.model import (AGREEMENT_KINDS, BOUNDS, METRICS, ROLES, UNITS, Agreement, Figure, Registries,
                                TermKind)
from site_builder.registry import lookup, suggest
from site_builder.i18n import _
from site_builder.urls import is_valid_slug

from site_builder.validate.checker import _Checker, _squash, kind_name

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
        check.error(("figures",), _("'figures' must be a list"),
                    _("expected items like '- {metric: ..., value: ..., unit: ..., text: ...}'"))
        return ()
    squashed_body = _squash(body)
    figures = []
    for index, item in enumerate(value):
        path = ("figures", index)
        if not isinstance(item, dict):
            check.error(path, _("figure {number} must be a mapping").format(number=index + 1),
                        _("expected keys {keys}").format(keys=", ".join(FIGURE_KEYS)))
            continue
        check.mapping_keys(item, path, FIGURE_KEYS, _("figure {number}").format(number=index + 1))
        for key in FIGURE_REQUIRED:
            if key not in item:
                check.error(path, _("figure {number} is missing {key!r}").format(number=index + 1, key=key),
                            _("expected '{key}: ...'").format(key=key))
        metric = check.text(item.get("metric"), path + ("metric",))
        if metric is not None and metric not in METRICS:
            check.error(path + ("metric",), _("unknown metric {metric!r}").format(metric=metric),
                        _("expected one of {choices}").format(choices=", ".join(METRICS)))
        unit = check.text(item.get("unit"), path + ("unit",))
        if unit is not None and unit not in UNITS:
            check.error(path + ("unit",), _("unknown unit {unit!r}").format(unit=unit),
                        _("expected one of {choices}").format(choices=", ".join(UNITS)))
        number = item.get("value")
        value_ok = False
        if "value" in item and (isinstance(number, bool) or not isinstance(number, (int, float))):
            check.error(path + ("value",), _("figure value {value!r} is not a number").format(value=number),
                        _("expected digits only, KRW in won: 370억 원 -> 37000000000"))
        elif isinstance(number, float) and number != number:
            check.error(path + ("value",), _("figure value is not a number"), _("expected a finite number"))
        elif "value" in item and not -MAX_FIGURE_VALUE <= number <= MAX_FIGURE_VALUE:
            shown = _("infinite") if number in (float("inf"), float("-inf")) else f"{number:.3g}"
            check.error(path + ("value",), _("figure value is too large ({value})").format(value=shown),
                        _("expected a finite number of at most {limit:.0e}; KRW in won: 370억 원 -> 37000000000")
                        .format(limit=MAX_FIGURE_VALUE))
        else:
            value_ok = "value" in item
        approx = item.get("approx", False)
        if not isinstance(approx, bool):
            check.error(path + ("approx",), _("'approx' must be true or false"), _("expected approx: true"))
        role = _choice(check, item.get("role", "result"), path + ("role",), ROLES, _("role"))
        bound = _choice(check, item.get("bound"), path + ("bound",), BOUNDS, _("bound"))
        text = check.text(item.get("text"), path + ("text",))
        if text is not None and _squash(text) not in squashed_body:
            check.error(path + ("text",), _("figure text {text!r} does not occur in the body").format(text=text),
                        _("expected a phrase copied verbatim from the body"))
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
        check.error(path, _("unknown {what} {value!r}").format(what=what, value=value),
                    _("expected one of {choices}").format(
                        choices=", ".join(f"{key} ({name})" for key, name in choices.items())))
        return False
    return value


def _event(check: _Checker, value: Any) -> str | None:
    """The key shared by every report of one trip or event: an ASCII slug such as 2023-01-daejeon-us."""
    text = check.text(value, ("event",))
    if text is not None and not is_valid_slug(text):
        check.error(("event",), _("invalid event key {key!r}").format(key=text),
                    _("expected ASCII lower-case letters, digits and single hyphens, e.g. {example!r}")
                    .format(example="2023-01-daejeon-us"))
        return None
    return text


def _agreements(check: _Checker, value: Any, body: str, registries: Registries) -> tuple[Agreement, ...]:
    """Agreements the body reports, each with the verbatim phrase that says it was signed."""
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error(("agreements",), _("'agreements' must be a list"),
                    _("expected items like '- {kind: mou, partners: [...], date: ..., text: ...}'"))
        return ()
    squashed_body = _squash(body)
    agreements = []
    for index, item in enumerate(value):
        path = ("agreements", index)
        if not isinstance(item, dict):
            check.error(path, _("agreement {number} must be a mapping").format(number=index + 1),
                        _("expected keys {keys}").format(keys=", ".join(AGREEMENT_KEYS)))
            continue
        ok = check.ok
        check.ok = True
        check.mapping_keys(item, path, AGREEMENT_KEYS, _("agreement {number}").format(number=index + 1))
        for key in AGREEMENT_REQUIRED:
            if key not in item:
                check.error(path, _("agreement {number} is missing {key!r}").format(number=index + 1, key=key),
                            _("expected '{key}: ...'").format(key=key))
        kind = _choice(check, item.get("kind"), path + ("kind",), AGREEMENT_KINDS, _("agreement kind"))
        partners = _partner_slugs(check, item.get("partners"), path + ("partners",), registries)
        parties = check.text(item.get("parties"), path + ("parties",))
        signed = check.date(item.get("date"), path + ("date",))
        count = item.get("count", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            check.error(path + ("count",), _("agreement count {count!r} is not a whole number of agreements")
                        .format(count=count), _("expected count: 1 or more"))
            count = None
        text = check.text(item.get("text"), path + ("text",))
        if text is not None and _squash(text) not in squashed_body:
            check.error(path + ("text",), _("agreement text {text!r} does not occur in the body").format(text=text),
                        _("expected a phrase copied verbatim from the body"))
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
            check.error(path + (index,), _("unknown {kind} {name!r}").format(kind=kind_name(TermKind.PARTNER), name=name),
                        _("did you mean {hint!r}?").format(hint=hint) if hint
                        else _("expected a name or alias from {file}").format(file="registry/partners.yaml"))
        elif term.slug not in slugs:
            slugs.append(term.slug)
    return tuple(slugs)


