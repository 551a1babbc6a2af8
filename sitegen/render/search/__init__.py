"""Render stage, search: each page's text (``text``, ``records``) → its units and grams (``entries``) → postings in
shards (``postings``) → the index files a query downloads only the parts of it needs, with two pages (``files``)."""
