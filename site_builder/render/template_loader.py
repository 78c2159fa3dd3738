"""A Jinja loader that reads templates only from inside the project.

``FileSystemLoader`` follows symbolic links anywhere; a template such as
``templates/base.html -> /etc/passwd`` would put that file into every page.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from site_builder.config import outside_project
from site_builder.i18n import _


class ProjectLoader(jinja2.FileSystemLoader):
    """Templates from ``templates_dir``; a file whose link leads outside ``root`` is an error at its path."""

    def __init__(self, templates_dir: Path, root: Path | None = None):
        super().__init__(str(templates_dir))
        self.roots = (templates_dir, root) if root else (templates_dir,)

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        target = outside_project(Path(filename), *self.roots)
        if target is not None:
            raise jinja2.TemplateSyntaxError(_("symbolic link leads outside the project (to {target})").format(
                target=target), 1,
                                             template, filename)
        return source, filename, uptodate
