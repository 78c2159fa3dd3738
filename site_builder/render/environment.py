"""The one Jinja environment (autoescaped, StrictUndefined, Korean filters) and template errors as
``path:line:`` diagnostics."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2

from site_builder import __version__
from site_builder.config import Config
from site_builder.diagnostics import Diagnostic
from site_builder.i18n import _
from site_builder.rights import full_text_allowed, licence_of, quotations
from site_builder.korean import format_date, format_month, format_quantity, format_range, group_korean
from site_builder.model import AGREEMENT_KINDS, BOUNDS, METRICS, ROLES
from site_builder.render.template_loader import ProjectLoader


class TemplateError(Exception):
    """A template could not be loaded or rendered."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def make_environment(templates_dir: Path, root: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=ProjectLoader(templates_dir, root),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        korean_date=format_date,
        korean_range=format_range,
        # Figures, ledger rows, facts and totals alike: value, unit, approx and bound.
        quantity=lambda item: format_quantity(item.value, item.unit, item.approx, item.bound),
        amount=format_quantity,
        korean_number=group_korean,
        iso=lambda value: value.isoformat(),
    )
    env.globals.update(metric_names=METRICS, role_names=ROLES, bound_names=BOUNDS, agreement_kinds=AGREEMENT_KINDS,
                       format_month=format_month, version=__version__,
                       licence_of=licence_of, full_text_allowed=full_text_allowed, quotations=quotations)
    return env


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any], config: Config, what: str) -> bytes:
    """The template's output as UTF-8; raises TemplateError with the template's file and line."""
    try:
        text = env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(Diagnostic(_label(config, error.filename or name), error.lineno or 1,
                                       _("template syntax error: {problem}").format(problem=error.message))) from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(Diagnostic(_label(config, name), 1, _("template not found: {name}").format(name=error.name),
                                       _("expected a file in {folder}").format(folder=_label(config, "")))) from None
    except jinja2.UndefinedError as error:
        file, line = _template_frame(error, name)
        raise TemplateError(Diagnostic(_label(config, file), line,
                                       _("undefined value in template: {problem}").format(problem=error.message))) from None
    except Exception as error:  # a template bug (wrong call, bad filter argument) is an editor's mistake too
        file, line = _template_frame(error, name)
        raise TemplateError(Diagnostic(_label(config, file), line,
                                       _("template error while rendering {what}: {error}: {problem}").format(
                                           what=what, error=type(error).__name__, problem=error))) from None
    return text.encode("utf-8")


def _label(config: Config, name: str) -> str:
    path = Path(name)
    if not path.is_absolute():
        path = config.templates_dir / name
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def _template_frame(error: Exception, fallback: str) -> tuple[str, int]:
    """Template file and line of an error, from the traceback Jinja rewrites for us."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if not frame.filename.endswith(".py") and frame.filename != "<template>":
            return frame.filename, frame.lineno or 1
    return fallback, 1
