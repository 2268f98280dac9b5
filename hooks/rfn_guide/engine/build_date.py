"""Step: one date for the whole build, so two builds of the same commit give the same files.

MkDocs stamps the sitemap's <lastmod> (and sitemap.xml.gz's header) with SOURCE_DATE_EPOCH when
it is set, else with the moment of building. This sets it, when the builder has not, to the time
of the last git commit (MkDocs reads it there), and hands the same moment to the later steps as
data (site.build_moment): the Spanish sitemap's header and the PDFs carry it."""
from __future__ import annotations

import os

from mkdocs.exceptions import PluginError

from ..dates import ENV_SOURCE_DATE, SourceDateError, last_commit_time, source_date
from .site import Site

# The value this step last put in SOURCE_DATE_EPOCH, kept beside it in the environment it
# changes: under `mkdocs serve` the next rebuild (in the same process) then moves it on to a new
# commit, while a builder's own value (no mark, or another value) is never replaced.
SET_BY_BUILD = "RFN_SOURCE_DATE_FROM_GIT"


def on_config(site: Site) -> None:
    _set_source_date(site)
    try:
        site.build_moment = source_date(site.config_dir)
    except SourceDateError as error:
        # SOURCE_DATE_EPOCH is not a number. MkDocs itself would fail on it later with a
        # traceback; stop here instead, saying how to fix it.
        raise PluginError(f"environment: {error}") from None


def _set_source_date(site: Site) -> None:
    if os.environ.get(ENV_SOURCE_DATE) and os.environ[ENV_SOURCE_DATE] != os.environ.get(SET_BY_BUILD):
        return
    seconds = last_commit_time(site.config_dir)
    if seconds is not None:
        os.environ[ENV_SOURCE_DATE] = os.environ[SET_BY_BUILD] = str(seconds)
    elif ENV_SOURCE_DATE in os.environ and not os.environ[ENV_SOURCE_DATE].strip():
        del os.environ[ENV_SOURCE_DATE]  # set but empty: MkDocs would fail on it; use the time of building
