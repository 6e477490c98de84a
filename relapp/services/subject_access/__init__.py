"""Subject access (UK GDPR Article 15): everything Relapp holds about one family, in one action.

A parent asks "what do you hold about me and my children?". This gathers, for one family: its
record, its visits, check-ins (with the questions as they were asked), reflections, the feedback
on any of them, words typed but not sent about them, barriers noted at its visits, the passages
of supervision notes that mention the family, its agreement record when there is one, and the
audit entries of who opened, changed or exported its records on this laptop.

Nothing about another family is gathered: records are found through the family's own tree of
records (parent ids), links to other families' records are dropped, an audit entry is shown
with this family's ids only, and supervision notes contribute only the passages that name this
family. What is left that may be someone else's information is *marked for review*, never
removed silently: colleagues' names, people present who are not members of the family, and
free text naming another family, its members or its reference code, or a colleague.
Finding names in free text is done by matching the names Relapp knows: the export says that
all free text must still be read before it is shared.

Plain Python: relapp/ui/subject_access_pdf.py prints the PDF; this package writes the JSON and
both files, whole or not at all, and records the export in the audit trail (who, when, which
family; never content). Its parts: model.py (what an export holds), names.py (which family, and
the names to mark), items.py (one record as an item), gather.py, export.py (the files).
"""

from __future__ import annotations

from relapp.services.subject_access.export import (
    NO_AGREEMENT,
    ExportResult,
    export_family,
    file_stem,
    json_bytes,
    review_notice,
    to_json,
    write_export,
)
from relapp.services.subject_access.gather import gather
from relapp.services.subject_access.model import (
    ACTION_WORDS,
    ANOTHER_FAMILY,
    COLLEAGUE,
    FORMAT,
    FORMAT_VERSION,
    KIND_WORDS,
    MIN_SINGLE_NAME,
    REASONS,
    SOMEONE_ELSE,
    TEAM_NOTES,
    WHOLE_EXPORTS,
    Answer,
    AuditLine,
    Field,
    Item,
    Mark,
    Mention,
    Person,
    Progress,
    SubjectAccess,
    Text,
    Version,
)
from relapp.services.subject_access.names import Matcher, find_family, name_finder

__all__ = [
    "ACTION_WORDS",
    "ANOTHER_FAMILY",
    "COLLEAGUE",
    "FORMAT",
    "FORMAT_VERSION",
    "KIND_WORDS",
    "MIN_SINGLE_NAME",
    "NO_AGREEMENT",
    "REASONS",
    "SOMEONE_ELSE",
    "TEAM_NOTES",
    "WHOLE_EXPORTS",
    "Answer",
    "AuditLine",
    "ExportResult",
    "Field",
    "Item",
    "Mark",
    "Matcher",
    "Mention",
    "Person",
    "Progress",
    "SubjectAccess",
    "Text",
    "Version",
    "export_family",
    "file_stem",
    "find_family",
    "gather",
    "json_bytes",
    "name_finder",
    "review_notice",
    "to_json",
    "write_export",
]
