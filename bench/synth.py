"""Synthetic seed-shaped articles for the benchmarks (deterministic for a given seed).

Words follow a Zipf-like distribution over a vocabulary taken from the real corpus plus
generated rare words, so that there are common words (in most articles), mid-frequency and rare
ones, as in a real news archive.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dossierdesk.importers import SourceFile

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tests" / "data" / "corpus"
SEED = HERE.parent / "seeds" / "000_014c2d8a4cbccb0c.txt"

SERVICES = "ADFGMNZ"
AUTHORS = [
    "David Vergun",
    "Jim Garamone",
    "Amaani Lyle",
    "Lisa Ferdinando",
    "Karen Parrish",
    "C. Todd Lopez",
    "Terri Moon Cronk",
    "Joseph Clark",
    "Staff Sgt. Jane Doe",
    "Sgt. 1st Class Tyrone C. Marshall Jr.",
]
ORIGINATORS = ["KY598", "JU958", "AB123", "ZZ999"]
SOURCES = ["DOD News", "Air Force News Service", "Army News Service", "Navy News"]


def vocabulary(rare: int = 20_000) -> list[str]:
    words: dict[str, int] = {}
    for path in [*sorted(CORPUS.glob("*.txt")), SEED]:
        for w in re.findall(r"[A-Za-z]{3,}", path.read_text(encoding="utf-8", errors="replace")):
            words[w.lower()] = words.get(w.lower(), 0) + 1
    ranked = sorted(words, key=lambda w: -words[w])
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    ranked += ["".join(rng.choice(letters) for _ in range(rng.randint(6, 11))) for _ in range(rare)]
    return ranked


class ArticleFactory:
    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.vocab = vocabulary()
        n = len(self.vocab)
        self.cum_weights = list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(n)))

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum_weights, k=k)

    def sentence(self, k: int) -> str:
        ws = self.words(k)
        return " ".join(ws).capitalize() + "."

    def text(self, index: int) -> str:
        rng = self.rng
        day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(0, 5400))
        title = " ".join(w.capitalize() for w in self.words(rng.randint(5, 10)))
        author = rng.choice(AUTHORS)
        source = rng.choice(SOURCES)
        paras = [
            " ".join(self.sentence(rng.randint(8, 22)) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(5, 10))
        ]
        lines = [
            f" date {day.isoformat()} An official website of the United States Government ",
            f"{title} {index}",
            "",
            f"{day.strftime('%b')}. {day.day}, {day.year} | By {author}, {source}",
            "",
        ]
        for n, para in enumerate(paras):
            lines += [para, ""]
            if n in (1, 4):
                shot = day - dt.timedelta(days=rng.randrange(0, 400))
                svc = rng.choice(SERVICES)
                lines += [
                    self.sentence(rng.randint(8, 16)),
                    f"Download: Full Size ({rng.randint(1, 9)}.{rng.randint(0, 9)} MB)",
                    f"Credit: {rng.choice(AUTHORS)}",
                    f"VIRIN: {shot.strftime('%y%m%d')}-{svc}-{rng.choice(ORIGINATORS)}-"
                    f"{rng.randint(1000, 9999)}",
                    "",
                ]
        return "\n".join(lines)

    def texts(self, n: int) -> Iterator[str]:
        for i in range(n):
            yield self.text(i)

    def source_files(self, n: int, folder: str = "synthetic") -> Iterator[SourceFile]:
        """The ``n`` texts as files to import (``Archive.import_sources``)."""
        from dossierdesk.importers import SourceFile

        for i, text in enumerate(self.texts(n)):
            yield SourceFile(f"{folder}/{i}.txt", text.encode())
