"""演示数据：三个依据源文件建模的工作区（可重复执行，不会重复创建）。

各应用可登记自己的演示数据加载函数（:func:`register`），在工作区与人员就绪后按顺序执行。
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from rongmei.core.choices import Role

DEMO_PASSWORD = "Rongmei@2026"


@functools.cache
def demo_password_hash() -> str:
    """演示密码的哈希，每个进程只算一次，所有演示账号共用（演示密码本来就公开）。"""
    from django.contrib.auth.hashers import make_password

    return make_password(DEMO_PASSWORD)
ADMIN_USERNAME = "admin"

_LOADERS: list[tuple[int, str, Callable]] = []


def register(order: int, name: str):
    """登记演示数据加载函数 fn(workspaces: dict[str, Workspace], users: dict[str, User])。"""

    def deco(fn):
        _LOADERS.append((order, name, fn))
        return fn

    return deco


@dataclass(frozen=True)
class DemoWorkspace:
    slug: str
    name: str
    client_name: str
    operator_name: str
    template: str
    start: dt.date
    end: dt.date
    region: str
    prefix: str
    accounts: list[tuple[str, str, str]]  # (platform, 名称, 主办单位)


WORKSPACES = [
    DemoWorkspace(
        "nmg-dpf", "内蒙古残联融媒体宣传 2025–2026", "内蒙古自治区残疾人联合会", "内蒙古广播电视台驻场融媒体工作组",
        "inner-mongolia-dpf-2025", dt.date(2025, 1, 1), dt.date(2026, 12, 31), "内蒙古自治区", "nm",
        [("wechat", "内蒙古残联", "内蒙古自治区残疾人联合会"), ("channels", "内蒙古残联", "内蒙古自治区残疾人联合会"),
         ("douyin", "内蒙古残联", "内蒙古自治区残疾人联合会"), ("kuaishou", "内蒙古残联", "内蒙古自治区残疾人联合会")],
    ),
    DemoWorkspace(
        "bj-planning", "北京规自委新媒体运维 2023–2024", "北京市规划和自然资源委员会", "某融媒体技术服务公司",
        "beijing-planning-2023", dt.date(2023, 7, 1), dt.date(2024, 6, 30), "北京市", "bj",
        [("wechat", "北京规划自然资源", "北京市规划和自然资源委员会"), ("weibo", "北京规划自然资源", "北京市规划和自然资源委员会"),
         ("toutiao", "北京规划自然资源", "北京市规划和自然资源委员会"), ("beijinghao", "北京规划自然资源", "北京市规划和自然资源委员会"),
         ("baijiahao", "北京规划自然资源", "北京市规划和自然资源委员会"), ("website", "北京市规划和自然资源委员会门户网站", "北京市规划和自然资源委员会")],
    ),
    DemoWorkspace(
        "anyuan-jobs", "安源区就业之家线上推广运营 2025", "萍乡市安源区就业创业服务中心", "某传媒公司运营团队",
        "anyuan-employment", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "江西省萍乡市安源区", "ay",
        [("douyin", "安源区就业之家", "萍乡市安源区就业创业服务中心"), ("channels", "安源区就业之家", "萍乡市安源区就业创业服务中心")],
    ),
]

# 每个角色一个演示人员：(角色, 姓, 名后缀)
PEOPLE = [
    (Role.MANAGER, "张", "组长"), (Role.EDITOR, "王", "编辑"), (Role.REVIEWER, "李", "审核"),
    (Role.ANALYST, "赵", "数据"), (Role.DESIGNER, "陈", "设计"), (Role.VIDEO, "刘", "剪辑"),
    (Role.SUPPORT, "杨", "客服"), (Role.TECH, "黄", "运维"), (Role.CLIENT_OFFICER, "周", "联络"),
    (Role.CLIENT_LEADER, "吴", "主任"), (Role.CONTRIBUTOR, "徐", "供稿"), (Role.EXPERT, "孙", "专家"),
    (Role.DEPARTMENT, "郑", "处室"), (Role.APPLICANT, "冯", "申报"), (Role.REGIONAL, "钱", "地区"),
]
PERSONA_NAMES = {
    Role.MANAGER: "组长老张", Role.EDITOR: "编辑小王", Role.REVIEWER: "审核员老李", Role.ANALYST: "数据分析小赵",
    Role.DESIGNER: "设计师小陈", Role.VIDEO: "剪辑师小刘", Role.SUPPORT: "客服小杨", Role.TECH: "运维小黄",
    Role.CLIENT_OFFICER: "甲方联络人周科长", Role.CLIENT_LEADER: "甲方领导吴主任", Role.CONTRIBUTOR: "基层供稿员小徐",
    Role.EXPERT: "评审专家孙教授", Role.DEPARTMENT: "处室联络人郑处",
    Role.APPLICANT: "申报单位联系人小冯", Role.REGIONAL: "地区主管部门钱科长",
}


def demo_username(prefix: str, role: str) -> str:
    return f"{prefix}-{role.replace('_', '-')}"


@transaction.atomic
def load_demo(stdout=None) -> dict:
    """按登记顺序执行全部加载函数。基础数据（管理员、三个工作区、账号矩阵、每个角色一名人员）由
    rongmei.workspaces 登记为第 0 步（见 workspaces/demo.py），它把建好的工作区与人员填进两个字典。"""
    workspaces: dict = {}
    users: dict = {}
    for _order, _name, fn in sorted(_LOADERS, key=lambda x: x[0]):
        fn(workspaces, users)
    return {"workspaces": workspaces, "users": users}


def demo_logins() -> list[tuple[str, str, str]]:
    rows = [("系统管理员", ADMIN_USERNAME, "全部工作区")]
    for spec in WORKSPACES:
        for role, _s, _x in PEOPLE:
            rows.append((f"{PERSONA_NAMES[role]}（{Role(role).label}）", demo_username(spec.prefix, role), spec.name))
    return rows
