"""A clinic's own edition: its details (`extra.clinic`: name, phones, address, logo) and its own
words where a page says "your clinic will tell you" (`<span data-clinic="key">`).

    rules.py         extra.clinic read, checked and rendered (no MkDocs but its config classes)
    instructions.py  the data-clinic spans checked and replaced by the clinic's words (no MkDocs)
    step.py          MkDocs step clinic_edition: extra.clinic read and checked, the logo
                     copied, the spans replaced (on the Markdown), the care cards' lines, the footer

The clinic panel at the top of each handout is added by the paper step (rfn_guide/paper/). A worked example
is in examples/clinic/. Styles in docs/stylesheets/handout.css."""
