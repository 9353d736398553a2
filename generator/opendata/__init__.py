"""Render stage: open data — CSV, Excel, JSON, calendars, the Data Package and the DCAT catalogue."""
