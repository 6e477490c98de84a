"""Import and export: the documented JSON format for every record kind, and CSV.

Imports are all or nothing: every field is read with explicit, bounded rules and every row is
checked before anything is written; the first bad row is named with its field, and nothing is
written. A backup is taken before an import writes.

A file's own ids ("f1", or a case system's "EH-24-0137-Okafor") never become record ids: record
ids are kept in clear and travel with every sync event, so two laptops importing the same file
would collide, and a case number would be readable. Each one is given a new random id instead,
and the vault remembers which under a keyed hash of the file's id (HMAC-SHA256, under a key
derived from the vault key), written in the same transaction as the records: importing the
same file again on this laptop updates the same records, and the file's ids are stored nowhere.
An id that already is a record of this profile (a Relapp export brought back) updates it.

Its parts: formats.py (the files and their bounds), export.py, json_file.py and csv_file.py
(reading an import), importing.py (checking and writing it).
"""

from __future__ import annotations

from relapp.services.transfer.csv_file import parse_family_csv
from relapp.services.transfer.export import export_csv, export_document, export_json, open_private
from relapp.services.transfer.formats import FORMAT, FORMAT_VERSION, ImportItem
from relapp.services.transfer.importing import import_file
from relapp.services.transfer.json_file import parse_json_import

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "ImportItem",
    "export_csv",
    "export_document",
    "export_json",
    "import_file",
    "open_private",
    "parse_family_csv",
    "parse_json_import",
]
