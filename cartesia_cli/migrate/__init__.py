"""`cartesia migrate-check`: find and fix outdated Cartesia API usage in code and payloads.

Layers: source.py (files, regions, noqa) -> check_*.py and payload*.py (rules) -> engine.py
(select, suppress, fix passes) -> reporters.py / sarif.py (output). No typer or rich here.
"""
