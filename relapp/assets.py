"""One resolver for bundled resources (instruments, templates, icons, styles).

Works from a checkout (``<repo>/resources``), an installed wheel (``relapp/_resources``)
and a frozen PyInstaller bundle (``sys._MEIPASS/resources``).
"""

from __future__ import annotations

import sys
from pathlib import Path


class ResourcesNotFound(RuntimeError):
    pass


def resources_dir() -> Path:
    candidates: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    here = Path(__file__).resolve().parent
    candidates.append(here / "_resources")  # installed wheel
    candidates.append(here.parent / "resources")  # checkout / editable install
    for candidate in candidates:
        if (candidate / "instruments").is_dir():
            return candidate
    raise ResourcesNotFound(
        "Relapp's resources folder was not found (looked in: "
        + ", ".join(str(c) for c in candidates)
        + ")"
    )


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
