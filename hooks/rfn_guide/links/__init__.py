"""Links and images: where each points and whether that place exists, with the line of the
Markdown it is on. rules.py is the one link resolver (figures use it too).

    rules.py   links and images found, resolved, checked (no MkDocs)
    step.py    MkDocs step page_links: images as each page is read, links once in on_env

No stylesheets or templates of its own."""
