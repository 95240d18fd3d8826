"""Settings: one frozen dataclass, read once by cli.py and app.py and passed into the packages."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path = ROOT / "data"
    embedder: str = "e5"
    max_input_bytes: int = 2 * 1024 * 1024

    @property
    def model_dir(self) -> Path:
        return self.data_dir / "model"

    @property
    def library_dir(self) -> Path:
        return self.data_dir / "library"

    @property
    def cache_path(self) -> Path:
        return self.data_dir / "cache" / "embeddings.sqlite"

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)
