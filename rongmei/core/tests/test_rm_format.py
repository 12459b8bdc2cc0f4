from django.template import Context, Template


def render(src: str, **ctx) -> str:
    return Template("{% load rm_format %}" + src).render(Context(ctx))


def test_fmt_filter_uses_the_shared_formatter():
    assert render("{{ v|fmt:'ratio' }}", v=0.0613) == "6.1%"
    assert render("{{ v|fmt:u }}", v=1877180.0, u="条") == "187.72万条"
    assert render("{{ v|fmt }}", v=None) == "—"
    assert render("{{ v|fmt:'小时' }}", v=418.98) == "418.98小时"
    assert render("{{ v|fmt_digits:2 }}", v=3) == "3.00"
