"""The pages' two languages: English text is the key, Chinese its translation.

A small catalogue instead of gettext files: the pages have a few hundred words, and a missing
translation is caught by a test that reads every `_()` in the templates.
The language is the user's choice when they made one, else the language of the department the
page is about, else the browser's preference, else Chinese.
"""

from __future__ import annotations

from flask import g, request, session

from ivr.transcript import language_code

LANGUAGES = ("zh", "en")
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}

ZH: dict[str, str] = {
    "Call review": "通话质检",
    "Calls": "通话记录",
    "Dashboard": "统计看板",
    "Departments": "部门脚本",
    "Log in": "登录",
    "Log out": "退出登录",
    "Username": "用户名",
    "No user exists yet. Add the first administrator on the server:": (
        "还没有任何用户。请在服务器上添加第一位管理员："
    ),
    "Password": "密码",
    "Wrong username or password.": "用户名或密码错误。",
    "Please log in to see this page.": "请先登录后查看此页面。",
    "Only administrators can change the configuration.": "只有管理员可以修改配置。",
    "Logged out.": "已退出登录。",
    "Signed in as": "当前用户",
    "reviewer": "质检员",
    "admin": "管理员",
    "Date": "日期",
    "Department": "部门",
    "Agent": "坐席",
    "Caller": "来电人",
    "Duration": "时长",
    "Score": "得分",
    "Failed rules": "未通过规则",
    "Status": "状态",
    "All": "全部",
    "From": "起始日期",
    "To": "结束日期",
    "Rule failed": "未通过的规则",
    "Min score": "最低分",
    "Max score": "最高分",
    "Search transcripts": "搜索通话内容",
    "Filter": "筛选",
    "Reset": "重置",
    "Export CSV": "导出 CSV",
    "Export JSON": "导出 JSON",
    "No calls match these filters.": "没有符合条件的通话。",
    "Previous": "上一页",
    "Next": "下一页",
    "Page": "第",
    "of": "页，共",
    "calls": "通话",
    "Call": "通话",
    "Transcript": "通话文本",
    "Scorecard": "评分卡",
    "Rule": "规则",
    "No transcript yet.": "尚无通话文本。",
    "No audio stored for this call.": "此通话没有录音。",
    "Override": "人工修正",
    "New status": "修正后状态",
    "Comment": "备注",
    "Save override": "保存修正",
    "Override history": "修正记录",
    "Re-run the check": "重新质检",
    "The check was run again.": "已重新质检。",
    "Override saved.": "修正已保存。",
    "An override needs a comment saying why.": "人工修正需要填写备注说明原因。",
    "Choose an audio file to upload.": "请选择要上传的音频文件。",
    "The file is larger than {mb} MB; upload a shorter recording.": (
        "文件超过 {mb} MB，请上传更短的录音。"
    ),
    "Passed": "通过",
    "Failed": "未通过",
    "Started": "开始时间",
    "Script version": "脚本版本",
    "Job": "任务",
    "Metrics": "指标",
    "Not checked yet.": "尚未质检。",
    "pass": "通过",
    "fail": "未通过",
    "na": "不适用",
    "uncertain": "不确定",
    "Average score per day, by department": "各部门每日平均分",
    "Average score per day, by agent": "各坐席每日平均分",
    "Most failed rules": "未通过次数最多的规则",
    "No scored calls yet.": "暂无已评分的通话。",
    "Edit": "编辑",
    "History": "历史版本",
    "Save as a new version": "保存为新版本",
    "Saved version": "已保存版本",
    "Not saved: correct the fields marked below.": "未保存：请修改下方标出的字段。",
    "Not saved: someone saved a newer version meanwhile. Reload, then redo your changes.": (
        "未保存：在此期间已有人保存了更新的版本。请刷新页面后重新修改。"
    ),
    "Version": "版本",
    "Saved": "保存时间",
    "By": "保存人",
    "Source": "来源",
    "configuration file": "配置文件",
    "Revert to this version": "恢复到此版本",
    "Reverted: saved as version": "已恢复，保存为版本",
    "Preview": "预览",
    "What the caller hears": "来电人听到的内容",
    "TwiML": "TwiML",
    "Greeting recording": "问候语录音",
    "Upload a recorded greeting (any audio format)": "上传问候语录音（任意音频格式）",
    "Upload": "上传",
    "Remove the recording": "删除录音",
    "The greeting recording was saved.": "问候语录音已保存。",
    "The greeting recording was removed.": "问候语录音已删除。",
    "No recording: the greeting is spoken by the voice.": "无录音：问候语由语音合成播报。",
    "General": "基本信息",
    "Phrases": "话术",
    "Opening hours": "服务时间",
    "Menu": "菜单",
    "Follow-up time": "承诺回复时限",
    "Checker phrases": "质检规则话术",
    "Live version": "当前生效版本",
    "No change: the script is the same as the live version.": "没有改动：与当前生效版本相同。",
    "Language": "语言",
    "Nothing to show.": "无内容。",
    "Changes against the version before": "与上一版本的差异",
    "first version": "首个版本",
    "Play": "播放",
    "seconds": "秒",
    "Talk ratio (agent)": "坐席说话占比",
    "Interruptions": "抢话次数",
    "Long silences": "长时间静默",
    "save": "保存",
    "revert": "恢复",
    "audio": "上传录音",
    "Unknown": "未知",
    "After hours": "非工作时间",
    "Nearest candidate": "最接近的候选",
    "Nearest": "最接近",
    "Searched": "检查范围",
    "Spoken": "语音播报",
    "Recording": "录音",
    "Greeting": "开场问候",
    "Confirming the need": "确认需求",
    "Follow-up time given": "承诺回复时限",
    "Apology": "致歉",
    "Banned phrases": "禁用语",
    "Closing": "结束语",
    "Hold etiquette": "等待礼仪",
    "Privacy": "隐私保护",
}


def gettext(text: str, **values: object) -> str:
    """`text` in the current page's language, with `{name}` filled from `values`."""
    translated = ZH.get(text, text) if current_language() == "zh" else text
    return translated.format(**values) if values else translated


def current_language() -> str:
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    page = g.get("page_language")
    if page:
        return page
    return request.accept_languages.best_match(LANGUAGES, default="zh") or "zh"


def use_department_language(language: str) -> None:
    """Let a page about one department speak its language, unless the user chose one."""
    code = language_code(language)
    g.page_language = code if code in LANGUAGES else "zh"
