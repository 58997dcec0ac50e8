"""Save and load a JunkModel as one ``.npz`` file of plain arrays.

Loading uses ``numpy.load(..., allow_pickle=False)``: the file holds numbers, UTF-8 bytes
and JSON text only, so opening a model never runs code from it (unlike pickle or joblib).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from classifier.errors import ModelError
from classifier.features.vectorize import DenseBlock, NgramBlock
from classifier.model.linear import JunkModel, Thresholds

FORMAT = "postcheck-linear"
FORMAT_VERSION = 1


def _text_array(items: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _text_items(array: np.ndarray) -> list[str]:
    data = array.tobytes().decode("utf-8")
    return data.split("\n") if data else []


def save_model(model: JunkModel, path: Path) -> None:
    """Write the model; the file is written whole to a temporary name, then renamed."""
    path = Path(path)
    arrays: dict[str, np.ndarray] = {
        "intercept": np.array([model.intercept]),
        "calibration": np.array(model.calibration, dtype=np.float64),
        "thresholds": np.array([model.thresholds.ok, model.thresholds.rewrite]),
        "meta": _text_array([json.dumps({**model.meta, "format": FORMAT, "format_version": FORMAT_VERSION},
                                        ensure_ascii=False, sort_keys=True)]),
    }
    for name, block, coef in (("lemma", model.lemmas, model.lemma_coef), ("char", model.chars, model.char_coef)):
        if block is not None:
            arrays[f"{name}_names"] = _text_array(block.names)
            arrays[f"{name}_idf"] = block.idf
            arrays[f"{name}_coef"] = coef
            arrays[f"{name}_range"] = np.array(block.ngram_range)
    if model.dense is not None:
        arrays["dense_names"] = _text_array(model.dense.names)
        arrays["dense_mean"] = model.dense.mean
        arrays["dense_scale"] = model.dense.scale
        arrays["dense_coef"] = model.dense_coef
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        np.savez_compressed(fh, **arrays)
    tmp.replace(path)


def load_thresholds(path: Path) -> Thresholds:
    """Only the verdict thresholds of a saved model (the rest of the file is not read)."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            ok, rewrite = npz["thresholds"].tolist()
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as err:
        raise ModelError(f"{path}: не удалось прочитать пороги модели ({err}).") from None
    return Thresholds(float(ok), float(rewrite))


def load_model(path: Path) -> JunkModel:
    """Read a model saved by :func:`save_model`; ModelError with a Russian message if broken."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"модель не найдена: {path}. Соберите её командой `make model` или укажите --model.")
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as err:
        raise ModelError(f"{path}: файл модели повреждён или это не модель postcheck ({err}).") from None
    try:
        meta = json.loads(_text_items(arrays["meta"])[0])
        if meta.get("format") != FORMAT or meta.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"{path}: неподдерживаемый формат модели {meta.get('format')} "
                             f"v{meta.get('format_version')}.")
        blocks = {}
        for name in ("lemma", "char"):
            if f"{name}_names" in arrays:
                blocks[name] = NgramBlock(name, tuple(arrays[f"{name}_range"].tolist()),
                                          _text_items(arrays[f"{name}_names"]), arrays[f"{name}_idf"])
        dense = None
        if "dense_names" in arrays:
            dense = DenseBlock(_text_items(arrays["dense_names"]), arrays["dense_mean"], arrays["dense_scale"])
        ok, rewrite = arrays["thresholds"].tolist()
        a, b = arrays["calibration"].tolist()
        return JunkModel(
            lemmas=blocks.get("lemma"),
            chars=blocks.get("char"),
            dense=dense,
            lemma_coef=arrays.get("lemma_coef", np.zeros(0)),
            char_coef=arrays.get("char_coef", np.zeros(0)),
            dense_coef=arrays.get("dense_coef", np.zeros(0)),
            intercept=float(arrays["intercept"][0]),
            calibration=(a, b),
            thresholds=Thresholds(ok, rewrite),
            meta=meta,
        )
    except (KeyError, IndexError, json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ModelError(f"{path}: в файле модели не хватает данных ({err}).") from None
