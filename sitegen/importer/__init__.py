"""Import: an agency's existing report (Word, or the text copied from its PDF) → content files: the document read
into paragraphs and tables (``read``), its measures found (``tables``, ``rows``, ``cells``), the files (``files``)."""
