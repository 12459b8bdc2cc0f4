import pytest

pytestmark = pytest.mark.django_db


def test_demo_loads_idempotently(platforms, settings, tmp_path):
    import rongmei.production.demo  # `rongmei demo` 命令自动导入各应用的 demo 模块
    import rongmei.publishing.demo  # noqa: F401
    from rongmei.core.demo import load_demo
    from rongmei.publishing.models import FrequencyRule, Publication

    load_demo()
    count = Publication.objects.count()
    load_demo()
    assert Publication.objects.count() == count
    assert FrequencyRule.objects.filter(workspace__slug="bj-planning", platform__code="wechat",
                                        workday_min=2, holiday_min=1).exists()
    published = Publication.objects.filter(state="published", workspace__slug="bj-planning")
    assert published.exists() and all(p.url for p in published)
    assert Publication.objects.filter(state="planned").exists()
