"""The RFN guide's build: rules in plain Python (the modules here; only clinic.py borrows MkDocs'
config classes to check its settings) and the MkDocs glue that runs them (the steps/ package,
run in order by hooks/guide.py).

The rules can be tested directly and would survive a move away from MkDocs."""
