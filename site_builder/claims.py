"""Does a figure say what its sentence says? The number, unit, estimate and bound a quoted text states,
read with the project's Korean number parser, against the value the front matter gives.

Pure functions returning problems as (front-matter key, message, expected); validate.py places them.
"""

from __future__ import annotations

from site_builder.i18n import _
from site_builder.model import BOUNDS, METRIC_UNITS, METRICS
from site_builder.numbers import Quantity, find_quantities, format_number

# Units a text may write for a figure's unit: 10개 기업 and 10개사 both count companies.
_SAME_UNIT = {"개사": ("개사", "개"), "개": ("개", "개사")}

Problem = tuple[str, str, str]     # (key of the figure, message, expected)


def number_text(value: int | float) -> str:
    """50000000000 -> '50000000000 (500억)'; small and fractional values as they are."""
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    whole = int(value)
    return f"{whole} ({format_number(whole)})" if abs(whole) >= 10**4 else str(whole)


def _plain(value: int | float) -> str:
    return repr(value) if isinstance(value, float) and not value.is_integer() else str(int(value))


def stated_quantity(text: str, value: int | float, unit: str) -> tuple[Quantity | None, list[Problem]]:
    """The quantity of ``text`` that states ``value`` in ``unit``, or the problem with it.

    A text that states several numbers (최고혁신상 23개중 5개) must contain the value among them.
    """
    found = find_quantities(text)
    if not found:
        return None, [("text", _("figure text {text!r} states no number the parser can read").format(text=text),
                       _("expected the phrase that states the number with its unit, e.g. {example!r}")
                       .format(example="370여억 원"))]
    units = _SAME_UNIT.get(unit, (unit,))
    same_unit = [q for q in found if q.unit in units]
    if not same_unit:
        stated = ", ".join(f"'{q.text}'" for q in found)
        return None, [("unit", _("unit {unit!r} does not match {stated} in text").format(unit=unit, stated=stated),
                       _("expected unit {units}").format(
                           units=_(" or ").join(repr(u) for u in dict.fromkeys(q.unit for q in found))))]
    for quantity in same_unit:
        if quantity.value == value:
            return quantity, []
    if len(same_unit) == 1:
        [quantity] = same_unit
        return None, [("value", _("value {value} does not match {stated!r} in text").format(
            value=number_text(value), stated=quantity.text), _("expected {value}").format(value=_plain(quantity.value)))]
    stated = ", ".join(f"'{q.text}'" for q in same_unit)
    return None, [("value", _("value {value} does not match any of {stated} in text").format(
        value=number_text(value), stated=stated),
                   _("expected one of {choices}").format(choices=", ".join(_plain(q.value) for q in same_unit)))]


def figure_problems(metric: str, value: int | float, unit: str, approx: bool, bound: str | None,
                    text: str) -> list[Problem]:
    """Everything that makes a figure disagree with its own text or with its metric's unit."""
    problems: list[Problem] = []
    allowed = METRIC_UNITS.get(metric)
    if allowed is not None and unit not in allowed:
        problems.append(("unit", _("{name} ({metric}) is not counted in {unit!r}").format(
            name=METRICS[metric], metric=metric, unit=unit),
                         _("expected unit {units}").format(units=_(" or ").join(repr(u) for u in allowed))))
    quantity, stated = stated_quantity(text, value, unit)
    problems += stated
    if quantity is None:
        return problems
    if quantity.bound != bound:
        if quantity.bound:
            problems.append(("bound", _("text {text!r} states a bound ({bound}) the figure does not have").format(
                text=text, bound=BOUNDS[quantity.bound]), _("expected bound: {bound}").format(bound=quantity.bound)))
        else:
            problems.append(("bound", _("bound {bound!r} ({name}) is not stated in text {text!r}").format(
                bound=bound, name=BOUNDS[bound], text=text),
                             _("expected no bound, or a text with 최대/까지 (max) or 이상/넘는/돌파 (min)")))
    if quantity.estimate and not approx:
        problems.append(("approx", _("text {text!r} states an approximate number ({stated!r})").format(
            text=text, stated=quantity.text), _("expected approx: true")))
    return problems


def count_problems(text: str, count: int) -> list[Problem]:
    """An agreement's text may state how many were signed (MOU 6건); if it does, count must say the same."""
    counts = [q for q in find_quantities(text) if q.unit == "건"]
    if not counts:
        return []
    if any(q.value == count for q in counts):
        return []
    stated = ", ".join(f"'{q.text}'" for q in counts)
    return [("count", _("count {count} does not match {stated} in text").format(count=count, stated=stated),
             _("expected count: {counts}").format(counts=_(" or ").join(_plain(q.value) for q in counts)))]
