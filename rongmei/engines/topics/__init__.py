"""监测专题的布尔表达式（纯核心，不依赖 Django）。

    from rongmei.engines.topics import compile_topic, TopicSyntaxError
    topic = compile_topic("(残疾人|残联) + 补贴 - 广告")
    topic.matches("市残联发布残疾人两项补贴新标准")   # True

语法（与商业舆情服务的写法一致）：

* ``AND`` / ``+`` / 空格：并且；``OR`` / ``|``：或者；``NOT`` / ``-``：排除（``A - B`` 即 A 并且不含 B）；
* 括号分组；``"带 空格 的短语"`` 按原样匹配；
* ``A NEAR/n B``：A 与 B 都出现，先后不限，二者之间最多隔 n 个字符；两边只能是词、短语或“或”组成的括号；
* 优先级从高到低：NOT > NEAR > AND > OR（``A | B + C`` 即 ``A | (B + C)``）；
* 关键字 AND OR NOT NEAR 须大写（小写按普通词处理）；
* 中文按子串匹配；拉丁字母不分大小写、全角半角一样，按整词匹配（``AI`` 不匹配 ``said``）；
* ``-`` 夹在两个字母或数字之间时是连字符（``COVID-19``、``e-government``），其余位置是排除。

语法错误抛出 :class:`TopicSyntaxError`，``position`` 为出错字符的位置（从 0 起），``message`` 为中文说明。
"""

from .expr import Topic, TopicSyntaxError, compile_topic, fold

__all__ = ["Topic", "TopicSyntaxError", "compile_topic", "fold"]
