"""Render stage: the model → every file of the site in memory (pages through Jinja, bodies through Markdown, the
search index, open data, charts, the report PDFs), each page and body reused from a store when it could not differ."""
