"""The reading level: each page's Flesch-Kincaid and SMOG grade (English) or Fernández-Huerta
reading ease (Spanish) on its final HTML, offline.

    rules.py   sentences, syllables (CMU dictionary, pyphen), grades (no MkDocs)
    step.py    MkDocs step reading_level (extra.readability), and RFN spelled out at first use
               (rfn_guide/glossary/abbreviations.py)

No stylesheets or templates of its own."""
