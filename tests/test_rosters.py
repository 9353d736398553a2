"""Reception rosters: rules on the Chinese working calendar, adjustments, and the checks with their messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import REPO, copy_project

from generator.build import check_content
from generator.content.validate import load_sources, validate_content
from generator.rosters.workdays import working_calendar
from generator.site.model import Site, model_site

HENGNAN = REPO / "tests/fixtures/hengnan"
ROSTER = "content/rosters/2026.yaml"
SIX_TIAOXIU = [
    dt.date(2026, 1, 4),
    dt.date(2026, 2, 14),
    dt.date(2026, 2, 28),
    dt.date(2026, 5, 9),
    dt.date(2026, 9, 20),
    dt.date(2026, 10, 10),
]


def site_of(root: Path) -> Site:
    sources, _ = load_sources(root)
    content, problems = validate_content(sources)
    assert [p for p in problems if p.severity == "error"] == []
    site, _ = model_site(content, dt.date(2026, 11, 22))
    return site


def project(tmp_path: Path, roster_tail: str = "", roster: str | None = None) -> Path:
    root = copy_project(tmp_path / "project", HENGNAN)
    path = root / ROSTER
    path.write_text(
        (roster if roster is not None else path.read_text(encoding="utf-8")) + roster_tail, encoding="utf-8"
    )
    return root


def test_hengnan_daily_leader_on_exactly_the_2026_working_days() -> None:
    site = site_of(HENGNAN)
    schedule = site.schedules["county-2026"]
    daily = [s for s in schedule if s.time == "08:30-12:00"]
    calendar = working_calendar([2026])
    expected = calendar.working_days(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [s.date for s in daily] == expected
    assert len(expected) == 248
    assert [d for d in expected if d.weekday() >= 5] == SIX_TIAOXIU
    assert not any(calendar.holiday_name(s.date) for s in schedule)
    assert [s.person for s in daily[:4]] == ["fuxian-a", "fuxian-b", "fuxian-c", "fuxian-a"]


def test_hengnan_monday_rotation_cycles_the_four_principals() -> None:
    mondays = [s for s in site_of(HENGNAN).schedules["county-2026"] if s.time == "14:30-17:30"]
    assert all(s.date.isoweekday() == 1 for s in mondays)
    assert dt.date(2026, 2, 16) not in {s.date for s in mondays}  # 春节
    cycle = ["shuji", "xianzhang", "fushuji", "changwu"]
    assert [s.person for s in mondays] == [cycle[i % 4] for i in range(len(mondays))]


def test_a_daily_rotation_can_leave_out_weekdays(tmp_path: Path) -> None:
    """衡南 (seed 002): a county leader every working day, but Mondays belong to the four principals."""
    text = (HENGNAN / ROSTER).read_text(encoding="utf-8")
    text = text.replace("    time: 08:30-12:00\n", "    time: 08:30-12:00\n    except_weekdays: [1]\n", 1)
    schedule = site_of(project(tmp_path, roster=text)).schedules["county-2026"]
    daily = [s for s in schedule if s.time == "08:30-12:00"]
    calendar = working_calendar([2026])
    expected = [d for d in calendar.working_days(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) if d.isoweekday() != 1]
    assert [s.date for s in daily] == expected and len(expected) < 248
    assert {s.person for s in schedule if s.date.isoweekday() == 1} == {"shuji", "xianzhang", "fushuji", "changwu"}
    assert [s.person for s in daily[:4]] == ["fuxian-a", "fuxian-b", "fuxian-c", "fuxian-a"]  # the turn skips Mondays


def test_reception_types_are_the_sites_own(tmp_path: Path) -> None:
    """北京 (seed 003) holds 重点约访 by default; an office with its own ways lists them in site.yaml."""
    from generator.build import check_content

    text = (HENGNAN / ROSTER).read_text(encoding="utf-8")
    text = text.replace("    time: 14:30-17:30\n", "    time: 14:30-17:30\n    type: 重点约访\n", 1)
    root = project(tmp_path, roster=text)
    assert {s.type for s in site_of(root).schedules["county-2026"] if s.time == "14:30-17:30"} == {"重点约访"}
    (root / ROSTER).write_text(text.replace("type: 重点约访", "type: 屋场恳谈"), encoding="utf-8")
    problems = [p for p in check_content(root, dt.date(2026, 11, 22)) if p.severity == "error"]
    assert [(p.path, p.code) for p in problems] == [(ROSTER, "unknown-reception-type")]
    assert "reception_types" in problems[0].message
    settings = root / "content/site.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "reception_types: [定点接访, 屋场恳谈]\n", encoding="utf-8"
    )
    assert [p for p in check_content(root, dt.date(2026, 11, 22)) if p.severity == "error"] == []


def test_quzhou_three_ones_and_tuesdays(tmp_path: Path) -> None:
    rules = """id: town-2026
title: 镇“三个一”接访
meta: {suoyinhao: 000000001/2025-00010, title: 镇“三个一”接访, date_written: 2025-12-30, date_published: 2025-12-31, genre: 通知, disclosure: 主动公开, review: {reviewer: 某某, date: 2025-12-30}}
start: 2026-01-01
end: 2026-03-31
rules:
  - kind: monthdays
    days: [1, 11, 21]
    people: [shuji, xianzhang, fushuji]
    place: xinfang-ju
    time: 08:30-11:30
    holiday_policy: next
  - kind: weekday
    weekday: 2
    rotate: false
    people: [fuxian-a, fuxian-b]
    place: xinfang-ju
    time: 14:30-17:00
"""
    schedule = site_of(project(tmp_path, roster=rules)).schedules["town-2026"]
    three = sorted({s.date for s in schedule if s.time == "08:30-11:30"})
    # 1/1 元旦 → 1/4 (调休 Sunday, a working day); 1/11 Sunday → 1/12; 2/21 春节假期 → 2/24; 3/1 Sunday → 3/2.
    assert three == [dt.date(2026, 1, 4), dt.date(2026, 1, 12), dt.date(2026, 1, 21), dt.date(2026, 2, 2), dt.date(2026, 2, 11),
                     dt.date(2026, 2, 24), dt.date(2026, 3, 2), dt.date(2026, 3, 11), dt.date(2026, 3, 23)]  # fmt: skip
    assert all(len([s for s in schedule if s.date == d and s.time == "08:30-11:30"]) == 3 for d in three)
    tuesdays = [s for s in schedule if s.time == "14:30-17:00"]
    assert {s.date.isoweekday() for s in tuesdays} == {2} and len(tuesdays) % 2 == 0


def test_ab_posts_weekend_appointments_and_adjustments(tmp_path: Path) -> None:
    tail = """  - kind: appointment
    people: [fuxian-c]
    place: xinfang-ju
    time: 09:00-11:00
adjustments:
  - {date: 2026-01-05, action: swap, person: shuji, substitute: fushuji, announced: 2025-12-31, reason: 因公出差}
  - {date: 2026-01-06, action: cancel, person: fuxian-c, announced: 2026-01-05}
  - {date: 2026-01-06, action: add, person: fuxian-a, place: xinfang-ju, time: 08:30-12:00, announced: 2026-01-05}
"""
    text = (
        (HENGNAN / ROSTER)
        .read_text(encoding="utf-8")
        .replace(
            "    people: [fuxian-a, fuxian-b, fuxian-c]\n",
            "    people: [fuxian-a, fuxian-b, fuxian-c]\n    backups: [changwu]\n",
        )
    )
    schedule = site_of(project(tmp_path, tail, roster=text)).schedules["county-2026"]
    first = next(s for s in schedule if s.date == dt.date(2026, 1, 5) and s.time == "08:30-12:00")
    assert first.backup == "changwu"
    swapped = next(s for s in schedule if s.date == dt.date(2026, 1, 5) and s.time == "14:30-17:30")
    assert (swapped.person, swapped.replaces, swapped.adjusted_on) == ("fushuji", "shuji", dt.date(2025, 12, 31))
    assert [s.person for s in schedule if s.date == dt.date(2026, 1, 6) and not s.cancelled] == ["fuxian-a"]
    weekend = [s for s in schedule if s.type == "约访"]
    assert weekend and all(s.date.isoweekday() in (6, 7) and s.date not in SIX_TIAOXIU for s in weekend)


CASES = [
    (
        "roster-double-booked",
        "receptions:\n  - {date: 2026-01-04, person: fuxian-a, place: xinfang-ju, time: 08:00-09:00}\n",
        [(ROSTER, 24, 5, "roster-double-booked")],
    ),
    (
        "roster-on-holiday",
        "receptions:\n  - {date: 2026-02-17, person: fuxian-a, place: xinfang-ju, time: 14:30-15:00}\n",
        [(ROSTER, 24, 5, "roster-on-holiday")],
    ),
    (
        "roster-uncovered-day",
        "adjustments:\n  - {date: 2026-01-06, action: cancel, person: fuxian-c, announced: 2026-01-01}\n",
        [(ROSTER, 14, 5, "roster-uncovered-day")],
    ),
    (
        "adjustment-no-match",
        "adjustments:\n  - {date: 2026-01-03, action: cancel, person: fuxian-a, announced: 2026-01-01}\n",
        [(ROSTER, 24, 12, "adjustment-no-match")],
    ),
    (
        "roster-ab-same",
        "receptions:\n  - {date: 2026-01-06, person: xianzhang, place: xinfang-ju, time: 18:00-19:00, backup: xianzhang}\n",
        [(ROSTER, 24, 5, "roster-ab-same")],
    ),
    (
        "roster-ab-same-after-a-swap",
        "receptions:\n  - {date: 2026-01-06, person: xianzhang, place: xinfang-ju, time: 18:00-19:00, backup: changwu}\n"
        "adjustments:\n  - {date: 2026-01-06, action: swap, person: xianzhang, substitute: changwu, announced: 2026-01-01}\n",
        [(ROSTER, 26, 5, "roster-ab-same")],
    ),
    (
        "adjustment-fields",
        "adjustments:\n  - {date: 2026-01-05, action: swap, person: fuxian-a, announced: 2026-01-01}\n",
        [(ROSTER, 24, 5, "adjustment-fields")],
    ),
]


@pytest.mark.parametrize(("tail", "expected"), [(t, e) for _, t, e in CASES], ids=[c[0] for c in CASES])
def test_roster_checks(tmp_path: Path, tail: str, expected: list[tuple[str, int, int, str]]) -> None:
    problems = check_content(project(tmp_path, tail), dt.date(2026, 11, 22))
    assert sorted((p.path, p.line, p.column, p.code) for p in problems) == sorted(expected)
    assert all("\\u" not in p.message and p.message for p in problems)


def test_frequency_names_leader_and_week(tmp_path: Path) -> None:
    problems = check_content(
        project(tmp_path, "constraints:\n  - {people: [shuji], times: 1}\n"), dt.date(2026, 11, 22)
    )
    assert {(p.path, p.line, p.column, p.code) for p in problems} == {(ROSTER, 24, 5, "roster-frequency")}
    # Every fourth Monday is 甲书记's: most weeks fall short. The week of New Year (12月29日—1月4日) asks for
    # nothing: the roster has one working day of it (1月4日), a fifth of a plain week, which rounds to none.
    assert problems[0].message == "甲书记在1月12日—1月18日这一周只安排了 0 次接访，要求每周不少于 1 次。"
    assert not any("12月29日" in p.message for p in problems)
    assert len(problems) > 30


def test_frequency_is_prorated_to_the_rosters_span_and_working_days(tmp_path: Path) -> None:
    """A roster from 9月23日 asks for its share of September; a holiday week for its share of a plain week."""
    text = (HENGNAN / ROSTER).read_text(encoding="utf-8").replace("start: 2026-01-01", "start: 2026-09-23")
    tail = "constraints:\n  - {people: [shuji], times: 4, per: month}\n  - {people: [xianzhang], times: 1}\n"
    problems = check_content(project(tmp_path, tail, roster=text), dt.date(2026, 11, 22))
    messages = [p.message for p in problems if p.code == "roster-frequency"]
    # September: 6 of 22 working days asks for 1 of 4, met by the Monday of 9月28日 (a whole month would fail)
    assert not any(m.startswith("甲书记在9月1日") for m in messages)
    assert (
        "甲书记在10月1日—10月31日这一月只安排了 0 次接访，要求每月不少于 4 次；"
        "这一月在接访安排期间只有 18 个工作日（平常 22 个），按比例至少 3 次。"
    ) in messages  # 国庆: four working days fewer
    national_day = [m for m in messages if "9月28日—10月4日" in m]  # three working days: three fifths of a week
    assert national_day == [
        "乙县长在9月28日—10月4日这一周只安排了 0 次接访，要求每周不少于 1 次；"
        "这一周在接访安排期间只有 3 个工作日（平常 5 个），按比例至少 1 次。"
    ]
    assert "甲书记在11月1日—11月30日这一月只安排了 2 次接访，要求每月不少于 4 次。" in messages  # a whole month


def test_roster_outside_campaign_and_unconfirmed_year(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "content/campaigns").mkdir()
    (root / "content/campaigns/month.yaml").write_text(
        "id: month\ntitle: 信访月\nmeta: {suoyinhao: 000000001/2025-00011, title: 信访月, date_written: 2025-12-30, date_published: 2025-12-31, "
        "genre: 方案, disclosure: 主动公开, review: {reviewer: 某某, date: 2025-12-30}}\nstart: 2026-01-01\nend: 2026-12-30\n",
        encoding="utf-8",
    )
    path = root / ROSTER
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("end: 2026-12-31", "end: 2027-01-05")
        .replace("title: 2026年县级领导接访安排\nmeta", "title: 2026年县级领导接访安排\ncampaign: month\nmeta"),
        encoding="utf-8",
    )
    codes = [(p.code, p.severity) for p in check_content(root, dt.date(2026, 11, 22))]
    assert ("calendar-unconfirmed", "warning") in codes
    assert codes.count(("roster-outside-campaign", "error")) == 2  # one per rule, not one per day


def test_calendars_parse_with_two_parsers_and_are_at_plus_eight(example_site: Path) -> None:
    import icalendar
    import vobject

    files = sorted((example_site / "calendar").glob("*.ics"))
    assert [f.name for f in files] == ["all.ics", "level-township.ics", "place-qingyang-center.ics"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        events = icalendar.Calendar.from_ical(text).walk("VEVENT")
        assert events
        for event in events:
            start = event.decoded("dtstart")
            assert start.utcoffset() == dt.timedelta(hours=8), (path.name, start)
            assert str(event["dtstart"].params["TZID"]) == "Asia/Shanghai"
        parsed = vobject.readOne(text)
        starts = [e.dtstart.value for e in parsed.vevent_list]
        assert len(starts) == len(events)
        assert all(s.utcoffset() == dt.timedelta(hours=8) for s in starts)
        assert len({e.uid.value for e in parsed.vevent_list}) == len(starts)
    all_events = icalendar.Calendar.from_ical((example_site / "calendar/all.ics").read_bytes()).walk("VEVENT")
    assert len(all_events) == 26


def test_uids_are_stable_and_sequence_rises_on_adjustment(tmp_path: Path) -> None:
    import icalendar

    from generator.opendata.ical import reception_calendars

    tail = "adjustments:\n  - {date: 2026-01-05, action: swap, person: shuji, substitute: fushuji, announced: 2025-12-31}\n"
    before = icalendar.Calendar.from_ical(reception_calendars(site_of(HENGNAN))["calendar/all.ics"])
    after = icalendar.Calendar.from_ical(reception_calendars(site_of(project(tmp_path, tail)))["calendar/all.ics"])
    by_uid = {str(e["uid"]): e for e in before.walk("VEVENT")}
    changed = [e for e in after.walk("VEVENT") if int(e["sequence"]) > 0]
    assert len(changed) == 1
    old = by_uid[str(changed[0]["uid"])]
    assert "甲书记" in str(old["summary"]) and "丙副书记" in str(changed[0]["summary"])
    assert {str(e["uid"]) for e in before.walk("VEVENT")} == {str(e["uid"]) for e in after.walk("VEVENT")}


def _three_a_day(tmp_path: Path, start: str, end: str) -> Path:
    """The 衡南 roster with three receptions every working day, from ``start`` to ``end``."""
    extra = """  - kind: daily
    people: [fushuji, changwu]
    place: xinfang-ju
    time: 14:30-17:30
  - kind: daily
    people: [xianzhang]
    place: xinfang-ju
    time: 19:00-20:30
    type: 视频接访
"""
    text = (HENGNAN / ROSTER).read_text(encoding="utf-8")
    text = text.replace(
        "  - kind: weekday\n    weekday: 1\n    people: [shuji, xianzhang, fushuji, changwu]\n    place: xinfang-ju\n    time: 14:30-17:30\n",
        extra,
    ).replace("start: 2026-01-01\nend: 2026-12-31\n", f"start: {start}\nend: {end}\n")
    return project(tmp_path, roster=text)


def test_week_posters_are_one_a4_page_for_three_receptions_a_day(tmp_path: Path) -> None:
    import io

    import pypdf

    from generator.build import prepare_site

    # Eight ISO weeks around 春节 (W05–W12); its week (2/16–2/22) has no working day, so no poster.
    rendered, _ = prepare_site(_three_a_day(tmp_path, "2026-01-26", "2026-03-22"), dt.date(2026, 3, 2))
    posters = {path: pdf for path, pdf in rendered.files.items() if path.endswith("poster.pdf")}
    assert sorted(posters) == [f"jiefang/week/2026-W{n:02}/poster.pdf" for n in (5, 6, 7, 9, 10, 11, 12)]
    week = rendered.files["jiefang/week/2026-W10/poster.pdf"]
    reader = pypdf.PdfReader(io.BytesIO(week))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = reader.pages[0].extract_text()
    assert text.count("视频接访") == 0 and "丙副书记" in text  # type is not a poster column; names are
    assert "3月2日" in text and "3月02日" not in text  # M月D日, as on the pages (cn.cn_month_day)
    sizes = [size for piece, size in _text_sizes(week).items() if piece in ("丙副书记", "乙县长", "丁常务")]
    assert sizes and min(sizes) >= 14  # fifteen receptions, still 14 pt for a notice board
    assert all(len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1 for pdf in posters.values())


def test_schedule_views_today_days_and_open_data(tmp_path: Path) -> None:
    import json

    from generator.build import prepare_site

    rendered, _ = prepare_site(_three_a_day(tmp_path, "2026-03-01", "2026-03-31"), dt.date(2026, 3, 2))
    pages = {page.src_uri: page for page in rendered.pages}
    hub = pages["jiefang.md"].context
    assert [d.date for d in hub["upcoming"]][:3] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert len(hub["upcoming"][0].rows) == 3
    day = rendered.files["jiefang/day/2026-03-02/gonggao.txt"].decode("utf-8")
    assert day.splitlines()[:2] == ["【某某镇领导接访公告】", "2026年3月2日（星期一）"]
    assert "视频接访" in day
    rows = json.loads(rendered.files["data/receptions.json"])
    schema = json.loads(rendered.files["data/receptions.schema.json"])
    header = rendered.files["data/receptions.csv"].decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [f["name"] for f in schema["fields"]] == list(rows[0])
    assert len(rows) == 22 * 3  # March 2026: 22 weekdays, no public holiday


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["hengnan", "quzhou"])
def test_fixture_schedules_match_golden(fixture: str, update_golden: bool) -> None:
    from generator.build import prepare_site

    rendered, problems = prepare_site(REPO / "tests/fixtures" / fixture, dt.date(2026, 11, 22))
    assert [p for p in problems if p.severity == "error"] == []
    golden = REPO / f"tests/golden/{fixture}-receptions.csv"
    actual = rendered.files["data/receptions.csv"]
    if update_golden:
        golden.write_bytes(actual)
    assert actual == golden.read_bytes(), f"{golden.name} differs; rerun with --update-golden and review"


@pytest.mark.slow
def test_adjustments_and_backups_are_published(tmp_path: Path) -> None:
    import icalendar

    from generator.build import prepare_site

    tail = """adjustments:
  - {date: 2026-01-06, action: cancel, person: fuxian-c, announced: 2026-01-05, reason: 改为带案下访}
  - {date: 2026-01-06, action: add, person: fuxian-a, place: xinfang-ju, time: 08:30-12:00, announced: 2026-01-05}
  - {date: 2026-01-05, action: swap, person: shuji, substitute: fushuji, announced: 2025-12-31, reason: 因公出差}
"""
    text = (
        (HENGNAN / ROSTER)
        .read_text(encoding="utf-8")
        .replace(
            "    people: [fuxian-a, fuxian-b, fuxian-c]\n",
            "    people: [fuxian-a, fuxian-b, fuxian-c]\n    backups: [changwu]\n",
        )
    )
    rendered, problems = prepare_site(project(tmp_path, tail, roster=text), dt.date(2026, 1, 1))
    assert [p.code for p in problems] == []
    day = rendered.files["jiefang/day/2026-01-06/gonggao.txt"].decode("utf-8")
    assert "庚副县长（副县长；教育、卫健）  定点接访（已取消）" in day
    csv_text = rendered.files["data/receptions.csv"].decode("utf-8-sig")
    assert (
        "2026-01-06,星期二,08:30-12:00,庚副县长,副县长,教育、卫健,县信访局接待大厅,某县某路1号,定点接访,县级,已取消,1月5日调整：取消（改为带案下访）"
        in csv_text
    )
    assert ",有效,12月31日调整：由丙副书记代替甲书记（因公出差）" in csv_text
    assert "B岗：丁常务" in csv_text
    import json

    rows = json.loads(rendered.files["data/receptions.json"])  # the B岗 as a column of its own, for programs
    daily = [r for r in rows if r["time"] == "08:30-12:00" and r["status"] == "有效"]
    assert daily and all(r["backup"] == "丁常务" for r in daily if r["date"] != "2026-01-06")
    assert [r["backup"] for r in rows if r["status"] == "已取消"] == [""]  # no B岗 for a reception that is off
    assert csv_text.splitlines()[0].endswith(",status,note,backup")
    events = icalendar.Calendar.from_ical(rendered.files["calendar/all.ics"]).walk("VEVENT")
    assert any("B岗：丁常务" in str(e["description"]) for e in events)
    # and for readers: the 接访公告 text, the day and week pages (table and cards), the roster page
    assert "B岗：丁常务" in rendered.files["jiefang/day/2026-01-07/gonggao.txt"].decode("utf-8")
    pages = {page.src_uri: page for page in rendered.pages}
    assert any("B岗：丁常务" in row.note for row in pages["jiefang/week/2026-W02.md"].context["rows"])
    roster_page = next(page for page in rendered.pages if page.src_uri.endswith("county-2026.md"))
    assert roster_page.markdown.count("B岗：丁常务") >= 2  # its table row and its card
    import io

    import pypdf

    poster = pypdf.PdfReader(io.BytesIO(rendered.files["jiefang/week/2026-W02/poster.pdf"])).pages[0].extract_text()
    assert "B岗：丁常务" in poster.replace("\n", "")
    cancelled = [e for e in events if str(e["status"]) == "CANCELLED"]
    assert len(cancelled) == 1 and int(cancelled[0]["sequence"]) == 1


def test_a_reception_note_reaches_every_output(tmp_path: Path) -> None:
    """The editor's 备注（对外公开） of a reception is in every output that shows the reception."""
    import icalendar

    from generator.build import prepare_site

    note = "请从东门进入，可预约手语翻译"
    tail = f"receptions:\n  - {{date: 2026-03-07, person: shuji, place: xinfang-ju, time: 09:00-11:00, type: 约访, on_holiday: true, note: {note}}}\n"
    rendered, problems = prepare_site(project(tmp_path, tail), dt.date(2026, 3, 2))
    assert [p for p in problems if p.severity == "error"] == []
    files = rendered.files
    texts = {
        path: files[path].decode("utf-8-sig")
        for path in (
            "data/receptions.csv",
            "data/receptions.json",
            "jiefang/day/2026-03-07/gonggao.txt",
            next(path for path in files if path.endswith("/receptions.csv") and not path.startswith("data/")),
        )
    }
    for path, text in texts.items():
        assert note in text, path
    calendars = [path for path in files if path.endswith(".ics")]
    assert len(calendars) >= 3
    for path in calendars:
        events = icalendar.Calendar.from_ical(files[path]).walk("VEVENT")
        on_the_day = [e for e in events if e.decoded("dtstart").date() == dt.date(2026, 3, 7)]
        if on_the_day:
            assert any(note in str(e["description"]) for e in on_the_day), path
    pages = {page.src_uri: page for page in rendered.pages}
    assert any(note in row.note for row in pages["jiefang/day/2026-03-07.md"].context["rows"])
    assert any(note in row.note for row in pages["jiefang/week/2026-W10.md"].context["rows"])
    roster_page = next(page for page in rendered.pages if page.src_uri.endswith("county-2026.md"))
    assert note in roster_page.markdown
    import io

    import pypdf

    poster = pypdf.PdfReader(io.BytesIO(files["jiefang/week/2026-W10/poster.pdf"]))
    assert note in "".join(poster.pages[0].extract_text().split())
    from generator.gongwen.notice import roster_table

    roster = next(item for item in rendered.site.items if item.kind == "roster").document.model
    header, rows = roster_table(rendered.site, roster)  # the 安排表 a 公文 prints
    assert header[-1] == "备注" and any(row[-1] == note for row in rows)


def _text_sizes(pdf: bytes) -> dict[str, float]:
    """Each piece of text on the first page with its size in points (font size × the text matrix's scale)."""
    import io

    import pypdf

    sizes: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes[text.strip()] = round(size * scale, 1)

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return sizes


def test_a_poster_fills_the_page_in_large_type_and_names_the_weeks_holidays(example_site: Path) -> None:
    """The 国庆 week: three receptions set large, and a line for the days off and the 调休 Saturday after it."""
    import io

    import pypdf

    week40 = (example_site / "jiefang/week/2024-W40/poster.pdf").read_bytes()
    week41 = (example_site / "jiefang/week/2024-W41/poster.pdf").read_bytes()
    for pdf in (week40, week41):
        assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    text40 = pypdf.PdfReader(io.BytesIO(week40)).pages[0].extract_text()
    text41 = pypdf.PdfReader(io.BytesIO(week41)).pages[0].extract_text()
    assert "本周10月1日—10月6日国庆节放假。" in text40
    assert "本周10月7日调休放假；10月12日（星期六）调休上班。" in text41
    assert "扫码看最新安排" in text41  # beside the QR code of the reception hub (below)
    names = {"周九", "张三", "李四", "王五", "赵六", "钱七", "孙八"}
    for pdf, least in ((week40, 20), (week41, 14)):  # three receptions large; seven at 14 pt at least
        sizes = {text: size for text, size in _text_sizes(pdf).items() if text in names}
        assert sizes and min(sizes.values()) >= least, sizes


def test_the_posters_qr_code_points_at_the_reception_hub() -> None:
    import segno

    from generator.fonts import choose_fonts
    from generator.gongwen.poster import poster_job

    hub = "https://example.org/t/jiefang/"
    job = poster_job("某镇", "电话", "某镇领导接访安排", "一周", [], choose_fonts(), hub_url=hub)
    assert segno.make(hub, error="m").svg_data_uri(scale=4, border=2) in job.variants[0]
    assert "data:image/svg+xml" not in poster_job("某镇", "电话", "标题", "一周", [], choose_fonts()).variants[0]


def test_cases_taken_in_charge_are_published_as_counts(tmp_path: Path) -> None:
    """领导包案: each leader's cases taken and resolved, on the roster page and as CSV; never more resolved than taken."""
    from generator.build import check_content, prepare_site

    tail = "cases:\n  - {person: shuji, taken: 5, resolved: 3}\n  - {person: xianzhang, taken: 4, resolved: 4}\n"
    rendered, problems = prepare_site(project(tmp_path, tail), dt.date(2026, 11, 22))
    assert [p for p in problems if p.severity == "error"] == []
    page = next(p for p in rendered.pages if p.src_uri.endswith("county-2026.md")).markdown
    assert "## 领导包案" in page and "| 甲书记 | 县委书记 | 5 | 3 |" in page
    (csv_path,) = [path for path in rendered.files if path.endswith("/cases.csv")]
    assert rendered.files[csv_path].decode("utf-8-sig").splitlines()[:2] == [
        "姓名,职务,包案件数,已化解件数",
        "甲书记,县委书记,5,3",
    ]
    for n, (wrong, code) in enumerate(
        (
            ("{person: shuji, taken: 2, resolved: 3}", "case-counts"),
            ("{person: nobody, taken: 1, resolved: 0}", "unknown-person"),
        )
    ):
        found = check_content(project(tmp_path / str(n), f"cases:\n  - {wrong}\n"), dt.date(2026, 11, 22))
        assert [(p.path, p.line, p.code) for p in found if p.severity == "error"] == [(ROSTER, 24, code)]
