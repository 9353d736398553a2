"""Load stage: the source tree (content/ and data/) read into located Sources: YAML with positions, Markdown, tables and workbooks."""
