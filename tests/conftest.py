"""Fixtures for the suite live in the checkout's root conftest.py, for every test."""
