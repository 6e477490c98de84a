"""Pages of a list, as the list pages ask for them: see relapp.store.pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from relapp.store.pages import FIRST_PAGE, FamilyFilter, PageRequest

T = TypeVar("T")

__all__ = ["FIRST_PAGE", "FamilyFilter", "Page", "PageRequest"]


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    after: tuple[Any, str] | None  # where the next page starts; None: this was the last
