from __future__ import annotations

from django import forms

from rongmei.core.inputs import DateInput, DateTimeInput
from rongmei.core.links import WebURLField
from rongmei.engines.exports import LAYOUTS

from .choices import ENTERABLE, PromotionObjective, PromotionProduct


class ImportForm(forms.Form):
    account = forms.ModelChoiceField(label="账号", queryset=None, empty_label="请选择账号")
    layout = forms.ChoiceField(label="文件格式", required=False,
                               choices=[("", "自动识别（按表头）")] + [(k, v.label) for k, v in LAYOUTS.items()])
    file = forms.FileField(label="导出文件", help_text="平台后台导出的 .xlsx / .xls（含网页表格 .xls）/ .csv，"
                                                      "或“融媒通用导入模板”")

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class EntryForm(forms.Form):
    account = forms.ModelChoiceField(label="账号", queryset=None, empty_label="请选择账号")
    date = forms.DateField(label="日期", widget=DateInput())
    name = forms.ChoiceField(label="指标", choices=list(ENTERABLE.items()))
    value = forms.FloatField(label="数值", min_value=0)
    channel = forms.CharField(label="来源渠道", required=False, max_length=60,
                              help_text="留空为账号合计；填写则为按来源渠道拆分的数（如“搜一搜”“名片分享”）")

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class LiveForm(forms.Form):
    account = forms.ModelChoiceField(label="账号", queryset=None, empty_label="请选择账号")
    title = forms.CharField(label="直播主题", max_length=200)
    started_at = forms.DateTimeField(label="开始时间", widget=DateTimeInput())
    minutes = forms.IntegerField(label="时长（分钟）", min_value=1)
    peak_viewers = forms.IntegerField(label="最高在线人数", min_value=0, initial=0)
    total_viewers = forms.IntegerField(label="累计观看人次", min_value=0, initial=0)

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts


class PeriodForm(forms.Form):
    start = forms.DateField(label="开始", required=False, widget=DateInput())
    end = forms.DateField(label="结束", required=False, widget=DateInput())


class PromotionForm(forms.Form):
    account = forms.ModelChoiceField(label="推广账号", queryset=None, empty_label="请选择账号")
    product = forms.ChoiceField(label="推广产品", choices=[("", "请选择推广产品"), *PromotionProduct.choices])
    order_no = forms.CharField(label="订单号", required=False, max_length=80,
                               help_text="平台后台的订单号；填写后再次导入同一订单只会更新结果，不会重复计")
    content_item = forms.ModelChoiceField(label="推广的稿件", queryset=None, required=False,
                                          empty_label="（不关联稿件）")
    item_title = forms.CharField(label="推广作品", required=False, max_length=300,
                                 help_text="不关联稿件时填写作品标题")
    item_url = WebURLField(label="作品链接", required=False, max_length=500)
    ordered_at = forms.DateTimeField(label="下单时间", widget=DateTimeInput())
    objective = forms.ChoiceField(label="投放目标", choices=PromotionObjective.choices)
    budget = forms.DecimalField(label="投放金额（元）", min_value=0, max_digits=12, decimal_places=2, required=False)
    spend = forms.DecimalField(label="实际消耗（元）", min_value=0, max_digits=12, decimal_places=2)
    targeting = forms.CharField(label="定向说明", required=False, max_length=300,
                                help_text="如“系统智能推荐”“萍乡市 18–45 岁”")
    plays = forms.IntegerField(label="播放量", min_value=0, required=False, max_value=10**15)
    followers = forms.IntegerField(label="新增粉丝", min_value=0, required=False, max_value=10**15)
    home_visits = forms.IntegerField(label="主页浏览量", min_value=0, required=False, max_value=10**15)
    leads = forms.IntegerField(label="线索量", min_value=0, required=False, max_value=10**15)
    note = forms.CharField(label="备注", required=False, max_length=300)

    def __init__(self, *args, accounts=None, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
        self.fields["content_item"].queryset = items


class PromotionImportForm(forms.Form):
    account = forms.ModelChoiceField(label="推广账号", queryset=None, empty_label="请选择账号")
    product = forms.ChoiceField(label="推广产品", choices=[("", "请选择推广产品"), *PromotionProduct.choices],
                                help_text="表格里有“推广产品”列时以该列为准")
    file = forms.FileField(label="订单导出文件", help_text="DOU+ 订单管理、小程序投流报表导出的 .xlsx / .csv，"
                                                       "或下载的“投流订单导入模板”")

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
