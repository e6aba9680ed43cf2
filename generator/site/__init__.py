"""Render the corpus into the files of a plain MkDocs docs folder.

One module per job: `urls` (page paths and links), `text` (escaping and light
Markdown), `labels` (display names of enum values), `plan` (which pages exist
and what each shows), `environment` (the Jinja environment: every filter and
global), `pages` (rendering the plan), `opendata` (CSV and JSON files).
"""
