"""Model stage: reception rosters → the receptions they schedule, on the Chinese working calendar."""
