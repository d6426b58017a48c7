"""Small language-model helpers for the local engine (test fixtures)."""
