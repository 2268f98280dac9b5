"""What a printed page needs (named "paper", not "pdf": this is the page's HTML made
self-contained; rfn_guide/pdf/ prints it): figures it refers to copied in, the meanings of its
words, notes for its links, and the clinic panel (the clinic's other work is rfn_guide/clinic/'s).

    rules.py   the page HTML made self-contained for print (no MkDocs)
    step.py    MkDocs step handout_print

Stylesheets: docs/stylesheets/handout.css and docs/stylesheets/print.css."""
