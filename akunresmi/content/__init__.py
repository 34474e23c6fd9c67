"""Reading the content folder: YAML with positions, the schema, validation, located errors."""
