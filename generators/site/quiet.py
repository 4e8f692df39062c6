"""Keep libraries' English start-up chatter out of the build log that staff read.

jieba (the search plugin's Chinese word splitter) logs "Building prefix dict ... / Loading
model ..." at DEBUG through its own stderr handler on every build; Material prints an
end-of-life box when it is imported (silenced by NO_MKDOCS_2_WARNING=1, which the Makefile sets
because the theme is imported before any hook runs). Maintainers see both again with
ARCHIVE_VERBOSE=1 (`make serve V=1`). Our own warnings (mkdocs.hooks.archive) are untouched.
"""
from __future__ import annotations

import logging
import os

VERBOSE = "ARCHIVE_VERBOSE"


def verbose() -> bool:
    """Whether the maintainer asked for the libraries' own messages (ARCHIVE_VERBOSE=1)."""
    return os.environ.get(VERBOSE, "").strip() not in ("", "0")


def quiet_libraries() -> None:
    """Raise jieba's logger to WARNING unless verbose. jieba sets its level to DEBUG when it is
    imported, so it is imported here first (cheap: its dictionary loads on first use)."""
    if verbose():
        return
    try:
        import jieba
    except ImportError:  # no Chinese search segmentation installed: nothing to quiet
        return
    jieba.setLogLevel(logging.WARNING)
