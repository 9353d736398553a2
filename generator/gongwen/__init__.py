"""Render stage: official documents (公文) and posters as PDFs in the GB/T 9704-2012 layout."""
