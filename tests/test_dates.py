"""The one date a build stamps on what it makes (rfn_guide.dates.source_date): fast, no build."""
from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from rfn_guide.dates import SourceDateError, source_date
from support.project import ROOT


def test_source_date_rules(tmp_path):
    assert source_date(tmp_path, {"SOURCE_DATE_EPOCH": "86400"}) == dt.datetime(1970, 1, 2, tzinfo=dt.UTC)
    with pytest.raises(SourceDateError, match="SOURCE_DATE_EPOCH"):
        source_date(tmp_path, {"SOURCE_DATE_EPOCH": "yesterday"})
    commit = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout)
    assert source_date(ROOT, {}).timestamp() == commit
    # Outside a git work tree: the moment of building (nothing better to go on).
    outside = source_date(tmp_path, {})
    assert abs(outside.timestamp() - dt.datetime.now(dt.UTC).timestamp()) < 60
