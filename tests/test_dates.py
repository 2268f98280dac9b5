"""The one date a build stamps on what it makes (rfn_guide.dates.source_date): fast, no build."""
from __future__ import annotations

import datetime as dt
import os
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


def test_the_build_date_follows_new_commits_but_never_replaces_a_builders_own(monkeypatch):
    """`mkdocs serve` rebuilds in one process: a date the build took from git moves on with the
    commits (its mark says so), a SOURCE_DATE_EPOCH the builder set stays as it is."""
    from types import SimpleNamespace

    from rfn_guide.engine import build_date

    site = SimpleNamespace(config_dir=ROOT)
    commit = str(int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                                    text=True, check=True).stdout))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv(build_date.SET_BY_BUILD, raising=False)
    build_date._set_source_date(site)
    assert os.environ["SOURCE_DATE_EPOCH"] == os.environ[build_date.SET_BY_BUILD] == commit
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")  # an earlier commit's, as the build set it
    monkeypatch.setenv(build_date.SET_BY_BUILD, "86400")
    build_date._set_source_date(site)
    assert os.environ["SOURCE_DATE_EPOCH"] == commit
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "172800")  # the builder's own
    build_date._set_source_date(site)
    assert os.environ["SOURCE_DATE_EPOCH"] == "172800"
