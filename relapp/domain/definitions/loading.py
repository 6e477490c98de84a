"""Loading the shipped definitions and an organisation's own folders, each id defined once."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from relapp.domain.definitions.model import (
    BARRIER_CATEGORIES_FILE,
    BarrierCategory,
    DefinitionError,
    Definitions,
    Instrument,
    Template,
)
from relapp.domain.definitions.parsing import parse_instrument, parse_template
from relapp.domain.definitions.reader import Reader


def load_instrument(path: str | os.PathLike[str]) -> Instrument:
    reader = Reader(Path(path))
    return parse_instrument(reader, reader.load())


def load_template(path: str | os.PathLike[str]) -> Template:
    reader = Reader(Path(path))
    return parse_template(reader, reader.load())


def load_barrier_categories(path: str | os.PathLike[str]) -> list[BarrierCategory]:
    reader = Reader(Path(path))
    entries = reader.list_of(reader.load(), "", non_empty=True)
    categories: list[BarrierCategory] = []
    first_seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"[{index}]"
        data = reader.fields(entry, where, required=("id", "title", "description"))
        category_id = reader.ident(data, where, "id")
        reader.unique(category_id, f"{where}.id", first_seen, "category id")
        categories.append(
            BarrierCategory(
                id=category_id,
                title=reader.text(data, where, "title"),
                description=reader.text(data, where, "description"),
            )
        )
    return categories


def load_instruments(folder: str | os.PathLike[str]) -> dict[str, Instrument]:
    found: dict[str, Instrument] = {}
    for path in _definition_files(Path(folder)):
        _add_unique(found, load_instrument(path), path, "instrument")
    return found


def load_templates(folder: str | os.PathLike[str]) -> dict[str, Template]:
    found: dict[str, Template] = {}
    for path in _definition_files(Path(folder)):
        _add_unique(found, load_template(path), path, "template")
    return found


def load_definitions(resources_root: Path, extra_folders: Sequence[Path] = ()) -> Definitions:
    """Load the bundled definitions, then any organisation folders laid out the same way.

    An organisation folder may hold ``instruments/``, ``templates/`` and a
    ``barrier-categories.json``; any of them may be absent, but an id may be defined only once.
    """
    root = Path(resources_root)
    instruments = load_instruments(root / "instruments")
    templates = load_templates(root / "templates")
    categories = load_barrier_categories(root / BARRIER_CATEGORIES_FILE)
    category_sources = {category.id: root / BARRIER_CATEGORIES_FILE for category in categories}
    for extra in map(Path, extra_folders):
        if not extra.is_dir():
            raise DefinitionError(extra, "", f"organisation folder not found: {extra}")
        if (extra / "instruments").is_dir():
            for instrument in load_instruments(extra / "instruments").values():
                _add_unique(instruments, instrument, instrument.source or extra, "instrument")
        if (extra / "templates").is_dir():
            for template in load_templates(extra / "templates").values():
                _add_unique(templates, template, template.source or extra, "template")
        extra_categories = extra / BARRIER_CATEGORIES_FILE
        if extra_categories.is_file():
            for index, category in enumerate(load_barrier_categories(extra_categories)):
                if category.id in category_sources:
                    raise DefinitionError(
                        extra_categories,
                        f"[{index}].id",
                        f"category id {category.id!r} is already defined in "
                        f"{category_sources[category.id]}",
                    )
                category_sources[category.id] = extra_categories
                categories.append(category)
    return Definitions(instruments=instruments, templates=templates, barrier_categories=categories)


_Definition = TypeVar("_Definition", Instrument, Template)


def _add_unique(
    found: dict[str, _Definition], definition: _Definition, path: Path, kind: str
) -> None:
    existing = found.get(definition.id)
    if existing is not None:
        raise DefinitionError(
            path, "id", f"{kind} id {definition.id!r} is already defined in {existing.source}"
        )
    found[definition.id] = definition


def _definition_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise DefinitionError(folder, "", f"folder not found: {folder}")
    # Dot-files are editor locks and macOS "._" metadata picked up on shared drives.
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix == ".json" and not path.name.startswith(".") and path.is_file()
    )
