"""Use cases on records that the app and the command line share: validated, versioned saves."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from relapp.domain import records as domain
from relapp.services.errors import ServiceError
from relapp.store.vault import NewRecord, Record, Vault

if TYPE_CHECKING:
    from relapp.domain.definitions import Definitions


class ReflectionLocked(ServiceError):
    pass


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class RecordService:
    def __init__(self, vault: Vault, definitions: Definitions) -> None:
        self.vault = vault
        self.definitions = definitions

    # ---- generic ---------------------------------------------------------------------

    def prepare(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        """Validate a record's fields and the rules that need the definitions."""
        clean = domain.validate(kind, data)
        if kind == "checkin":
            clean = self._prepare_checkin(clean)
        elif kind == "reflection" and clean["template_id"] not in self.definitions.templates:
            raise domain.ValidationError(kind, "template_id", "is not a known reflection template")
        elif kind == "barrier":
            known = {c.id for c in self.definitions.barrier_categories}
            if clean["category"] not in known:
                raise domain.ValidationError(kind, "category", "is not a known barrier category")
        return clean

    def save(
        self,
        kind: str,
        data: dict[str, Any],
        *,
        record_id: str | None = None,
        expected_version: int | None = None,
    ) -> Record:
        clean = self.prepare(kind, data)
        if kind == "reflection" and record_id is not None:
            self._refuse_if_submitted(record_id, clean)
        return self.vault.put(
            kind,
            clean,
            record_id=record_id,
            parent_id=domain.parent_of(kind, clean),
            expected_version=expected_version,
        )

    def save_many(self, items: Iterable[tuple[str, dict[str, Any], str | None]]) -> list[Record]:
        prepared = [
            NewRecord(kind, clean, rid, domain.parent_of(kind, clean))
            for kind, data, rid in items
            for clean in [self.prepare(kind, data)]
        ]
        return self.vault.put_many(prepared)

    def get(self, record_id: str) -> Record:
        return self.vault.get(record_id)

    def list(self, kind: str, **kwargs: Any) -> list[Record]:
        return self.vault.list(kind, **kwargs)

    def iter(self, kind: str, **kwargs: Any) -> Iterator[Record]:
        return self.vault.iter(kind, **kwargs)

    def delete(self, record_id: str) -> Record:
        record = self.vault.get(record_id)
        if record.kind == "reflection" and record.data.get("status") != "draft":
            raise ReflectionLocked(
                "A submitted reflection cannot be deleted; it stays on record for supervision."
            )
        return self.vault.delete(record_id)

    def restore(self, record_id: str) -> Record:
        return self.vault.restore(record_id)

    # ---- reflections -----------------------------------------------------------------

    def _refuse_if_submitted(self, record_id: str, new: dict[str, Any]) -> None:
        current = self.vault.get(record_id)
        if current.data.get("status") == "draft":
            return
        # After submission only the review state may change; the words stay as submitted.
        frozen = ("sections", "title", "themes", "template_id", "visit_id", "family_id")
        changed = [f for f in frozen if current.data.get(f) != new.get(f)]
        if changed or new.get("status") == "draft":
            raise ReflectionLocked(
                "This reflection was submitted and cannot be edited. Use Amend to add a new "
                "version with a reason."
            )

    def save_reflection_draft(
        self,
        data: dict[str, Any],
        *,
        record_id: str | None = None,
        expected_version: int | None = None,
        autosave: bool = False,
    ) -> Record:
        """Save a draft. With autosave, a save made seconds after the previous one (and not
        yet synced) is folded into it instead of adding a version per pause in typing."""
        data = {**data, "status": "draft"}
        if record_id is not None:
            current = self.vault.get(record_id)
            if current.data.get("status") != "draft":
                raise ReflectionLocked(
                    "This reflection was submitted and cannot be edited. Use Amend to add a "
                    "new version with a reason."
                )
            if autosave and expected_version is not None:
                clean = self.prepare("reflection", data)
                return self.vault.put_autosave(
                    "reflection", clean, record_id=record_id, expected_version=expected_version
                )
        return self.save("reflection", data, record_id=record_id, expected_version=expected_version)

    def submit_reflection(self, record_id: str) -> Record:
        current = self.vault.get(record_id)
        if current.data.get("status") != "draft":
            raise ReflectionLocked("This reflection has already been submitted.")
        if not any(text.strip() for text in current.data.get("sections", {}).values()):
            raise ServiceError("An empty reflection cannot be submitted: write at least one part.")
        data = {**current.data, "status": "submitted", "submitted_at": now_iso()}
        return self.vault.put(
            "reflection",
            self.prepare("reflection", data),
            record_id=record_id,
            expected_version=current.version,
        )

    def amend_reflection(self, record_id: str, reason: str) -> Record:
        """Reopen a submitted reflection as a new draft version; the submitted one stays in
        history unchanged."""
        if not reason.strip():
            raise ServiceError("Say why you are amending this reflection.")
        current = self.vault.get(record_id)
        if current.data.get("status") == "draft":
            raise ServiceError("This reflection is still a draft; edit it directly.")
        data = {**current.data, "status": "draft", "amendment_reason": reason.strip()}
        data.pop("submitted_at", None)
        return self.vault.put(
            "reflection",
            self.prepare("reflection", data),
            record_id=record_id,
            expected_version=current.version,
        )

    # ---- check-ins -------------------------------------------------------------------

    def _prepare_checkin(self, data: dict[str, Any]) -> dict[str, Any]:
        instrument = self.definitions.instruments.get(data["instrument_id"])
        if instrument is None:
            raise domain.ValidationError("checkin", "instrument_id", "is not a known instrument")
        if data["respondent"] not in instrument.respondents:
            raise domain.ValidationError(
                "checkin", "respondent", f"cannot complete {instrument.title}"
            )
        try:
            instrument.validate_scores(data["scores"])
        except ValueError as exc:
            raise domain.ValidationError("checkin", "scores", str(exc)) from None
        return {
            **data,
            # A check-in keeps the version of the instrument it was completed with.
            "instrument_version": data.get("instrument_version", instrument.version),
            "score": round(instrument.score(data["scores"]), 3),
        }

    def checkin_alert(self, record: Record) -> str | None:
        """The alert sentence for a check-in, comparing with the family's previous one."""
        instrument = self.definitions.instruments.get(record.data.get("instrument_id", ""))
        if instrument is None:
            return None
        previous = [
            r
            for r in self.vault.list("checkin", parent_id=record.data["family_id"])
            if r.id != record.id
            and r.data.get("instrument_id") == instrument.id
            and r.data.get("respondent") == record.data.get("respondent")
            and r.data.get("when", "") < record.data["when"]
        ]
        previous.sort(key=lambda r: r.data["when"])
        last = previous[-1].data.get("score") if previous else None
        return instrument.alert_for(record.data["score"], last)
