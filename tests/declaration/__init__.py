"""Tests of the pia-declaration/1 format package (compliance.declaration)."""
