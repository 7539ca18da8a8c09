"""A small neural network beside a linear head: one hidden layer of rectified units over a
text's embedding alone, read with numpy (scikit-learn fits it, in fitting.py, and is never
needed to use it).
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Network:
    """logits = max(0, vector · hidden + hidden_bias) · weights + bias, one column per label."""

    hidden: Floats  # one row per embedding dimension, one column per hidden unit
    hidden_bias: Floats
    weights: Floats  # one row per hidden unit, one column per label
    bias: Floats

    def logits(self, vectors: npt.NDArray[Any]) -> Floats:
        units = np.maximum(vectors.astype(np.float64) @ self.hidden + self.hidden_bias, 0.0)
        logits: Floats = units @ self.weights + self.bias
        return logits

    def scaled(self, factor: float) -> "Network":
        """The same network with its logits multiplied by `factor`."""
        return Network(self.hidden, self.hidden_bias, self.weights * factor, self.bias * factor)

    def as_lists(self) -> dict[str, Any]:
        return {
            "hidden": self.hidden.tolist(),
            "hidden_bias": self.hidden_bias.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias.tolist(),
        }

    @classmethod
    def from_lists(cls, data: dict[str, Any]) -> "Network":
        return cls(
            hidden=np.array(data["hidden"], dtype=np.float64),
            hidden_bias=np.array(data["hidden_bias"], dtype=np.float64),
            weights=np.array(data["weights"], dtype=np.float64),
            bias=np.array(data["bias"], dtype=np.float64),
        )
