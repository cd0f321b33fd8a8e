"""Reading and writing card files."""
