"""Model stage: statistics tables → named figures, rates, tallies, narrative text, suppression and charts."""
