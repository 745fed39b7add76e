"""Command-line client for the Cartesia text-to-speech API."""

__version__ = "0.1.0"
