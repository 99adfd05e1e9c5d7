"""The PDF brief's fonts: DejaVu Sans from matplotlib's own font folder, as a cached subset.

The brief needs no system font: matplotlib ships DejaVu Sans (``mpl-data/fonts/ttf``). ReportLab reads a
TrueType file's metrics for every glyph when it registers it, about 0.1 s of CPU for each of DejaVu's
6,000-glyph faces; the brief's text needs a few hundred. So the regular and bold faces are cut once, with
fontTools (a matplotlib dependency), to the scripts the brief's readers write in (Latin with its
extensions, Greek, Cyrillic, punctuation, arrows, mathematical operators) and kept in the user's cache
directory; ReportLab then reads the small files (and subsets them again for the PDF, as with any font).
A brief whose text has a character outside the cut (a Georgian or Arabic name) is set in the full faces
instead, so no glyph is ever missing. The cut depends on nothing but the font files and the ranges: its
directory name carries a hash of both. The cut is renamed PactlabSans (see :func:`_rename`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

__all__ = ["FACES", "RANGES", "register"]

FACES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
_CUT = {"regular": "PactlabSans.ttf", "bold": "PactlabSans-Bold.ttf"}  # own names: ReportLab caches faces
# by file name, and a cut named like the full face would be taken for it
RANGES = (
    (0x0020, 0x024F),  # Basic Latin, Latin-1, Latin Extended-A and -B
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic and its supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x214F),  # letterlike symbols
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators
    (0x25A0, 0x25FF),  # geometric shapes
)


def _source() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _cut_dir() -> Path:
    from platformdirs import user_cache_dir

    digest = hashlib.sha256(repr((RANGES, _CUT)).encode())
    for file in FACES.values():
        digest.update((_source() / file).read_bytes())
    return Path(user_cache_dir("pactlab")) / f"fonts-{digest.hexdigest()[:16]}"


def _cut(folder: Path) -> None:
    """Write the subset faces and the code points they cover into ``folder`` (atomically)."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]  # keep the names (copyright and licence notices included)
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.ignore_missing_glyphs = True
    options.drop_tables += ["FFTM"]
    wanted = [c for lo, hi in RANGES for c in range(lo, hi + 1)]
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".fonts-"))
    try:
        covered: set[int] = set()
        for face, file in FACES.items():
            font = subset.load_font(str(_source() / file), options)
            cmap = font.getBestCmap()
            cutter = subset.Subsetter(options)
            cutter.populate(unicodes=[c for c in wanted if c in cmap])
            cutter.subset(font)
            _rename(font, "PactlabSans", "Bold" if face == "bold" else "")
            subset.save_font(font, str(staging / _CUT[face]), options)
            kept = set(font.getBestCmap())
            font.close()
            covered = kept if not covered else covered & kept
        (staging / "covered.json").write_text(json.dumps(sorted(covered)), encoding="utf-8")
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _rename(font: object, family: str, weight: str) -> None:
    """Give the cut its own names: ReportLab registers faces by their PostScript name (a cut named
    DejaVuSans would stand in for the full face), and the Bitstream Vera licence of DejaVu asks that a
    modified font not carry the original's name. Copyright and licence records are kept."""
    full = f"{family} {weight}".strip()
    names = {
        1: family,
        3: f"{family}-{weight or 'Regular'}-pactlab",
        4: full,
        6: f"{family}-{weight}" if weight else family,
        16: family,
        17: weight or "Regular",
    }
    for record in font["name"].names:  # type: ignore[index]
        if record.nameID in names:
            record.string = names[record.nameID]


@cache
def _covered() -> tuple[Path, frozenset[int]] | None:
    """The cut's folder and the code points both faces cover; None when it cannot be made."""
    try:
        folder = _cut_dir()
        if not (folder / "covered.json").is_file():
            _cut(folder)
        return folder, frozenset(json.loads((folder / "covered.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, ImportError):
        return None  # no cache directory or no fontTools: the full faces serve


_MAPPED: list[str] = []  # the family svglib's "DejaVu Sans" maps to now (svglib keeps one global map)


def _register(name: str, folder: Path, files: dict[str, str]) -> str:
    """Register ``name`` (regular) and ``name-Bold`` from ``folder`` with ReportLab, through svglib so
    that the plots' SVG text ("DejaVu Sans", weights normal, bold and 700) maps to the same files.

    svglib's ``register_font`` reads the file into ReportLab's registry; without a file it maps nothing
    and svglib would ask fontconfig for a system font, which a fresh machine may not have.
    """
    if [name] == _MAPPED:
        return name
    from reportlab.lib.fonts import addMapping
    from svglib.fonts import register_font

    faces = (
        ("normal", files["regular"], name),
        ("700", files["bold"], f"{name}-Bold"),
        ("bold", files["bold"], f"{name}-Bold"),
    )
    for weight, file, face in faces:
        registered, _ = register_font("DejaVu Sans", str(folder / file), weight, "normal", rlgFontName=face)
        if registered is None:
            raise OSError(f"cannot read the font {folder / file}")
    for italic in (0, 1):  # no italic face: an italic request gets the upright one
        addMapping(name, 0, italic, name)
        addMapping(name, 1, italic, f"{name}-Bold")
    _MAPPED[:] = [name]
    return name


def register(text: Iterable[str]) -> str:
    """Register the faces that cover every character of ``text``; return the family's name.

    ``"PactlabSans"`` is the cached cut; ``"DejaVuSans"`` the full faces (when a character falls
    outside the cut or the cut cannot be made). The plots' SVG text (family "DejaVu Sans") is mapped to
    the same faces for svglib.
    """
    covered = _covered()
    needed = {ord(ch) for chunk in text for ch in chunk if ch >= " "}
    if covered is not None and needed <= covered[1]:
        try:
            return _register("PactlabSans", covered[0], _CUT)
        except OSError:
            pass  # a damaged cache: the full faces serve
    return _register("DejaVuSans", _source(), FACES)
