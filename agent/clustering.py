"""What clustering passages into themes returns (agent/themes.py exactly, agent/themes_stream.py by
mini-batches), apart from both so neither imports the other back."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agent.themes_k import KChoice

MAX_UNASSIGNED = 0.05  # at most this share of complaint passages is left without a theme
MATCH_SIM = 0.75  # a new theme takes a previous theme's id when their centroids are at least this alike


@dataclass
class Clustering:
    labels: np.ndarray  # theme index per unit, -1 unassigned
    centroids: np.ndarray  # k x d, unit-normalised
    k: int
    choice: KChoice | None = None  # how K was chosen (None when it was given)
