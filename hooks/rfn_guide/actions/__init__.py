"""Patient actions: boxes, care cards ("when to get help") and tick boxes, ready for screen
readers and paper, with their stylesheets only on the pages that need them.

    admonitions.py  the one admonition parser, the closed list of types, sources on safety boxes
    care_cards.py   care cards checked and labelled for screen readers
    checklists.py   tick boxes (pymdownx.tasklist) given an accessible name
    page_styles.py  actions.css and diary.css linked only from pages that use them
    step.py         MkDocs step patient_actions

Stylesheets: docs/stylesheets/actions.css, docs/stylesheets/diary.css. All modules but step.py are
plain Python."""
