import datetime as dt

import pytest

from rongmei.engines import workdays
from rongmei.workcal import services

D = dt.date


@pytest.mark.parametrize(
    ("day", "workday", "label"),
    [
        (D(2025, 10, 1), False, "国庆节"),
        (D(2025, 9, 28), True, "国庆节调休上班"),   # 周日调休上班
        (D(2025, 10, 11), True, "国庆节调休上班"),  # 周六调休上班
        (D(2025, 10, 9), True, None),
        (D(2026, 2, 17), False, "春节"),
        (D(2025, 5, 17), False, None),              # 普通周六
    ],
)
def test_statutory_holidays_and_makeup_days(day, workday, label):
    assert workdays.is_workday(day) is workday
    assert workdays.holiday_name(day) == label


def test_workday_arithmetic_across_national_day():
    assert workdays.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert workdays.add_workdays(D(2025, 10, 9), -1) == D(2025, 9, 30)
    assert workdays.workdays_between(D(2025, 10, 1), D(2025, 10, 12)) == 3  # 9、10、11（调休）日
    assert workdays.add_workdays(D(2025, 10, 4), 0) == D(2025, 10, 9)


def test_uncovered_year_is_reported_not_guessed():
    first, last = workdays.covered_years()
    with pytest.raises(workdays.CalendarCoverageError, match=f"{last + 1} 年的法定节假日安排尚未收录"):
        workdays.is_workday(D(last + 1, 3, 3))


@pytest.mark.parametrize(
    ("year", "name", "date"),
    [(2025, "春节", D(2025, 1, 29)), (2025, "中秋节", D(2025, 10, 6)), (2025, "端午节", D(2025, 5, 31)),
     (2025, "元宵节", D(2025, 2, 12)), (2025, "七夕节", D(2025, 8, 29)), (2025, "重阳节", D(2025, 10, 29)),
     (2024, "除夕", D(2024, 2, 9)), (2030, "中秋节", D(2030, 9, 12))],
)
def test_lunar_festivals_are_computed(year, name, date):
    assert {k.name: k.date for k in workdays.lunar_festivals(year)}[name] == date


def test_theme_days_including_nth_weekday():
    days = {k.name: k.date for k in workdays.theme_days(2025)}
    assert days["全国助残日"] == D(2025, 5, 18)   # 5 月第三个星期日
    assert days["残疾预防日"] == D(2025, 8, 25)
    assert days["国际残疾人日"] == D(2025, 12, 3)
    assert days["测绘法宣传日"] == D(2025, 8, 29)
    assert {k.name: k.date for k in workdays.theme_days(2026)}["全国助残日"] == D(2026, 5, 17)


def test_solar_terms():
    terms = {k.name: k.date for k in workdays.solar_terms(2025)}
    assert len(terms) == 24 and terms["清明"] == D(2025, 4, 4) and terms["冬至"] == D(2025, 12, 21)


def test_workspace_theme_days_are_editable(personas, workspace, client):
    client.force_login(personas["editor"])
    resp = client.post(f"/w/{workspace.slug}/calendar/theme-days/new/",
                       {"name": "坏日子", "month": 2, "day": 30, "is_active": "on"})
    assert "2 月没有 30 日" in resp.content.decode()
    client.post(f"/w/{workspace.slug}/calendar/theme-days/new/",
                {"name": "就业援助月", "month": 3, "weekday": 0, "nth": 1, "is_active": "on"})
    dates, warning = services.key_dates(workspace, 2025)
    assert warning is None
    assert any(k.name == "就业援助月" and k.date == D(2025, 3, 3) for k in dates)


def test_month_view_marks_workdays_and_key_dates(personas, workspace, client):
    client.force_login(personas["contributor"])
    html = client.get(f"/w/{workspace.slug}/calendar/?year=2025&month=10").content.decode()
    assert 'data-date="2025-10-11" data-workday="1"' in html
    assert 'data-date="2025-10-03" data-workday="0"' in html
    assert "中秋节" in html and "国庆节调休上班" in html


def test_month_view_of_uncovered_year_warns(personas, workspace, client):
    client.force_login(personas["editor"])
    year = workdays.covered_years()[1] + 1
    html = client.get(f"/w/{workspace.slug}/calendar/?year={year}&month=5").content.decode()
    assert "尚未收录" in html and "全国助残日" in html


def test_calendar_api(personas, workspace, client):
    client.force_login(personas["editor"])
    assert client.get("/api/workcal/workdays?start=2025-10-01&end=2025-10-12").json()["workdays"] == 3
    assert client.get("/api/workcal/add-workdays?start=2025-09-30&n=1").json()["result"] == "2025-10-09"
    resp = client.get("/api/workcal/day/2099-01-05")
    assert resp.status_code == 422 and "尚未收录" in resp.json()["detail"]
    data = client.get(f"/api/workcal/{workspace.slug}/year/2025").json()
    assert {"date": "2025-05-18", "name": "全国助残日", "kind": "theme"} in data["key_dates"]


def test_workdays_core_imports_without_django():
    import subprocess
    import sys

    code = "import sys; sys.modules['django'] = None; import rongmei.engines.workdays as w; print(w.is_workday.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("query", ["year=9999&month=12", "year=1&month=1", "date=9999-12-31", "date=0001-01-01",
                                   "date=9999-12-31&view=week", "date=0001-01-01&view=day"])
def test_calendar_at_the_ends_of_time_is_a_chinese_404_not_a_500(personas, workspace, client, query):
    """地址栏里手改的年份（公元 1 年、9999 年）曾让上一段/下一段的日期计算溢出，页面 500。"""
    client.force_login(personas["editor"])
    resp = client.get(f"/w/{workspace.slug}/calendar/?{query}")
    assert resp.status_code == 404
    assert "日历只能查看 1900–2200 年" in resp.content.decode()


@pytest.mark.parametrize("query", ["date=1900-01-01", "date=2200-12-31&view=week", "date=2200-12-31&view=day"])
def test_calendar_at_the_edges_of_its_range_still_draws(personas, workspace, client, query):
    client.force_login(personas["editor"])
    resp = client.get(f"/w/{workspace.slug}/calendar/?{query}")
    assert resp.status_code == 200 and 'data-testid="calendar"' in resp.content.decode()
