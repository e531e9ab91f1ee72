"""Photos: checked uploads, metadata, credits, renditions and serving the files."""
