"""voteboard: the vote board of a plenary hall."""

__version__ = "0.1.0"
