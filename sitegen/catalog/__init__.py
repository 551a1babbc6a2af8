"""Catalog stage: the official IIT, EIT and OIT items of each fiscal year (shipped in ``data/``, the site's own
``content/catalogs/``, ``catalog_from``), each file checked with ``path:line``, and exported as a starting file."""
