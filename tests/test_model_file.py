"""Crafted or damaged --model files are refused with a Russian message (issue 11, item 13)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from classifier.actions import default_model_path
from classifier.cli import main
from classifier.errors import ModelError
from classifier.model.artifact import MAX_UNZIPPED, load_model

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "draft_junk.txt"


def shipped() -> dict[str, np.ndarray]:
    with np.load(default_model_path(), allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def text(value: str) -> np.ndarray:
    return np.frombuffer(value.encode("utf-8"), dtype=np.uint8)


def save(path: Path, arrays: dict) -> Path:
    with path.open("wb") as fh:
        np.savez_compressed(fh, **arrays)
    return path


def changed(**changes) -> dict:
    arrays = shipped()
    for name, value in changes.items():
        if value is None:
            arrays.pop(name)
        else:
            arrays[name] = value
    return arrays


def meta_with(**fields) -> np.ndarray:
    meta = json.loads(shipped()["meta"].tobytes().decode("utf-8"))
    meta.update(fields)
    return text(json.dumps(meta))


CRAFTED = {
    "meta is a list": changed(meta=text("[1, 2, 3]")),
    "meta is not JSON": changed(meta=text("{нет")),
    "meta is not UTF-8": changed(meta=np.array([0xFF, 0xFE], dtype=np.uint8)),
    "another format": changed(meta=meta_with(format="pickle")),
    "no thresholds": changed(thresholds=None),
    "NaN thresholds": changed(thresholds=np.array([np.nan, np.nan])),
    "ok above rewrite": changed(thresholds=np.array([70.0, 30.0])),
    "thresholds over 100": changed(thresholds=np.array([30.0, 300.0])),
    "three thresholds": changed(thresholds=np.array([10.0, 20.0, 30.0])),
    "one calibration number": changed(calibration=np.array([1.0])),
    "infinite calibration": changed(calibration=np.array([np.inf, 0.0])),
    "infinite intercept": changed(intercept=np.array([np.inf])),
    "empty intercept": changed(intercept=np.zeros(0)),
    "2-D intercept": changed(intercept=np.zeros((1, 1))),
    "short lemma coefficients": changed(lemma_coef=np.zeros(3)),
    "lemma idf as text": changed(lemma_idf=np.array(["a"] * len(shipped()["lemma_idf"]))),
    "NaN char idf": changed(char_idf=np.full(len(shipped()["char_idf"]), np.nan)),
    "char n-grams up to 100": changed(char_range=np.array([1, 100])),
    "float n-gram range": changed(char_range=np.array([1.5, 2.0])),
    "unknown dense feature": changed(dense_names=text("signal:x\ndensity:x\nstat:nothing")),
    "zero dense scale": changed(dense_scale=np.zeros(len(shipped()["dense_scale"]))),
    "short dense mean": changed(dense_mean=np.zeros(2)),
}


@pytest.mark.parametrize("arrays", CRAFTED.values(), ids=CRAFTED.keys())
def test_a_crafted_model_is_refused_with_a_russian_message(tmp_path, capsys, arrays):
    path = save(tmp_path / "m.npz", arrays)
    code = main(["--model", str(path), str(DRAFT)])
    err = capsys.readouterr().err
    assert code == 2
    assert "файл модели повреждён или это не модель postcheck" in err and "Traceback" not in err


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def _lying_npy() -> bytes:
    """A header that declares a billion numbers, followed by eight bytes."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "<f8", "fortran_order": False, "shape": (10**9,)})
    return buffer.getvalue() + b"\0" * 8


BROKEN = {
    "plain text": lambda p: p.write_text("это не модель", encoding="utf-8"),
    "empty file": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(default_model_path().read_bytes()[:5000]),
    "a single .npy": lambda p: p.write_bytes(_npy(np.zeros(3))),
    "pickled object array": lambda p: _zip(p, {"meta.npy": _npy(np.array([{"x": 1}], dtype=object))}),
    "a header asking for more data": lambda p: _zip(p, {"intercept.npy": _lying_npy()}),
    "a member that is not an array": lambda p: _zip(p, {"run.py": b"print('hi')"}),
    "corrupt deflate data": lambda p: p.write_bytes(_corrupt(default_model_path().read_bytes())),
}


def _corrupt(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 64]) + data[middle + 64:]


@pytest.mark.parametrize("write", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_model_file_is_refused(tmp_path, capsys, write):
    path = tmp_path / "m.npz"
    write(path)
    with pytest.raises(ModelError, match="модели"):
        load_model(path)
    assert main(["--model", str(path), str(DRAFT)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_file_that_inflates_far_beyond_a_model_is_not_read(tmp_path):
    """A ~300 KB file inflating to more than MAX_UNZIPPED is refused before it is inflated."""
    chunk = b"\0" * 2**24
    size = MAX_UNZIPPED + len(chunk)
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "|u1", "fortran_order": False,
                                                   "shape": (size - len(header.getvalue()),)})
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("meta.npy", header.getvalue())
        info = zipfile.ZipInfo("lemma_names.npy")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    assert path.stat().st_size < 2 * 2**20
    with pytest.raises(ModelError, match="распаковывается"):
        load_model(path)


def test_the_shipped_model_still_loads():
    model = load_model(default_model_path())
    assert 0 <= model.thresholds.ok <= model.thresholds.rewrite <= 100
