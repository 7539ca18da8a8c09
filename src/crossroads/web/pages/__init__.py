"""Server-rendered pages, one module per feature."""
