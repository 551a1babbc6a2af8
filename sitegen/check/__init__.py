"""Check stage: every document against the content contract and the catalogs (validate, items), and warnings
about text that is probably mistyped or still sample text (lint). It turns what load read into checked records."""
