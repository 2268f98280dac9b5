"""The live preview (`mkdocs serve`): every problem the build found, on the page it concerns,
and a bar with the count for the whole site. A built site never carries them.

    rules.py   the panel and bar HTML (inline styles; no MkDocs)
    step.py    MkDocs step preview_panel (runs after every other step has reported)

No stylesheets or templates of its own."""
