"""The script editor's validation messages in the page's language.

The scripts module and pydantic say what is wrong in English, for the CLI and the logs; the
editor shows the same message in Chinese through this table of patterns. A message no pattern
knows is shown as it is, so nothing is ever hidden.
"""

from __future__ import annotations

import re

from ivr.web.i18n import current_language

# (English pattern, Chinese with the pattern's groups as {0}, {1}...)
ZH_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"not valid YAML at line (\d+), column (\d+): (.*)",
        "不是有效的 YAML（第 {0} 行第 {1} 列）：{2}",
    ),
    (r"not valid YAML: (.*)", "不是有效的 YAML：{0}"),
    (r"expected `name: value` lines, for example `(.*)`", "应为“名称: 值”格式的行，例如 `{0}`"),
    (
        r"'(.*)' is not edited here \(it belongs in the '(.*)' section\); this section takes (.*)",
        "'{0}' 不在此处编辑（它属于 '{1}' 部分）；此部分包含：{2}",
    ),
    (
        r"'(.*)' is not edited here \(no script has it\); this section takes (.*)",
        "脚本中没有 '{0}' 这一项；此部分包含：{1}",
    ),
    (r"unknown placeholder (\{\w+\}); use one of (.*)", "未知的占位符 {0}；可用的占位符：{1}"),
    (
        r"unknown timezone (.*); use an IANA name such as Asia/Shanghai",
        "未知的时区 {0}；请使用 IANA 时区名，例如 Asia/Shanghai",
    ),
    (r"(.*) is not a range like 09:00-18:00", "{0} 不是形如 09:00-18:00 的时段"),
    (r"(.*) ends before it starts", "{0} 的结束时间早于开始时间"),
    (r"voice (.*) does not speak (\S+); use one of (.*)", "语音 {0} 不能说 {1}；可用的语音：{2}"),
    (
        r"(.*) is not how Twilio sends `To`; .*",
        "{0} 不是 Twilio 的号码格式；请使用 +E.164（如 +864008001001）或 SIP 地址",
    ),
    (r"(.*) cannot be dialed; .*", "{0} 无法拨打；请使用 +E.164、sip:用户@主机 或 client:标识"),
    (r"digit (.*) is used by more than one option", "按键 {0} 被多个选项使用"),
    (r"action 'department' needs `department: ID`", "动作 department 需要填写 `department: ID`"),
    (r"action 'submenu' needs a nested `menu:`", "动作 submenu 需要嵌套的 `menu:`"),
    (r"number (.*) is also answered by (.*)", "号码 {0} 已由 {1} 接听"),
    (r"menu sends callers to unknown department (.*)", "菜单把来电转到了不存在的部门 {0}"),
    (r"two departments share this id", "两个部门使用了同一个 ID"),
    (
        r"(.*) must be a file name under the audio directory, like hold.wav",
        "{0} 应为音频目录下的文件名，例如 hold.wav",
    ),
    (r"Field required", "必填"),
    (r"Extra inputs are not permitted", "不支持这一项"),
    (r"Input should be a valid string", "应为文字"),
    (r"Input should be a valid integer.*", "应为整数"),
    (r"Input should be a valid boolean.*", "应为 true 或 false"),
    (r"Input should be a valid list", "应为列表"),
    (r"Input should be a valid dictionary.*", "应为“名称: 值”格式"),
    (r"Input should be a valid date.*", "应为日期，例如 2026-10-01"),
    (r"Input should be greater than or equal to (\S+)", "应不小于 {0}"),
    (r"Input should be less than or equal to (\S+)", "应不大于 {0}"),
    (r"Input should be (.*)", "应为 {0}"),
    (r"String should match pattern (.*)", "格式不符合 {0}"),
    (r"String should have at most (\d+) characters", "最多 {0} 个字符"),
)
_COMPILED = tuple((re.compile(pattern), zh) for pattern, zh in ZH_PATTERNS)
_PATH = re.compile(r"([\w.]+): (.*)")


def validation_message(message: str) -> str:
    """`message` in the page's language; a leading `path: ` stays as it is."""
    if current_language() != "zh":
        return message
    path = _PATH.fullmatch(message)
    if path and not _known(message):
        return f"{path.group(1)}：{validation_message(path.group(2))}"
    return _known(message) or message


def _known(message: str) -> str | None:
    for pattern, zh in _COMPILED:
        found = pattern.fullmatch(message)
        if found:
            return zh.format(*found.groups())
    return None
