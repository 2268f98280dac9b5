"""The project the tests check, and builds of it or of small fixture sites: its paths, each
page's heading, `mkdocs build` as an editor runs it (run_mkdocs_build) or in this process
(build_in_process), and a hook that runs only some build steps (step_hook)."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# Screenshots and rendered PDF pages land here for a person to look at.
TEST_OUTPUT = ROOT / "test-output"
# Each page's heading names the procedure, spelled out with its short name, so a printed page
# makes sense on its own (issue 16); the glossary and references pages stay short.
HEADINGS = {
    "index.md": "What is radiofrequency neurotomy (RFN)?",
    "how-it-works.md": "How radiofrequency neurotomy (RFN) works",
    "who-it-can-help.md": "Who radiofrequency neurotomy (RFN) can help",
    "risks-and-benefits.md": "Risks and benefits of radiofrequency neurotomy (RFN)",
    "outlook.md": "Outlook after radiofrequency neurotomy (RFN)",
    "questions.md": "Questions to ask your doctor about radiofrequency neurotomy (RFN)",
    "before.md": "Before your radiofrequency neurotomy (RFN)",
    "pain-diary.md": "Pain diary for your test injections before radiofrequency neurotomy (RFN)",
    "during.md": "During your radiofrequency neurotomy (RFN)",
    "after.md": "After your radiofrequency neurotomy (RFN)",
    "glossary.md": "Glossary",
    "references.md": "References",
    "about.md": "About this information on radiofrequency neurotomy (RFN)",
}


MKDOCS = (sys.executable, "-m", "mkdocs")


def run_mkdocs_build(config_file: Path, site_dir: Path, program: tuple[str, ...] = MKDOCS,
                     **env_overrides: str) -> subprocess.CompletedProcess:
    """Runs `mkdocs build --strict` in a child process, as an editor would, and returns it
    (`program`: another builder with MkDocs' command line, e.g. ProperDocs)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_overrides}
    return subprocess.run(
        [*program, "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


class _Captured(logging.Handler):
    """MkDocs' log lines as its command line prints them ("WARNING -  message")."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def build_in_process(config_file: Path, site_dir: Path, **env_overrides: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` run in this process through MkDocs' own API (what its command
    line calls: load_config, on_startup, build, on_shutdown), with its log lines and exit status
    as run_mkdocs_build gives them. For the many planted-fault sites: a build here costs about
    0.3 s, against 1 s for a new Python process that imports MkDocs and Material again. Each
    fixture site has a hook file at its own path, which MkDocs loads as a module of its own, so
    one site's pipeline never sees another's; the rfn_guide modules themselves are imported once
    per test process, as in `mkdocs serve`, which rebuilds in one process too. Not for use beside
    a thread that reads os.environ (it sets the build's variables for the build's time). A few
    sites still go through the real command line (run_mkdocs_build)."""
    import traceback

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logger = logging.getLogger("mkdocs")
    captured = _Captured()
    # SOURCE_DATE_EPOCH too, and its mark: the build-date step sets both when a site is in git
    saved = {name: os.environ.get(name)
             for name in {"NO_MKDOCS_2_WARNING", "SOURCE_DATE_EPOCH", "RFN_SOURCE_DATE_FROM_GIT", *env_overrides}}
    level, propagate, cwd = logger.level, logger.propagate, Path.cwd()
    logger.addHandler(captured)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    os.environ.update({"NO_MKDOCS_2_WARNING": "1", **env_overrides})
    os.chdir(config_file.parent)
    config = None
    returncode = 0
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    except (Abort, ConfigurationError) as error:
        captured.lines.append(str(error) if isinstance(error, Abort) else f"Error: {error}")
        returncode = 1
    except Exception:  # what the command line would show: the traceback a test looks for
        captured.lines.append(traceback.format_exc())
        returncode = 1
    finally:
        if config is not None:
            config.plugins.on_shutdown()
        os.chdir(cwd)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        logger.removeHandler(captured)
        logger.setLevel(level)
        logger.propagate = propagate
    return subprocess.CompletedProcess(["mkdocs", "build", "--strict", "-f", str(config_file)], returncode,
                                       stdout="", stderr="\n".join(captured.lines) + "\n")


def step_hook(folder: Path, *steps: str) -> Path:
    """A hook file that runs only some of the guide's build steps (their names in the STEPS list
    of hooks/guide.py), through the same pipeline as hooks/guide.py, for small test sites."""
    hook = folder / "guide_steps.py"
    hook.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'hooks')!r})\n"
        f"from guide import {', '.join(steps)}\n"  # the names guide.py gives each feature's step
        "from rfn_guide.engine.pipeline import Pipeline\n"
        f"PIPELINE = Pipeline([{', '.join(steps)}])\n"
        "globals().update(PIPELINE.events())\n", encoding="utf-8")
    return hook
