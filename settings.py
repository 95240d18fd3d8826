"""Settings: one frozen dataclass, read once by cli.py and app.py (the edges) and passed into the packages.

Only `Settings.from_env` reads the environment, and only cli.py and the app call it; the packages take what
they need as arguments."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path = ROOT / "data"
    embedder: str = "e5-onnx-q4"
    library: str = ""  # a library folder; empty means the built-in library under data_dir
    max_input_bytes: int = 2 * 1024 * 1024  # one note or query file
    max_file_bytes: int = 50 * 1024 * 1024  # one document to ingest or a tender
    max_statements: int = 3000  # statements analysed in one note
    max_note_chars: int = 100_000  # characters analysed in one note (nlp.analyse.MAX_NOTE_CHARS)
    max_clauses: int = 5000  # clauses kept from one tender
    max_upload_files: int = 50  # files in one upload in the app

    @property
    def model_dir(self) -> Path:
        return self.data_dir / "model"

    @property
    def library_dir(self) -> Path:
        return Path(self.library) if self.library else self.data_dir / "library"

    @property
    def library_location(self) -> str | Path:
        """A postgresql:// URL as given, else the library folder (index/opening.py opens either)."""
        if self.library.lower().startswith(("postgresql://", "postgres://")):
            return self.library
        return self.library_dir

    @property
    def cache_path(self) -> Path:
        return self.data_dir / "cache" / "embeddings.sqlite"

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """NEEDS_DATA_DIR, NEEDS_LIBRARY (NEEDS_LIBRARY_DIR is the older name) and NEEDS_EMBEDDER, where set."""
        s = cls()
        if env.get("NEEDS_DATA_DIR"):
            s = s.with_(data_dir=Path(env["NEEDS_DATA_DIR"]))
        if env.get("NEEDS_LIBRARY") or env.get("NEEDS_LIBRARY_DIR"):
            s = s.with_(library=env.get("NEEDS_LIBRARY") or env["NEEDS_LIBRARY_DIR"])
        if env.get("NEEDS_EMBEDDER"):
            s = s.with_(embedder=env["NEEDS_EMBEDDER"])
        return s
