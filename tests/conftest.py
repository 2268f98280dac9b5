"""Shared fixtures: the project's paths, and builds of the real site or of fixture sites."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Screenshots and rendered PDF pages land here for a person to look at.
TEST_OUTPUT = ROOT / "test-output"


def run_mkdocs_build(config_file: Path, site_dir: Path, **env_overrides: str) -> subprocess.CompletedProcess:
    """Runs `mkdocs build --strict` in a child process, as an editor would, and returns it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_overrides}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site built once with --strict (HTML only: PDF tests build their own)."""
    site_dir = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(ROOT / "mkdocs.yml", site_dir, PDF_EXPORT="0")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def test_output() -> Path:
    TEST_OUTPUT.mkdir(exist_ok=True)
    return TEST_OUTPUT
