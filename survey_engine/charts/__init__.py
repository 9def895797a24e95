"""Charts drawn on the server, for pages, reports and printing."""
