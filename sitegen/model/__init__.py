"""Model stage: the site as typed, read-only records (``records``), assembled from the checked documents as of a
date (``assemble``, with the rules of ``years``, ``links`` and ``readiness``). It knows no HTML and no template."""
