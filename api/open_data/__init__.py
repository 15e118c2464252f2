"""Open data: the public release feed of signed contracts and its JSON Schema (``schema.json``)."""
