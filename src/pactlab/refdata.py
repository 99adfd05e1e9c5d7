"""The third-party reference data: where it is, and whether what is there is what the tests expect.

The reference data (published negotiation cases, the conflict record, Ukraine aid trackers, PSPLIB
instances, solver fixtures; see ``PROVENANCE.md`` in the folder) stay outside the repository, under their
providers' terms. pactlab finds the folder at ``$PACTLAB_SHARED_DATA``, else ``../shared/data`` from the
current directory (a checkout root beside the shared folder). :func:`check` says, for each entry the
tests and benchmarks read, whether it is present and whether its content is the one the reference values
were computed from (a SHA-256 over its files' names and contents, :data:`MANIFEST`).

Examples
--------
>>> from pathlib import Path
>>> [row.status for row in check(Path("no/such/folder"))][:2]
['missing', 'missing']
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MANIFEST", "Entry", "check", "data_root", "digest"]

#: Each entry the tests and benchmarks read (a file or a folder, relative to the data folder) and the
#: SHA-256 of its content when the reference values were set (PROVENANCE.md describes each).
MANIFEST: dict[str, str] = {
    "conflict/games": "2b7c342c42ad1452985347e5b0572040b92f7bc3a4cc39d0176b041e7741e905",
    "conflict/iig": "1ea853727aec0c5e62e3ddd947d31a713a54e76f21de63d512d339186b7dc033",
    "conflict/peacesciencer": "cca873d6324f4aee500c88f7118baeb2b78f13588c22f447f0754b219024c3d7",
    "fixtures/decide-exchange": "15fccdedaf4cfa5499f338cc4fc4d995e10c0a2a2576b3dbe5d1ac0a9fc2d6e5",
    "fixtures/gambit-iig-logit-qre.json": "6b1ffff5115644a4af3b75d1f6250e5ff8d06a96b8d3ac9bdf492b0cc325e564",
    "fixtures/gambit-unilateral-deterrence.json": (
        "1c3ffae8c1a846865449775695e70c8d9efac99df9a148c7df373d6b10bdb82e"
    ),
    "negotiation/bdm": "42013529a3d7431509c5587baa38268c908ed70b0e599bcb151e66c7bdd486bc",
    "negotiation/decide": "40a9067df5c743fb806f391d9ceff1dc3ee40bc7253c05abfe9fa375342c10f3",
    "scheduling/psplib": "218ccb1f45d80b41f65c788e5c762ef2c42863d538c7658cec8105a62a593230",
    "scheduling/results": "d5a4d94c89968e5c87215b6707d7b6026e67831397b85bac362faddef4d7a985",
    "ukraine/kiel-r28": "04896ba1c39d30f721f4302b9ae5c9391de524ff9eff7fc18b38e2c04725fd77",
    "ukraine/kiel-r29": "29084bc2eeb3412a6d3aeee37955b0d56100d1fc9404df6debbc0fa53f26faf3",
    "ukraine/missile_attacks_daily.csv": "91fad946f16cac75617783513b88355733020f9e6a593e4a1c5e6bc75c50cca7",
    "ukraine/missiles_and_uavs.csv": "cae2cc265335055c977add05a6774e8ebb14bca47cddc49a87e39895cc0d5ede",
    "ukraine/protect-ukraine-now": "4967fbd3f324fe2b6c14e9c4b57e9d424e8dd5f99144bf50978c2064586b3731",
    "ukraine/sipri": "d55a22efdf0d924a6e44fab94c6eb9e6a1eaf5463cc7dbc5fa0a80062d34b738",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One manifest entry as found: ``status`` is ``"ok"`` (present, the expected content),
    ``"changed"`` (present, other content) or ``"missing"``."""

    path: str
    status: str
    files: int
    digest: str | None


def data_root() -> Path:
    """The reference data folder: ``$PACTLAB_SHARED_DATA``, else ``../shared/data``."""
    return Path(os.environ.get("PACTLAB_SHARED_DATA") or Path.cwd().parent / "shared" / "data")


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))


def digest(path: Path) -> tuple[int, str]:
    """The number of files under ``path`` and the SHA-256 of their relative names and contents."""
    total = hashlib.sha256()
    files = _files(path)
    for file in files:
        name = file.relative_to(path).as_posix() if path.is_dir() else file.name
        content = hashlib.sha256(file.read_bytes()).hexdigest()
        total.update(f"{name}\0{content}\n".encode())
    return len(files), total.hexdigest()


def check(root: Path | None = None) -> list[Entry]:
    """Every manifest entry under ``root`` (default :func:`data_root`), present or not."""
    base = data_root() if root is None else root
    found = []
    for rel, expected in MANIFEST.items():
        path = base / rel
        if not path.exists():
            found.append(Entry(rel, "missing", 0, None))
            continue
        n, sha = digest(path)
        found.append(Entry(rel, "ok" if sha == expected else "changed", n, sha))
    return found
