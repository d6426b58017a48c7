"""pyassist validator pipeline: corpus -> mutations -> tokenizer -> train -> evaluate -> export."""
__version__ = "0.1.0"
