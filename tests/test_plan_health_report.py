"""Plan health end to end: a scored plan's findings in the terminal summary, the JSON
``plan_health`` object, ``--fail-on-plan`` exit codes, ``[plan]`` norms, and the HTML report
(checked in headless Chromium, with a screenshot). The selling posts are blatant, so the
findings do not depend on the exact scores of the shipped model."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from classifier.cli import main

ASKS = "Как выбрать арбуз: постучите по корке — звук должен быть звонким. А вы как выбираете?"
SALE = "🔥 ТОЛЬКО СЕГОДНЯ скидка 50% на всё! Успейте заказать, звоните +7 (812) 555-12-34!!!"
SALE_AGAIN = "ТОЛЬКО СЕГОДНЯ скидка 40% на всё!!! Успейте заказать, звоните +7 (812) 555-12-34!!!"
LEADER = "Мы — лидер рынка! Высочайшее качество, гарантия 100%. Купите сейчас со скидкой 30%, звоните!!!"
GIVEAWAY = "РОЗЫГРЫШ! Подпишись, поставь лайк, сделай репост и отметь трёх друзей! Итоги в пятницу"
GIVEAWAY_AGAIN = "РОЗЫГРЫШ!!! Подпишись, поставь лайк, сделай репост и отметь трёх друзей! Итоги в субботу"
TIP = ("Проверить давление в шинах можно на любой заправке бесплатно. Норма указана на наклейке в проёме "
       "водительской двери.")

# Spreadsheet rows 2..9. Dates in three formats, one broken, one missing. By date the sales of
# rows 3, 4, 5 come one after another; 14 days pass without posts after 05.03.
PLAN = [
    ["дата", "рубрика", "автор", "текст"],
    ["03.03.2025", "польза", "Аня", ASKS],
    ["2025-03-04", "акция", "Петя", SALE],
    ["05.03.2025", "акция", "Петя", SALE_AGAIN],
    ["5 марта 2025", "акция", "Петя", LEADER],
    ["32.03.2025", "розыгрыш", "Аня", GIVEAWAY],
    ["20.03.2025", "польза", "Аня", TIP],
    ["", "розыгрыш", "Аня", GIVEAWAY_AGAIN],
    ["21.03.2025", "польза", "Аня", ""],
]


def run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def write_plan(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plan_json(tmp_path_factory):
    path = write_plan(tmp_path_factory.mktemp("plan") / "plan.csv", PLAN)
    code = main(["--format", "json", "--fail-on", "never", str(path)])
    assert code == 0
    return path


def _health(path: Path, capsys, *extra) -> dict:
    code, out, _ = run(["--format", "json", "--fail-on", "never", path, *extra], capsys)
    return json.loads(out)["plan_health"]


def test_json_plan_health_finds_runs_duplicates_giveaways_and_silences(plan_json, capsys):
    health = _health(plan_json, capsys)
    problems = set(health["problems"])
    assert {"selling", "selling_run", "duplicates", "giveaways", "questions", "silences", "rubrics"} <= problems
    assert "busy_days" not in problems
    assert (health["posts"], health["scored"]) == (8, 7)  # the empty row is left out of every share
    assert {3, 4, 5} <= set(health["selling"]["rows"]) and 2 not in health["selling"]["rows"]
    assert health["selling_run"] == {"length": 3, "order": "date", "rows": [3, 4, 5]}
    assert [g["rows"] for g in health["duplicates"]] == [[3, 4], [6, 8]]
    assert health["giveaways"]["rows"] == [6, 8]
    assert health["questions"]["rows"] == [2]
    schedule = health["schedule"]
    assert schedule["column"] == "дата" and (schedule["first"], schedule["last"]) == ("2025-03-03", "2025-03-21")
    assert [(d["date"], d["posts"], d["rows"]) for d in schedule["days"]] == [
        ("2025-03-03", 1, [2]), ("2025-03-04", 1, [3]), ("2025-03-05", 2, [4, 5]),
        ("2025-03-20", 1, [7]), ("2025-03-21", 1, [9])]
    assert schedule["days"][-1]["error"] == 1  # the empty post is on the timeline, in grey
    assert schedule["silences"] == [{"after": "2025-03-05", "before": "2025-03-20", "days": 14, "rows": [5, 7]}]
    assert schedule["unreadable"] == [{"row": 6, "value": "32.03.2025"}] and schedule["undated"] == 1
    assert "строка 6: «32.03.2025»" in schedule["note"]
    rubrics = {r["rubric"]: r for r in health["rubrics"]["rubrics"]}
    assert rubrics["акция"]["rewrite"] == 3 and rubrics["польза"]["error"] == 1
    finding = {f["id"]: f for f in health["findings"]}["duplicates"]
    assert set(finding) == {"id", "problem", "title", "mistake", "summary", "why", "tip", "rows"}
    assert finding["mistake"] == 2 and finding["rows"] == [3, 4, 6, 8]


def test_terminal_summary_shows_the_findings_after_the_counts(plan_json, capsys):
    code, out, _ = run([plan_json], capsys)
    assert code == 1
    counts = out.index("переписать:")
    health = out.index("Здоровье контент-плана")
    assert counts < health < out.index("Что переписать первым")
    assert re.search(r"✗ Продающие посты подряд: .*3 поста подряд \(по датам\)", out)
    assert "Группа 1: строки 3, 4" in out and "Группа 2: строки 6, 8" in out
    assert "Ошибка 2 — маркетинг как автоматизация" in out
    assert "не удалось прочитать даты (1): строка 6: «32.03.2025»" in out
    assert "✓ Слишком много постов в день" in out


@pytest.mark.parametrize(
    ("flags", "code"),
    [
        ([], 1),  # rows are flagged; plan health alone never fails a run
        (["--fail-on-plan", "duplicates"], 4),
        (["--fail-on-plan", "busy_days"], 1),  # no busy day: only the flagged rows count
        (["--fail-on", "never", "--fail-on-plan", "any"], 4),
        (["--fail-on", "never", "--fail-on-plan", "never"], 0),
        (["--fail-on-plan", "selling,nonsense"], 2),
    ],
)
def test_fail_on_plan_exit_codes(plan_json, capsys, flags, code):
    assert run([plan_json, *flags], capsys)[0] == code


def test_plan_norms_come_from_the_settings(tmp_path, plan_json, capsys):
    config = tmp_path / "postcheck.toml"
    config.write_text('[plan]\nmax_selling_share = 90\nmax_posts_per_day = 1\nmax_silence_days = 30\n'
                      'fail_on = ["busy_days"]\n', encoding="utf-8")
    health = _health(plan_json, capsys, "--config", config)
    problems = set(health["problems"])
    assert "selling" not in problems and "silences" not in problems
    assert [d["date"] for d in health["schedule"]["busy_days"]] == ["2025-03-05"]
    assert health["norms"]["max_selling_share"] == 0.9
    assert run([plan_json, "--config", config, "--fail-on", "never"], capsys)[0] == 4  # fail_on from [plan]
    config.write_text("[plan]\nmax_posts_per_day = 0\n", encoding="utf-8")
    code, _, err = run([plan_json, "--config", config], capsys)
    assert code == 2 and "max_posts_per_day" in err and "строка 2" in err


def test_a_plan_without_a_date_column_runs_in_plan_order(tmp_path, capsys):
    posts = [ASKS, SALE, LEADER, SALE_AGAIN, TIP, GIVEAWAY, ""]
    rows = [["text", "№"], *([text, str(i)] for i, text in enumerate(posts, 1))]  # «;» in the header: no date
    path = write_plan(tmp_path / "nodate.csv", rows)
    report = tmp_path / "nodate.html"
    health = _health(path, capsys, "--report", report)
    assert health["schedule"] is None and health["rubrics"] is None
    assert health["selling_run"]["order"] == "plan" and health["selling_run"]["rows"] == [3, 4, 5]
    assert not {"busy_days", "silences", "rubrics"} & {f["id"] for f in health["findings"]}
    html = report.read_text(encoding="utf-8")
    assert "Посты в порядке плана: колонки с датой нет" in html
    strip = html[html.index("Посты в порядке плана"):html.index("</svg>", html.index("Посты в порядке плана"))]
    bars = re.findall(r'<rect class="bar-(\w+)"', strip)
    assert len(bars) == 7 and bars[-1] == "error"  # one bar per row, in plan order


def _excel_plan(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Дата публикации", "Рубрика", "Автор", "Пост"])
    sheet.append([dt.datetime(2025, 3, 3, 10, 0), "польза", "Аня", ASKS])
    sheet.append([dt.date(2025, 3, 4), "акция", "Петя", SALE])
    sheet.append([45721, "акция", "Петя", LEADER])  # an Excel serial day number: 05.03.2025
    sheet.append(["когда-нибудь", "польза", "Аня", TIP])
    sheet.append([dt.datetime(2025, 3, 6), "польза", "Аня", ""])
    for cell in sheet["A"][1:3]:
        cell.number_format = "DD.MM.YYYY"
    book.save(path)
    return path


def test_excel_date_cells_and_plan_columns_in_the_html_report(tmp_path, capsys):
    src = _excel_plan(tmp_path / "plan.xlsx")
    report = tmp_path / "plan.html"
    code, out, _ = run(["--format", "json", "--fail-on", "never", src, "--report", report], capsys)
    schedule = json.loads(out)["plan_health"]["schedule"]
    assert [d["date"] for d in schedule["days"]] == ["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06"]
    assert schedule["unreadable"] == [{"row": 5, "value": "когда-нибудь"}]
    html = report.read_text(encoding="utf-8")
    assert html.index('class="health"') < html.index('id="posts"')  # the report opens with plan health
    heads = re.findall(r'<th class="plan">([^<]*)</th>', html)
    assert heads == ["Дата публикации", "Рубрика", "Автор"]
    row = re.search(r'<tr id="r3".*?</tr>', html, re.S).group(0)
    assert ">акция<" in row and ">Петя<" in row
    assert 'id="r6" data-row="5" data-verdict="error" data-score=""' in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)  # nothing is loaded from outside


# --- headless Chromium ----------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SORT_PROBE = """<script>
const order=[];sortBy('score');order.push(rows.map(r=>r.dataset.row).join(','));
sortBy('score');order.push(rows.map(r=>r.dataset.row).join(','));
document.body.dataset.order=order.join('|');</script></body>"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def png_colours(path: Path, rows: int) -> tuple[int, int, set[bytes]]:
    """Width, height and the RGB colours of the first ``rows`` rows of an 8-bit PNG (zlib and numpy only)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    pos = 8
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunks[kind] = chunks.get(kind, b"") + data[pos + 8:pos + 8 + size]
        pos += 12 + size
    width, height, depth, color = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and color in (2, 6)
    channels = 3 if color == 2 else 4
    stride = width * channels
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(height, stride + 1)
    image = np.zeros((min(rows, height), stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.int64)
    for y in range(len(image)):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int64)
        if kind == 1:
            line = np.cumsum(line.reshape(width, channels), axis=0).reshape(-1)
        elif kind == 2:
            line = line + previous
        elif kind in (3, 4):
            line = _sequential(line.tolist(), previous.tolist(), channels, kind)
        previous = line % 256
        image[y] = previous
    pixels = image.reshape(len(image), width, channels)[:, :, :3].reshape(-1, 3)
    return width, height, {bytes(p) for p in np.unique(pixels, axis=0)}


def _sequential(line: list[int], up: list[int], channels: int, kind: int) -> np.ndarray:
    """PNG's Average (3) and Paeth (4) filters, which depend on the byte to the left."""
    for x in range(len(line)):
        left = line[x - channels] if x >= channels else 0
        corner = up[x - channels] if x >= channels else 0
        if kind == 3:
            line[x] = (line[x] + (left + up[x]) // 2) % 256
        else:
            p = left + up[x] - corner
            pa, pb, pc = abs(p - left), abs(p - up[x]), abs(p - corner)
            line[x] = (line[x] + (left if pa <= pb and pa <= pc else up[x] if pb <= pc else corner)) % 256
    return np.array(line, dtype=np.int64)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt install chromium)")
def test_html_report_in_headless_chromium(tmp_path, plan_json, capsys):
    report = tmp_path / "plan.html"
    run([plan_json, "--fail-on", "never", "--report", report], capsys)
    shot = tmp_path / "plan.png"
    done = chromium(tmp_path, "--window-size=1280,1600", f"--screenshot={shot}", report.as_uri())
    assert shot.exists(), done.stderr[-2000:]
    width, height, colours = png_colours(shot, rows=1600)
    assert (width, height) == (1280, 1600)
    for hex_colour in ("c62828", "43a047", "9e9e9e"):  # rewrite, ok and unscored bars of the timeline
        assert bytes.fromhex(hex_colour) in colours, hex_colour
    # The page's own script runs: every row is shown, and sorting by score keeps the unscored row
    # (data row 8) last in both directions.
    probe = tmp_path / "probe.html"
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", SORT_PROBE), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", probe.as_uri()).stdout
    assert re.search(r'<b id="shown">8</b>', dom)
    descending, ascending = re.search(r'data-order="([^"]*)"', dom).group(1).split("|")
    assert descending.split(",")[-1] == "8" and ascending.split(",")[-1] == "8"
    scored_down = descending.split(",")[:-1]
    assert scored_down[-1] in ("1", "6") and scored_down[0] not in ("1", "6")  # useful posts score lowest
