"""A draft's problems do not stop the rest of the archive from being published.

Without ``--drafts`` a draft is not published, so what is wrong with it is reported as a warning
and the build goes on; with ``--drafts`` (and in the preview, which shows drafts) it is an error.
Which file is a draft is read from its front matter even when the rest of it is invalid; a file whose
front matter cannot be read at all is never taken for a draft.
"""

from __future__ import annotations

from collections.abc import Iterable

from site_builder.diagnostics import Diagnostic
from site_builder.load import SourceFile

def is_draft(source: SourceFile | None) -> bool:
    return source is not None and isinstance(source.front.data, dict) and source.front.data.get("draft") is True


def draft_warnings(diagnostics: Iterable[Diagnostic], draft_paths: set[str], include_drafts: bool
                   ) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(errors, warnings): problems in drafts are warnings unless drafts are being published."""
    errors, warnings = [], []
    for diagnostic in diagnostics:
        (warnings if not include_drafts and diagnostic.path in draft_paths else errors).append(diagnostic)
    return errors, warnings
