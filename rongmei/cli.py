"""`rongmei` 命令行入口。

不需要数据库的子命令（proof、contract、fakeplatform）直接调用纯 Python 核心，不启动 Django；
其余子命令交给 Django 管理命令（serve、demo、user、backup、restore、migrate …）。
"""

from __future__ import annotations

import os
import sys

PURE = {
    "proof": ("rongmei.engines.proofing.cli", "main"),
    "contract": ("rongmei.engines.kpi.cli", "main"),
    "fakeplatform": ("rongmei.engines.platforms.fakeserver.cli", "main"),
}
# 两个词的纯核心命令（同一个首词的其他子命令仍交给 Django，例如 `rongmei inbox import`）
PURE_PAIRS = {
    ("inbox", "classify"): ("rongmei.engines.textclass.cli", "classify_main"),
    ("opinion", "sentiment"): ("rongmei.engines.textclass.cli", "sentiment_main"),
    ("opinion", "match"): ("rongmei.engines.topics.cli", "main"),
    ("sla", "due"): ("rongmei.engines.sla", "main"),
}

HELP = """用法：rongmei <命令> [参数]

常用命令：
  serve                 启动 Web 服务与后台 worker（默认 http://127.0.0.1:8000，PORT 可改）
  setup                 迁移数据库、收集静态文件
  demo                  载入演示工作区与演示账号（可重复执行）
  user create           创建用户
  backup / restore      备份 / 恢复（数据库一致性快照 + 媒体文件）
  proof FILE...         AI 审校（.txt/.docx/.md/.html），不需要数据库
  contract evaluate     按合同模板与事实数据计算考核得分，不需要数据库
  fakeplatform          启动本地仿真平台服务器（测试发布适配器）
  inbox classify FILE   留言分类（咨询/建议/投诉/日常互动/舆情风险、情感、紧急），不需要数据库
  opinion sentiment FILE  情感判断（负面/中性/正面），不需要数据库
  opinion match --topic EXPR FILE  按专题表达式筛选行，不需要数据库
  sla due --received T --within 1wd  按法定工作日（含调休）计算答复期限，不需要数据库
  inspect --workspace SLUG  按国家政务新媒体检查指标自查
  其他 Django 管理命令（migrate、createsuperuser、shell …）同样可用。
"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(HELP)
        return 0
    command = argv[0]
    pair = tuple(argv[:2])
    if command in PURE or pair in PURE_PAIRS:
        # 函数内导入：纯核心命令不加载 Django：按命令表导入对应模块
        from importlib import import_module

        module, func = PURE[command] if command in PURE else PURE_PAIRS[pair]
        rest = argv[1:] if command in PURE else argv[2:]
        return int(getattr(import_module(module), func)(rest) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings")
    # 函数内导入：先设好 DJANGO_SETTINGS_MODULE 再导入 Django
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rongmei", *argv])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
