"""`postcheck archive`: an archive scored on a Dask cluster equals the content-plan path row
for row, keeps every column, survives a killed worker, and fails in Russian, writing nothing."""

from __future__ import annotations

import csv
import json
import os
import pickle
import re
import signal
import sys
from collections import Counter
from pathlib import Path

import dask
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client

from classifier.archive import cluster as archive_cluster
from classifier.archive import run as archive_run
from classifier.archive.cluster import local_cluster
from classifier.archive.run import ArchiveFailed, score_archive
from classifier.archive.summary import month_keys
from classifier.archive.worker import ScorerPlugin, score_partition
from classifier.cli import main
from classifier.io.config import Config
from classifier.scoring.archive import Counts, Month
from classifier.scoring.cells import CellScore
from classifier.scoring.explain import MODEL_REASONS
from classifier.scoring.health.rows import is_selling
from classifier.scoring.settings import Settings
from classifier.signals.registry import SIGNALS

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "plan.csv"
ADDED = ["postcheck_score", "postcheck_verdict", "postcheck_reasons", "postcheck_ad_marking", "postcheck_error"]
TITLES = {s.id: s.title for s in SIGNALS} | {d["signal"]: d["title"] for d in MODEL_REASONS}
HARD_SELL = "🔥 ТОЛЬКО СЕГОДНЯ скидка 50% на всё! Успейте заказать, звоните +7 (812) 555-12-34!!!"
POSTS = [
    HARD_SELL,
    "Как выбрать арбуз: постучите по корке — звук должен быть звонким.\nА вы как выбираете?",
    "",
    "Мы — лидер рынка! Высочайшее качество, гарантия 100%. Нам доверяют тысячи довольных клиентов.",
    "🔥🔥 https://t.me/x",
    "Разбираем, почему тесто не поднимается: дрожжи, температура воды и мука.\n\n1. Вода не горячее 40 °C.",
    "Розыгрыш! Сделай репост, подпишись и выиграй iPhone. Итоги в пятницу.",
    "   ",
]


def archive_rows(n: int) -> list[list[str]]:
    """id, date, text: the posts above over and over, two months of dates, one bad date."""
    rows = []
    for i in range(n):
        date = "вчера" if i == 5 else f"2025-{3 + i % 2:02d}-{1 + i % 28:02d}T10:00:00+03:00"
        rows.append([str(i), date, POSTS[i % len(POSTS)] + ("" if i < len(POSTS) else f" №{i}")])
    return rows


def write_csv(path: Path, rows: list[list[str]], header=("id", "date", "text"), delimiter=",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def plan_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        sample = fh.read()
    delimiter = ";" if ";" in sample.split("\n")[0] else ","
    return list(csv.DictReader(sample.splitlines(keepends=True), delimiter=delimiter))


def prose_titles(reasons: str) -> tuple[list[str], list[str]]:
    """«Срочность (+24); Скидки (+9) | польза: Советы (−5)» -> the junk titles, the value titles."""
    junk, _, value = reasons.partition("польза: ")

    def titles(part: str) -> list[str]:
        return [re.sub(r" \([+−]\d+\)$", "", p) for p in part.strip(" |").split("; ") if p]

    return titles(junk), titles(value)


def in_order(part: list[str], whole: list[str]) -> bool:
    """Whether ``part`` appears in ``whole`` in the same order (not necessarily side by side)."""
    rest = iter(whole)
    return all(item in rest for item in part)


def assert_same_as_plan(archived: pd.DataFrame, plan: list[dict]) -> None:
    """Every row and column of the content-plan output, in order, with the same scores."""
    assert len(archived) == len(plan)
    inputs = [c for c in plan[0] if c not in ADDED]
    assert list(archived.columns) == [*inputs, *ADDED]
    for got, want in zip(archived.to_dict("records"), plan):
        assert {c: got[c] for c in inputs} == {c: want[c] for c in inputs}
        if want["postcheck_error"]:
            assert got["postcheck_error"] == want["postcheck_error"]
            assert pd.isna(got["postcheck_score"]) and pd.isna(got["postcheck_verdict"])
            continue
        assert pd.isna(got["postcheck_error"])
        assert f"{got['postcheck_score']:.1f}" == want["postcheck_score"]
        assert got["postcheck_verdict"] == want["postcheck_verdict"]
        assert got["postcheck_ad_marking"] == want["postcheck_ad_marking"]
        # the plan names the three strongest junk reasons and two value ones; the archive lists
        # every reason's id, strongest first
        titles = [TITLES.get(s, s.removeprefix("custom:")) for s in got["postcheck_reasons"]]
        junk, value = prose_titles(want["postcheck_reasons"])
        assert in_order(junk, titles) and in_order(value, titles) and len(titles) >= len(junk) + len(value)


@pytest.fixture(scope="module")
def scheduler():
    """A local cluster of 2 single-threaded worker processes shared by this module's tests."""
    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


# --- the archive equals the content-plan path -----------------------------------------------

def test_cli_local_cluster_scores_like_the_plan_path(tmp_path, capsys):
    src = write_csv(tmp_path / "archive.csv", archive_rows(60))
    code, out, err = run(["archive", src, "-o", tmp_path / "scored", "--jobs", "2"], capsys)
    assert code == 0, err
    assert "60 строк" in out and "2 обработчика" in out
    assert "2025-03" in out and "2025-04" in out and "без читаемой даты: 1" in out
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left
    run([src, "-o", tmp_path / "plan.csv", "--fail-on", "never"], capsys)
    assert_same_as_plan(pd.read_parquet(tmp_path / "scored"), plan_rows(tmp_path / "plan.csv"))


def test_semicolon_cp1251_plan_with_russian_dates(tmp_path, scheduler, capsys):
    src = tmp_path / "plan.csv"
    src.write_bytes(PLAN.read_text(encoding="utf-8").replace("🔥", "").encode("cp1251", errors="ignore"))
    outcome = score_archive(src, tmp_path / "scored", scheduler=scheduler)
    assert outcome.encoding == "cp1251" and outcome.text_column == "Текст поста" and outcome.date_column == "дата"
    assert [month for month, _ in outcome.counts.by_month()] == ["2025-03"]
    run([src, "-o", tmp_path / "plan-scored.csv", "--fail-on", "never"], capsys)
    assert_same_as_plan(pd.read_parquet(tmp_path / "scored"), plan_rows(tmp_path / "plan-scored.csv"))


def test_parquet_folder_keeps_every_column_type_and_order(tmp_path, scheduler):
    rows = archive_rows(50)
    src = tmp_path / "archive"
    (src / "2025").mkdir(parents=True)
    for part, chunk in enumerate((rows[:30], rows[30:])):
        table = pa.table({
            "id": pa.array([int(r[0]) for r in chunk], pa.int64()),
            "published": pa.array([pd.Timestamp(f"2025-0{1 + int(r[0]) % 3}-15 12:00") for r in chunk],
                                  pa.timestamp("ms")),
            "likes": pa.array([None if int(r[0]) % 4 == 0 else float(r[0]) for r in chunk], pa.float64()),
            "tags": pa.array([["a", r[0]] for r in chunk], pa.list_(pa.string())),
            "post": pa.array([None if r[0] == "7" else r[2] for r in chunk], pa.string()),
        })
        pq.write_table(table, src / "2025" / f"{part}.parquet", row_group_size=7)
    (src / "README.txt").write_text("не Parquet: пропускается", encoding="utf-8")
    outcome = score_archive(src, tmp_path / "scored", scheduler=scheduler, part_rows=10)
    assert outcome.counts.rows == 50 and outcome.partitions >= 5 and outcome.date_column == "published"
    scored = pq.read_table(tmp_path / "scored")
    assert scored.schema.names == ["id", "published", "likes", "tags", "post", *ADDED]
    original = pa.concat_tables(pq.read_table(p) for p in sorted((src / "2025").glob("*.parquet")))
    for name in original.schema.names:
        assert scored[name].type == original[name].type
        assert scored[name].to_pylist() == original[name].to_pylist()
    frame = scored.to_pandas()
    assert frame.loc[7, "postcheck_error"] == "текст пустой."  # a null text is a bad row, kept
    assert frame.loc[0, "postcheck_verdict"] == "rewrite"
    reasons = list(frame.loc[0, "postcheck_reasons"])  # signal ids, not prose
    assert set(reasons) & {"discount", "urgency", "caps", "buy_call", "exclamations"}
    assert all(r in TITLES for r in reasons)
    scored = frame[frame["postcheck_error"].isna()]
    selling = [is_selling(CellScore(verdict=v, signals=tuple(r)))
               for v, r in zip(scored["postcheck_verdict"], scored["postcheck_reasons"])]
    expected: dict[str, Month] = {}
    for month, sells in zip(scored["published"].dt.strftime("%Y-%m"), selling):
        expected.setdefault(month, Month()).rows += 1
        expected[month].selling += sells
    assert outcome.counts.months == expected and outcome.counts.selling == sum(selling)
    assert outcome.counts.rows == 50 and outcome.counts.verdicts["error"] == frame["postcheck_error"].notna().sum()


def test_jsonl_archive_keeps_rows_and_nested_values(tmp_path, scheduler, capsys):
    src = tmp_path / "posts.jsonl"
    records = [{"id": i, "text": t, "meta": {"views": i * 10}} for i, t in enumerate(POSTS)]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    score_archive(src, tmp_path / "scored", scheduler=scheduler)
    run([src, "-o", tmp_path / "plan.csv", "--fail-on", "never"], capsys)
    assert_same_as_plan(pd.read_parquet(tmp_path / "scored"), plan_rows(tmp_path / "plan.csv"))


def test_empty_archive_gives_an_empty_output_with_the_columns(tmp_path, scheduler):
    src = write_csv(tmp_path / "empty.csv", [])
    outcome = score_archive(src, tmp_path / "scored", scheduler=scheduler)
    assert outcome.counts.rows == 0
    assert pq.read_table(tmp_path / "scored").schema.names == ["id", "date", "text", *ADDED]


def test_each_worker_builds_its_scorer_once_and_tasks_carry_no_scorer(scheduler):
    spec, _ = archive_run._scorer_spec(None, Config(Settings()), None)
    plugin = ScorerPlugin(spec)
    assert len(pickle.dumps(plugin)) < len(spec.model) + 50_000  # the model file once, no pipeline or Scorer
    with Client(scheduler) as client:
        client.register_plugin(plugin, name="scorer-under-test")

        def scorer_id(dask_worker) -> int:  # noqa: ANN001
            return id(dask_worker.plugins["scorer-under-test"].cells)

        built = client.run(scorer_id)
        frames = [pd.DataFrame({"text": [HARD_SELL, POSTS[1]] * 5}) for _ in range(6)]
        futures = [client.submit(score_partition, f, "text", "scorer-under-test", pure=False) for f in frames]
        assert [len(r) for r in client.gather(futures)] == [10] * 6
        assert all(r["postcheck_verdict"].iloc[0] == "rewrite" for r in client.gather(futures))
        assert client.run(scorer_id) == built  # six tasks, and still the scorer each worker built at the start
        client.unregister_worker_plugin("scorer-under-test")


# --- faults ---------------------------------------------------------------------------------

def _kill_one_worker(client: Client):
    """A progress callback that SIGKILLs one worker process once the first rows are in."""
    killed = []

    def progress(done: int, total: int, seconds: float) -> None:
        if done and not killed:
            address, pid = sorted(client.run(os.getpid).items())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(address)

    return progress, killed


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_worker_the_run_finishes_and_nothing_is_lost(tmp_path, capsys):
    src = write_csv(tmp_path / "archive.csv", archive_rows(400))
    with local_cluster(2) as cluster, Client(cluster) as client:
        progress, killed = _kill_one_worker(client)
        outcome = score_archive(src, tmp_path / "scored", scheduler=cluster.scheduler_address, part_rows=20,
                                progress=progress)
    assert killed and outcome.counts.rows == 400
    assert not list((tmp_path / "scored").glob(".*"))  # no half-written part left behind
    run([src, "-o", tmp_path / "plan.csv", "--fail-on", "never"], capsys)
    assert_same_as_plan(pd.read_parquet(tmp_path / "scored"), plan_rows(tmp_path / "plan.csv"))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_worker_without_retries_stops_in_russian_and_writes_nothing(tmp_path):
    src = write_csv(tmp_path / "archive.csv", archive_rows(400))
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            local_cluster(2) as cluster, \
            Client(cluster) as client:
        progress, killed = _kill_one_worker(client)
        with pytest.raises(ArchiveFailed, match="аварийно завершился"):
            score_archive(src, tmp_path / "scored", scheduler=cluster.scheduler_address, part_rows=20,
                          progress=progress)
    assert killed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.csv"]  # no output, no temporary folders


def test_a_cluster_left_without_workers_stops_in_russian_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_run, "NO_WORKERS_TIMEOUT", 1.0)
    src = write_csv(tmp_path / "archive.csv", archive_rows(400))
    with local_cluster(2) as cluster:
        def progress(done: int, total: int, seconds: float) -> None:
            if done:
                cluster.scale(0)

        with pytest.raises(ArchiveFailed, match="нет ни одного обработчика"):
            score_archive(src, tmp_path / "scored", scheduler=cluster.scheduler_address, part_rows=20,
                          progress=progress)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.csv"]


def test_unreachable_scheduler_is_a_russian_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(archive_cluster, "CONNECT_TIMEOUT", "2s")
    src = write_csv(tmp_path / "archive.csv", archive_rows(3))
    code, _, err = run(["archive", src, "-o", tmp_path / "scored", "--scheduler", "tcp://127.0.0.1:9"], capsys)
    assert code == 2
    assert "не удалось подключиться к планировщику Dask tcp://127.0.0.1:9" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.csv"]


def test_without_the_extra_the_command_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    src = write_csv(tmp_path / "archive.csv", archive_rows(3))
    code, _, err = run(["archive", src, "-o", tmp_path / "scored"], capsys)
    assert code == 2
    assert "pip install 'postcheck[dask]'" in err and "distributed" in err


def _mixed_parquet_folder(tmp_path: Path) -> Path:
    (tmp_path / "mixed").mkdir()
    pq.write_table(pa.table({"text": ["Скидка 50% только сегодня"]}), tmp_path / "mixed" / "a.parquet")
    pq.write_table(pa.table({"text": ["Как выбрать шины"], "likes": [3]}), tmp_path / "mixed" / "b.parquet")
    return tmp_path / "mixed"


def _bad_parquet_folder(tmp_path: Path) -> Path:
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "notes.txt").write_text("x", encoding="utf-8")
    return tmp_path / "folder"


@pytest.mark.parametrize(
    ("make_source", "extra", "message"),
    [
        (lambda d: d / "nope.csv", [], "не найдены"),
        (lambda d: write_csv(d / "a.xlsx", []), [], "XLSX сохраните как CSV"),
        (lambda d: write_csv(d / "a.csv", [["1", "x"]], header=("id", "заметка")), [], "не нашлась колонка с текстом"),
        (lambda d: write_csv(d / "a.csv", [["1", "x"]], header=("id", "text")), ["--date-column", "когда"],
         "нет колонки «когда»"),
        (lambda d: write_csv(d / "a.csv", [["1", "x", "50"]], header=("id", "text", "postcheck_score")), [],
         "уже есть колонки postcheck_score"),
        (_bad_parquet_folder, [], "в папке нет файлов Parquet"),
        (_mixed_parquet_folder, [], "разные колонки или типы"),
        (lambda d: (d / "a.parquet").write_bytes(b"PAR1 oops") and d / "a.parquet", [], "не читается как Parquet"),
        (lambda d: write_csv(d / "a.csv", [["1", "x"]]), ["--threshold", "150"], "--threshold должен быть от 0 до 100"),
        (lambda d: write_csv(d / "a.csv", [["1", "x"]]), ["--scheduler", "tcp://h:1", "--jobs", "2"], "--jobs"),
    ],
)
def test_bad_input_is_a_russian_error_before_any_cluster_starts(tmp_path, capsys, make_source, extra, message):
    src = make_source(tmp_path)
    code, _, err = run(["archive", src, "-o", tmp_path / "scored", *extra], capsys)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "scored").exists()


@pytest.mark.parametrize("target", ["existing", "same"])
def test_existing_output_or_the_archive_itself_is_never_overwritten(tmp_path, capsys, target):
    src = write_csv(tmp_path / "archive.csv", archive_rows(3))
    existing = tmp_path / "scored"
    existing.mkdir()
    (existing / "keep.txt").write_text("моё", encoding="utf-8")
    out = existing if target == "existing" else src
    code, _, err = run(["archive", src, "-o", out], capsys)
    assert code == 2 and "ничего не перезаписывает" in err
    assert (existing / "keep.txt").read_text(encoding="utf-8") == "моё"
    assert src.read_text(encoding="utf-8").startswith("id,date,text")


# --- months -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["2025-03-01", "2025-03-31T23:59:59+03:00", "2024-12-01 10:00:00"], ["2025-03", "2025-03", "2024-12"]),
        (["01.04.2025", "1.4.2025 10:00", "31.12.24", "3 марта 2025 г."], ["2025-04", "2025-04", "2024-12", "2025-03"]),
        (["1740787200", "1740787200000", "45719"], ["2025-03", "2025-03", "2025-03"]),  # Unix s, ms; Excel serial
        (["вчера", "", None, "2025-13-01", "12345", "31.02.2025"], [None, None, None, None, None, None]),
    ],
)
def test_month_of_text_dates(cells, expected):
    assert month_keys(pd.Series(cells, dtype=object)) == expected


@pytest.mark.parametrize(
    "series",
    [
        pd.Series(pd.to_datetime(["2025-03-05", None, "2024-11-30"])),
        pd.Series(pd.array([pd.Timestamp("2025-03-05"), None, pd.Timestamp("2024-11-30")],
                           dtype=pd.ArrowDtype(pa.timestamp("us", tz="Europe/Moscow")))),
        pd.Series([1741132800, None, 1732924800], dtype="float64"),
    ],
)
def test_month_of_typed_dates(series):
    assert month_keys(series) == ["2025-03", None, "2024-11"]


def test_counts_add_up_across_partitions():
    total = Counts()
    for part in (Counts(3, Counter(rewrite=1, ok=1, error=1), selling=2, months={"2025-02": Month(2, 2)}),
                 Counts(2, Counter(ok=2), selling=0, months={"2025-02": Month(1, 0), "2025-01": Month(1, 0)},
                        undated=0)):
        total.add(part)
    assert total.rows == 5 and total.scored == 4 and total.selling == 2 and total.selling_share == 0.5
    assert [(m, s.rows, s.selling) for m, s in total.by_month()] == [("2025-01", 1, 0), ("2025-02", 3, 2)]
