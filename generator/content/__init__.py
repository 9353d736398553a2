"""Validate stage: Sources → typed documents (the frozen content models), each problem located."""
