"""What readers and machines read: pages, lists, feeds, sitemaps, ninjs, search."""
