"""Incremental builds: the cache's authenticated store of entries (``store``), what a template read while it
rendered a page (``track``), and the report PDFs made once (``pdfcache``). A build without them gives the same bytes."""
