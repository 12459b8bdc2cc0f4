"""互动的演示数据：各演示账号下的网友评论、私信与留言（含逾期的）、处室与联络人、答复口径、已答复与转处室的例子。

时间相对“现在”（clock.now()）生成，收件箱里的计时才有意义；按平台消息 ID 去重，``rongmei demo`` 可重复运行。
"""

from __future__ import annotations

import datetime as dt

from rongmei.core import clock
from rongmei.core.demo import register
from rongmei.engines.platforms.models import Incoming
from rongmei.workspaces.models import OfficialAccount

from . import services
from .choices import MessageSource, ReplyState
from .models import Department, Message, ReplyTemplate

DEPARTMENTS = {
    "bj-planning": ["详细规划处", "用地规划处", "不动产登记事务中心", "信访办公室"],
    "nmg-dpf": ["康复部", "教育就业部", "维权部（信访办）", "办公室"],
    "anyuan-jobs": ["就业服务股", "社会保险股", "职业技能培训股"],
}

TEMPLATES = {
    "bj-planning": [
        ("不动产登记办理指引", "consult", "不动产登记",
         "{昵称}您好！不动产登记可通过“北京市不动产登记”微信小程序或各区登记大厅办理，所需材料以官网公布清单为准。感谢您对{账号}的关注！"),
        ("规划公示意见征集", "suggest", "规划公示",
         "{昵称}您好，感谢您的意见建议！您的意见我们已转交{处室}研究，公示期内的意见都会认真梳理。"),
        ("转处室答复转达", "", "转达",
         "{昵称}您好，经与{处室}核实：{答复} 如有疑问欢迎继续留言。"),
    ],
    "nmg-dpf": [
        ("残疾人证办理", "consult", "残疾人证",
         "{昵称}您好！办理残疾人证请携带身份证、户口簿和近期免冠照片，到户籍所在地旗县区残联申请，评定后约 20 个工作日发证。"),
        ("两项补贴咨询", "consult", "两项补贴",
         "{昵称}您好，困难残疾人生活补贴和重度残疾人护理补贴由户籍所在地苏木乡镇（街道）受理，具体标准以当地公布为准。"),
        ("投诉受理回复", "complain", "投诉",
         "{昵称}您好，您反映的情况我们已收到并转{处室}核实处理，处理结果会在这里回复您，感谢监督！"),
    ],
    "anyuan-jobs": [
        ("灵活就业社保补贴", "consult", "社保补贴",
         "{昵称}您好！灵活就业社保补贴可在“赣服通”或安源区就业创业服务中心窗口申请，需提供身份证和缴费凭证。"),
        ("招聘会信息", "consult", "招聘会",
         "{昵称}您好，近期招聘会信息请关注本号每周五发布的《就业周报》，也可拨打中心电话咨询。"),
        ("感谢支持", "chat", "互动",
         "感谢{昵称}的支持！欢迎持续关注{账号}。"),
    ],
}

# (平台, 多少分钟前, 昵称, 内容, 类型)
MESSAGES = {
    "bj-planning": [
        ("wechat", 35, "西城居民老刘", "请问二手房过户后多久能拿到不动产权证？需要本人到场吗？", "comment"),
        ("wechat", 180, "规划爱好者", "建议在副中心公示图里标一下学校和医院的位置，看不太清楚", "comment"),
        ("weibo", 50, "通州小王", "回龙观那块地的控规什么时候公示？我们小区业主都很关心", "comment"),
        ("weibo", 60 * 30, "愤怒的业主", "小区旁边违建拆了半年还没人管，打了多少次电话都没人理，再不解决我们就去信访！", "comment"),
        ("wechat", 60 * 52, "张女士", "请问不动产登记现在能网上预约吗？", "private"),
        ("toutiao", 60 * 4, "北京通", "这个规划很好，支持！", "comment"),
        ("wechat", 60 * 75, "海淀刘先生", "请问不动产登记网上预约怎么操作？", "comment"),
        ("weibo", 60 * 20, "市民赵", "紧急！工地夜间施工噪音太大，孩子明天高考，请尽快处理", "comment"),
        ("baijiahao", 60 * 6, "热心网友", "请问规划公示的意见在哪里提交？", "comment"),
    ],
    "nmg-dpf": [
        ("wechat", 20, "呼市王大姐", "请问残疾人证到期了怎么换证？要重新评定吗？", "comment"),
        ("douyin", 90, "草原上的风", "给残联的工作人员点赞！上次办证很顺利", "comment"),
        ("douyin", 60 * 28, "包头李先生", "我家孩子的康复补贴申请了三个月还没批下来，到底找谁？", "comment"),
        ("kuaishou", 60 * 3, "赤峰小张", "请问残疾人证怎么办理？需要带什么材料", "comment"),
        ("wechat", 60 * 50, "鄂尔多斯网友", "请问两项补贴的标准是多少？在哪里申请？", "private"),
        ("channels", 60 * 8, "轮椅上的阳光", "建议公共场所多设一些无障碍卫生间，现在很多商场都没有", "comment"),
        ("wechat", 60 * 80, "乌海市民", "请问残疾人证怎么办理，要带哪些材料？", "comment"),
        ("douyin", 60 * 5, "维权者", "残联不作为！我要投诉到12345，已经联系了记者", "comment"),
    ],
    "anyuan-jobs": [
        ("douyin", 15, "萍乡小李", "请问灵活就业社保补贴怎么申请？需要什么材料？", "comment"),
        ("douyin", 120, "求职中的阿强", "下周有没有招聘会？想找个仓管的工作", "comment"),
        ("douyin", 60 * 27, "宝妈小陈", "上次报名的育婴师培训什么时候开班？一直没人通知", "comment"),
        ("channels", 60 * 7, "安源老乡", "视频拍得好，支持家乡就业！", "comment"),
        ("douyin", 60 * 49, "应届生小刘", "请问灵活就业社保补贴怎么申请，在哪办？", "lead"),
        ("douyin", 60 * 4, "打工人", "投诉某某公司拖欠工资三个月，求帮助", "private"),
        ("channels", 60 * 60, "萍乡网友", "建议多发一些技能培训的报名信息", "comment"),
    ],
}


def _seed_workspace(ws, users: dict, prefix: str) -> None:
    services.sla_seed(workspace=ws)
    services.departments_seed(workspace=ws)
    for order, name in enumerate(DEPARTMENTS.get(ws.slug, []), start=1):
        Department.objects.get_or_create(workspace=ws, name=name, defaults={"order": order})
    contact = users.get(f"{prefix}-department")
    first = Department.objects.filter(workspace=ws, name__in=DEPARTMENTS.get(ws.slug, [])).order_by("order").first()
    if contact is not None and first is not None:
        first.contacts.add(contact)
    for title, category, topic, text in TEMPLATES.get(ws.slug, []):
        if not ReplyTemplate.objects.filter(workspace=ws, title=title).exists():
            services.template_save(actor=None, workspace=ws, title=title, text=text, category=category, topic=topic)


def _receive(ws, rows) -> list[Message]:
    now = clock.now()
    made = []
    for n, (platform, minutes, author, text, kind) in enumerate(rows, start=1):
        account = OfficialAccount.objects.filter(workspace=ws, platform__code=platform).first()
        if account is None:
            continue
        inc = Incoming(external_id=f"demo-{ws.slug}-{n}", kind=kind, text=text, author=author,
                       author_id=f"demo-user-{n}", created_at=now - dt.timedelta(minutes=minutes))
        made += services.receive_messages(workspace=ws, account=account, incoming=[inc],
                                          source=MessageSource.DEMO).created
    return made


def _walk(ws, users: dict, prefix: str, made: list[Message]) -> None:
    """让几条新消息走完流程：一条已答复（人工发送），一条转处室（已逾期），一条等待审核，一条等待群众补充。"""
    if len(made) < 5:
        return
    editor = users.get(f"{prefix}-support") or users.get(f"{prefix}-editor")
    manager = users.get(f"{prefix}-manager")
    tpl = ReplyTemplate.objects.filter(workspace=ws, category="consult").first()
    answered = made[0]
    if tpl and editor and manager:
        services.message_assign(actor=None, message=answered, assignee=editor)
        reply = services.reply_create(actor=editor, message=answered, text=services.fill_template(tpl, answered),
                                      template=tpl)
        services.reply_decide(actor=manager, reply=reply, approve=True)
        reply.refresh_from_db()
        if reply.state == ReplyState.APPROVED:
            services.reply_mark_manual(actor=editor, reply=reply)
    dept = Department.objects.filter(workspace=ws, contacts__isnull=False).first() or \
        Department.objects.filter(workspace=ws).first()
    if dept and editor:
        routed = min(made[2:4], key=lambda m: m.received_at)  # 较早收到的一条，演示“处室已逾期”
        services.message_route(actor=editor, message=routed, department=dept)
        # 转交时间放到收到后 20 分钟（不能早于群众留言的时间）
        earlier = routed.received_at + dt.timedelta(minutes=20)
        c = services.timing.clock_for(ws, "")
        Message.objects.filter(pk=routed.pk).update(department_asked_at=earlier,
                                                    department_due_at=c.due(earlier, c.department_within))
    if editor:
        waiting = made[1]
        services.reply_create(actor=editor, message=waiting, text="您好，您的建议已收到，我们会转交相关部门研究，谢谢！")
        services.message_set_state(actor=editor, message=made[4], state="waiting_citizen",
                                   note="请网友补充所在小区和联系方式")


@register(80, "互动收件箱")
def load(workspaces: dict, users: dict) -> None:
    prefixes = {"bj-planning": "bj", "nmg-dpf": "nm", "anyuan-jobs": "ay"}
    for slug, rows in MESSAGES.items():
        ws = workspaces.get(slug)
        if ws is None:
            continue
        prefix = prefixes[slug]
        _seed_workspace(ws, users, prefix)
        made = _receive(ws, rows)
        _walk(ws, users, prefix, made)
