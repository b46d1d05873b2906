"""Importing the Secretariat's list of partners from CSV or XLSX.

One file (or, for CSV, two) describes partners, one row each, and optionally
their history of decisions. The same code serves `manage.py import_partners`
and the Secretariat's import page:

- `reader`: the file as a stream of rows (CSV in UTF-8 with or without a
  byte-order mark, or XLSX read with openpyxl's read-only mode), refusing
  formula cells, files that are neither and files past the limits;
- `columns`: the columns, recognised by their key or by their heading in
  any configured language (so that the directory's export reads back);
- `values`: one cell into a Python value, or a message naming what is wrong;
- `plan`: matching each row to an existing partner and working out what
  would change, without writing;
- `spool`: what the plan keeps of every row (matching keys, decisions), in a
  temporary on-disk SQLite database, so memory does not grow with the file;
- `apply`: writing that plan through the partners' services;
- `template`: the downloadable XLSX template with its lists of values.

docs/import.md is the user's side of this.
"""
