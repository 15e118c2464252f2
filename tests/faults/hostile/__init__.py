"""The hostile corpus: contract files and HTTP requests a careless or malicious client could send."""
