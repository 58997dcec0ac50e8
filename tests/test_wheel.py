"""The wheel carries the default model: installed anywhere, `postcheck draft.txt` works."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_the_model_and_scores_from_any_folder(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("postcheck-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "postcheck_models/postcheck-model.npz" in names
    assert "classifier/locale/ru/LC_MESSAGES/postcheck.mo" in names  # Russian usage errors and help
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True, text=True, check=False,
    )
    assert install.returncode == 0, install.stderr
    draft = tmp_path / "draft.txt"
    draft.write_text("ТОЛЬКО СЕГОДНЯ скидка 50%! Успейте купить, звоните!!!", encoding="utf-8")
    code = (
        "import classifier, sys\n"
        f"assert classifier.__file__.startswith({str(target)!r}), classifier.__file__\n"
        "from classifier.cli import main\n"
        "sys.exit(main(['--format', 'json', 'draft.txt']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert '"verdict": "rewrite"' in done.stdout and "signals-only" not in done.stdout
    usage = subprocess.run([sys.executable, "-c", "import sys\nfrom classifier.cli import main\n"
                            "sys.exit(main(['--no-such-option', 'draft.txt']))"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "нет такого параметра" in usage.stderr, usage.stderr
