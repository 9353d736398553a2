"""Render and write stage: the website — pages, lists, feeds, the schedule, the search index, and the MkDocs plugin and theme."""
