"""Model stage: validated content → the Site: what is published (the gate), its metadata, and the public view of each record."""
