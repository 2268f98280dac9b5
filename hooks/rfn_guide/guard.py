"""Keeps a Python traceback away from editors: a hook event that fails on unexpected input
logs one clear line (which counts as a warning, so `--strict` still stops) and carries on."""
from __future__ import annotations

import functools


def guarded(log, returns_arg: str | None = None):
    """Decorator for a hook event. On an exception, logs a warning naming the page (when the
    event has one) and returns the event's input unchanged (argument `returns_arg`)."""
    def wrap(event):
        @functools.wraps(event)
        def run(*args, **kwargs):
            try:
                return event(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the point is that nothing escapes
                page = kwargs.get("page")
                where = f"docs/{page.file.src_uri}: " if page is not None else ""
                log.warning(f"{where}{event.__module__}.{event.__name__} could not check this input "
                            f"({type(exc).__name__}: {exc}). Please report this to the site maintainers; "
                            "the check did not run")
                if returns_arg is None:
                    return args[0] if args else None
                return kwargs.get(returns_arg, args[0] if args else None)
        return run
    return wrap
