"""Saving a family from the editor's fields."""

from __future__ import annotations

from typing import Any

from relapp.services.errors import ServiceError
from relapp.services.families.scores import readable
from relapp.services.records import RecordService
from relapp.store.vault import Record


def save_family(
    records: RecordService,
    data: dict[str, Any],
    *,
    record_id: str | None = None,
    expected_version: int | None = None,
) -> Record:
    """Save a family, refusing a reference another family already uses."""
    reference = str(data.get("reference", "")).strip()
    data = {**data, "reference": reference}
    for other in readable(records.list("family")):
        if other.id != record_id and other.data.get("reference", "").casefold() == (
            reference.casefold()
        ):
            name = other.data.get("display_name", "another family")
            raise ServiceError(f"The reference {reference} is already used by {name}.")
    return records.save("family", data, record_id=record_id, expected_version=expected_version)
