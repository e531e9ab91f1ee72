"""Getting pages to readers fast and never stale: page cache, keys, purges, faults."""
