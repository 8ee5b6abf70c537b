"""The ``pia-declaration/1`` format, in one place and without the ORM.

- :mod:`~compliance.declaration.collections`: the table of collections (name, registry
  model, ID prefix, audit noun, labels);
- ``schema.json``: the JSON Schema, and :mod:`~compliance.declaration.validation`, which
  reads and validates a document with it (and checks what a schema cannot say);
- :mod:`~compliance.declaration.limits`: how large a document may be;
- :mod:`~compliance.declaration.normal_form`: the normal form, where every default is written.

The registry (import, export) and the check engine (:func:`compliance.checks.snapshot.snapshot_from_declaration`)
read the format from here; docs/declaration.md explains how to add a field.
"""
