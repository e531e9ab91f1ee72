"""The desk: every write an editor, importer or command makes, and its rules."""
