import subprocess
import sys
from pathlib import Path

import pytest

from rongmei.engines.exports import parse_export
from rongmei.engines.exports.samples import make_samples

SAMPLES = Path(make_samples.__file__).parent
REPO = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize(
    ("name", "layout", "rows"),
    [
        ("user_analysis.xls", "wechat_user_growth", 31),
        ("数据趋势_2026-10-01-2026-10-31.xlsx", "toutiao_trend", 31),
        ("抖音作品数据_2026-10.csv", "douyin_works", 6),
        ("融媒通用导入模板.xlsx", "rongmei_generic", 2),
    ],
)
def test_shipped_samples_import(name, layout, rows):
    result = parse_export(SAMPLES / name)
    assert (result.layout.key, result.data_rows) == (layout, rows)


def test_sample_generator_writes_the_same_files(tmp_path, monkeypatch):
    monkeypatch.setattr(make_samples, "HERE", tmp_path)
    written = make_samples.main()
    assert [p.name for p in written] == [
        "user_analysis.xls", "数据趋势_2026-10-01-2026-10-31.xlsx", "抖音作品数据_2026-10.csv", "融媒通用导入模板.xlsx"]
    for path in written:
        assert parse_export(path).rows == parse_export(SAMPLES / path.name).rows


def test_imports_without_django():
    code = ("import sys; sys.modules['django'] = None\n"
            "import rongmei.engines.exports as e\n"
            "assert e.parse_export and e.detect_layout\n"
            "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules if sys.modules[m])\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
