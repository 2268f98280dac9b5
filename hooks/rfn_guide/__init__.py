"""Rules of the RFN guide, in plain Python: no MkDocs imports here.

The hook files in hooks/ are thin MkDocs glue around these modules, so the rules can be
tested directly and survive a move away from MkDocs."""
