"""Save and load a JunkModel as one ``.npz`` file of plain arrays.

Loading uses ``numpy.load(..., allow_pickle=False)``: the file holds numbers, UTF-8 bytes
and JSON text only, so opening a model never runs code from it (unlike pickle or joblib).
"""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import numpy as np

from classifier.errors import ModelError
from classifier.features.vectorize import CHAR_KINDS, DenseBlock, NgramBlock, known_dense_name
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
            arrays[f"{name}_norm"] = np.array([block.oov_idf, block.norm_floor])
            arrays[f"{name}_kind"] = _text_array([block.kind])
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


MAX_UNZIPPED = 256 * 1024 * 1024  # bytes: a model is a few MB; a file inflating past this is refused
MAX_NGRAM = 8  # the longest n-gram a model may ask for


class _Invalid(Exception):
    """Something in the file is not what a model holds (the message says what, in Russian)."""


def load_thresholds(path: Path) -> Thresholds:
    """Only the verdict thresholds of a saved model (the rest of the file is not inflated)."""
    path = Path(path)
    try:
        return _thresholds(_read_arrays(path, only=("thresholds",)))
    except _Invalid as err:
        raise ModelError(f"{path}: не удалось прочитать пороги модели ({err}).") from None


def load_model(path: Path) -> JunkModel:
    """Read a model saved by :func:`save_model`; ModelError with a Russian message if broken.

    Nothing is trusted: the archive's sizes are checked before it is inflated, and every
    array's type, shape and values (no NaN or infinity, thresholds within 0-100) before the
    model is built, so a damaged or crafted file is refused instead of scoring nonsense.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"модель не найдена: {path}. Соберите её командой `make model` или укажите --model.")
    try:
        arrays = _read_arrays(path)
        return _build(arrays)
    except _Invalid as err:
        raise ModelError(f"{path}: файл модели повреждён или это не модель postcheck ({err}).") from None


def _read_arrays(path: Path, only: tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
    """The arrays of the file (or those named ``only``), after its sizes and headers are checked."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unzipped = sum(m.file_size for m in members)
            if unzipped > MAX_UNZIPPED:
                raise _Invalid(f"распаковывается в {unzipped / 2**20:.0f} МБ, больше {MAX_UNZIPPED // 2**20} МБ")
            for member in members:
                _check_member(archive, member)
        with np.load(path, allow_pickle=False) as npz:
            return {k: npz[k] for k in npz.files if only is None or k in only}
    except _Invalid:
        raise
    except Exception as err:  # noqa: BLE001 - zip, zlib and numpy raise many kinds for a damaged file
        raise _Invalid(f"{type(err).__name__}: {err}") from None


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """A member is a .npy array of plain numbers whose data is all there (no shape that asks for more)."""
    if not member.filename.endswith(".npy"):
        raise _Invalid(f"лишний файл {member.filename}")
    with archive.open(member) as fh:
        version = np.lib.format.read_magic(fh)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(fh)
        else:
            shape, _, dtype = np.lib.format.read_array_header_2_0(fh)
    if dtype.hasobject:
        raise _Invalid(f"{member.filename}: объекты Python вместо чисел")
    if math.prod(shape) * dtype.itemsize > member.file_size:
        raise _Invalid(f"{member.filename}: заявлено больше данных, чем есть в файле")


def _build(arrays: dict[str, np.ndarray]) -> JunkModel:
    meta = _meta(arrays)
    blocks, coefs = {}, {}
    for name in ("lemma", "char"):
        if f"{name}_names" in arrays:
            names = _texts(arrays, f"{name}_names")
            idf = _numbers(arrays, f"{name}_idf", len(names))
            coefs[name] = _numbers(arrays, f"{name}_coef", len(names))
            oov_idf, norm_floor = _numbers(arrays, f"{name}_norm", 2) if f"{name}_norm" in arrays else (0.0, 0.0)
            if oov_idf < 0 or norm_floor < 0:
                raise _Invalid(f"{name}_norm: отрицательное значение")
            kind = _texts(arrays, f"{name}_kind")[0] if f"{name}_kind" in arrays else name
            if kind not in ({"lemma"} if name == "lemma" else CHAR_KINDS):
                raise _Invalid(f"{name}_kind: неизвестный вид n-грамм {kind!s:.20}")
            blocks[name] = NgramBlock(kind, _ngram_range(arrays, f"{name}_range"), names, idf,
                                      float(oov_idf), float(norm_floor))
    dense, dense_coef = None, np.zeros(0)
    if "dense_names" in arrays:
        names = _texts(arrays, "dense_names")
        if not names or not all(known_dense_name(n) for n in names) or len(set(names)) != len(names):
            raise _Invalid("признаки модели не совпадают с признаками этой версии postcheck")
        scale = _numbers(arrays, "dense_scale", len(names))
        if not np.all(scale != 0):
            raise _Invalid("dense_scale: есть нули")
        dense = DenseBlock(names, _numbers(arrays, "dense_mean", len(names)), scale)
        dense_coef = _numbers(arrays, "dense_coef", len(names))
    thresholds = _thresholds(arrays)
    a, b = _numbers(arrays, "calibration", 2).tolist()
    return JunkModel(
        lemmas=blocks.get("lemma"),
        chars=blocks.get("char"),
        dense=dense,
        lemma_coef=coefs.get("lemma", np.zeros(0)),
        char_coef=coefs.get("char", np.zeros(0)),
        dense_coef=dense_coef,
        intercept=float(_numbers(arrays, "intercept", 1)[0]),
        calibration=(a, b),
        thresholds=thresholds,
        meta=meta,
    )


def _thresholds(arrays: dict[str, np.ndarray]) -> Thresholds:
    ok, rewrite = _numbers(arrays, "thresholds", 2).tolist()
    if not 0 <= ok <= rewrite <= 100:
        raise _Invalid(f"пороги ok = {ok:g}, rewrite = {rewrite:g} — нужно 0 ≤ ok ≤ rewrite ≤ 100")
    return Thresholds(ok, rewrite)


def _meta(arrays: dict[str, np.ndarray]) -> dict:
    items = _texts(arrays, "meta")
    try:
        meta = json.loads(items[0]) if items else None
    except (json.JSONDecodeError, RecursionError):
        raise _Invalid("meta: не JSON") from None
    if not isinstance(meta, dict):
        raise _Invalid("meta: ожидался объект JSON")
    if meta.get("format") != FORMAT or meta.get("format_version") != FORMAT_VERSION:
        raise _Invalid(f"неподдерживаемый формат модели {meta.get('format')!s:.40} v{meta.get('format_version')!s:.10}")
    return meta


def _array(arrays: dict[str, np.ndarray], name: str) -> np.ndarray:
    if name not in arrays:
        raise _Invalid(f"нет массива {name}")
    array = arrays[name]
    if array.ndim != 1:
        raise _Invalid(f"{name}: ожидался одномерный массив, а не форма {array.shape}")
    return array


def _numbers(arrays: dict[str, np.ndarray], name: str, length: int) -> np.ndarray:
    array = _array(arrays, name)
    if array.dtype.kind not in "fiu":
        raise _Invalid(f"{name}: ожидались числа, а не {array.dtype}")
    if len(array) != length:
        raise _Invalid(f"{name}: {len(array)} значений вместо {length}")
    array = array.astype(np.float64)
    if not np.isfinite(array).all():
        raise _Invalid(f"{name}: есть NaN или бесконечность")
    return array


def _texts(arrays: dict[str, np.ndarray], name: str) -> list[str]:
    array = _array(arrays, name)
    if array.dtype != np.uint8:
        raise _Invalid(f"{name}: ожидался текст UTF-8, а не {array.dtype}")
    try:
        return _text_items(array)
    except UnicodeDecodeError:
        raise _Invalid(f"{name}: не UTF-8") from None


def _ngram_range(arrays: dict[str, np.ndarray], name: str) -> tuple[int, int]:
    array = _array(arrays, name)
    if array.dtype.kind not in "iu" or len(array) != 2:
        raise _Invalid(f"{name}: ожидались два целых числа")
    low, high = (int(v) for v in array)
    if not 1 <= low <= high <= MAX_NGRAM:
        raise _Invalid(f"{name}: длины n-грамм {low}-{high}, а допустимо от 1 до {MAX_NGRAM}")
    return low, high
