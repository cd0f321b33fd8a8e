"""The linter: rules for missing and weak documentation, and the reports they make."""
