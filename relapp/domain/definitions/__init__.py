"""Instruments, reflection templates and barrier categories: JSON definitions, validated at load.

Its parts: model.py (what a definition is), reader.py (strict JSON, checked fields),
parsing.py (instruments and templates), loading.py (files and folders).
"""

from __future__ import annotations

from relapp.domain.definitions.loading import (
    load_barrier_categories,
    load_definitions,
    load_instrument,
    load_instruments,
    load_template,
    load_templates,
)
from relapp.domain.definitions.model import (
    BARRIER_CATEGORIES_FILE,
    RESPONDENTS,
    SCORING_METHODS,
    Alert,
    BarrierCategory,
    DefinitionError,
    Definitions,
    Domain,
    Instrument,
    Item,
    Scale,
    ScoringMethod,
    Section,
    Template,
)

__all__ = [
    "Alert",
    "BARRIER_CATEGORIES_FILE",
    "BarrierCategory",
    "DefinitionError",
    "Definitions",
    "Domain",
    "Instrument",
    "Item",
    "RESPONDENTS",
    "SCORING_METHODS",
    "Scale",
    "ScoringMethod",
    "Section",
    "Template",
    "load_barrier_categories",
    "load_definitions",
    "load_instrument",
    "load_instruments",
    "load_template",
    "load_templates",
]
