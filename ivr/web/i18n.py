"""The pages' two languages: English text is the key, Chinese its translation.

A small catalogue instead of gettext files: the pages have a few hundred words, and a missing
translation is caught by a test that reads every `_()` in the templates.
The language is the user's: their choice when they made one, else their browser's preference
(Accept-Language), else Chinese. A page about an English department is still in the user's
language; only the call's own words stay as spoken.
"""

from __future__ import annotations

from flask import request, session
from werkzeug.datastructures import LanguageAccept

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
    "Too many failed logins. Try again in {seconds} s.": (
        "登录失败次数过多，请 {seconds} 秒后再试。"
    ),
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
    "a page number from 1 to {last}": "1 到 {last} 之间的页码",
    "a date from {first} to {last}, like 2026-01-31": (
        "{first} 到 {last} 之间的日期，例如 2026-01-31"
    ),
    "a number from 0 to 100": "0 到 100 之间的数字",
    "text of at most {count} characters, without control characters": (
        "不超过 {count} 个字符且不含控制字符的文字"
    ),
    "Reset": "重置",
    "Export CSV": "导出 CSV",
    "Export JSON": "导出 JSON",
    "No calls match these filters.": "没有符合条件的通话。",
    "Previous": "上一页",
    "Next": "下一页",
    "Page": "页码",
    "Page {page} of {pages}": "第 {page} 页，共 {pages} 页",
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
    "The comment is longer than {count} characters; shorten it.": (
        "备注超过 {count} 个字符，请缩短。"
    ),
    "Choose an audio file to upload.": "请选择要上传的音频文件。",
    "{name} is not audio we can read; upload a WAV or MP3 recording.": (
        "无法读取 {name} 中的音频，请上传 WAV 或 MP3 录音。"
    ),
    "The file is larger than {mb} MB; upload a shorter recording.": (
        "文件超过 {mb} MB，请上传更短的录音。"
    ),
    "Passed": "通过",
    "Failed": "未通过",
    "Started": "开始时间",
    "Script version": "脚本版本",
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
    "An unexpected error; the worker log has the details.": "意外错误，详情见处理进程日志。",
    (
        "Calls the checker was unsure about, that failed a critical "
        "rule, or that scored near the pass mark, and that no "
        "reviewer has marked as reviewed yet."
    ): ("质检结果不确定、关键规则未通过或得分接近及格线，且尚未有质检员标记为已复核的通话。"),
    "Checked": "已质检",
    "Checker score": "系统评分",
    "Details": "详细信息",
    "Fail": "未通过",
    "Failed: a critical rule failed ({rules}).": "未通过：关键规则未通过（{rules}）。",
    "Failed: the score is below the pass mark.": "未通过：得分低于及格线。",
    "Left out, without a score:": "未计入（没有得分）：",
    "Mark as reviewed": "标记为已复核",
    "Marked as reviewed.": "已标记为已复核。",
    "N/A": "不适用",
    "Needs review": "待复核",
    "No": "否",
    "No calls need a review.": "没有待复核的通话。",
    "No speech model is installed for the call's language.": "未安装该通话语言的语音识别模型。",
    "Open for review again": "重新打开复核",
    "Opened for review again.": "已重新打开复核。",
    "Overridden": "有人工修正",
    "Pass": "通过",
    "Pass mark": "及格线",
    "Reviewers' agreement with the checker": "质检员与系统质检的一致率",
    "All departments": "全部部门",
    "Export as .csv or .json.": "请导出为 .csv 或 .json。",
    "There is no call {id}.": "没有编号为 {id} 的通话。",
    "Only reviewers and administrators can do this.": "只有质检员和管理员可以执行此操作。",
    "There is no department {id}.": "没有 ID 为 {id} 的部门。",
    "This call has no finding for rule {rule}.": "此通话没有规则 {rule} 的质检结果。",
    "Choose one of the statuses offered.": "请从提供的状态中选择。",
    "This department has no version {number}.": "此部门没有版本 {number}。",
    "Bad request": "请求无效",
    "Not allowed": "无权访问",
    "Not found": "未找到",
    "Conflict": "冲突",
    "Too large": "文件过大",
    "Not valid": "内容无效",
    "Server error": "服务器错误",
    "The request could not be read.": "无法读取此请求。",
    "You may not see this page.": "您无权查看此页面。",
    "There is no such page.": "没有这个页面。",
    "This page cannot be used that way.": "不能以这种方式使用此页面。",
    "Someone changed this meanwhile; reload and try again.": "在此期间已有人修改，请刷新后重试。",
    "The upload is too large.": "上传的文件过大。",
    "The form has errors.": "表单有错误。",
    "Something went wrong on the server; the log has the details.": "服务器出错，详情见日志。",
    "The form has expired or came from elsewhere. Reload the page and try again.": (
        "表单已过期或并非来自本站。请刷新页面后重试。"
    ),
    "Make version {number} live again? The next call will hear it.": (
        "确定让版本 {number} 重新生效吗？下一通来电将使用它。"
    ),
    "the script as shipped (configuration file)": "随系统发布的脚本（配置文件）",
    "A recording replaces the greeting text above: callers hear the recording, not the voice.": (
        "上传的录音会替代上方的问候语文字：来电人听到的是录音，而不是语音合成。"
    ),
    (
        "Placeholders: {department} {agent_id} {agent_name} {follow_up_time} are filled in from "
        "the script."
    ): "占位符 {department} {agent_id} {agent_name} {follow_up_time} 会由脚本内容自动填入。",
    "Hours as 08:00-20:00; several ranges separated by commas; an empty day is closed.": (
        "时间格式为 08:00-20:00；多个时段用逗号分隔；留空表示当天不营业。"
    ),
    "Greeting naming the agent": "报工号的问候语",
    "Menu prompt": "菜单提示",
    "Choice not understood": "未听清选择",
    "While the caller waits": "等待时播报",
    "After a long wait": "久等之后",
    "Wrong number": "拨错电话",
    "Wrong number: goodbye": "拨错电话：结束语",
    "Voicemail prompt": "留言提示",
    "Transferring": "转接中",
    "Goodbye": "结束语",
    "System error": "系统故障",
    "Monday": "周一",
    "Tuesday": "周二",
    "Wednesday": "周三",
    "Thursday": "周四",
    "Friday": "周五",
    "Saturday": "周六",
    "Sunday": "周日",
    "Time zone": "时区",
    "Holidays (closed), dates separated by commas": "节假日（不营业），日期用逗号分隔",
    "Always open": "全天营业",
    "Follow-up time promised to callers": "向来电人承诺的回复时限",
    "Not saved yet: see below what this change does to reviewed calls.": (
        "尚未保存：请先查看下方此改动对已复核通话的影响。"
    ),
    "What this change does to reviewed calls": "此改动对已复核通话的影响",
    "{changed} of the {reviewed} newest reviewed calls would change verdict.": (
        "最近 {reviewed} 通已复核通话中，有 {changed} 通的结论会改变。"
    ),
    "Saving again makes the change live anyway.": "再次保存将使改动生效。",
    "Now": "当前",
    "With this change": "改动后",
    "Reviewers": "质检员结论",
    "reviewers": "质检员",
    "Rules that change": "变化的规则",
    "Agreement with reviewers, per rule": "各规则与质检员的一致率",
    "No reviewed calls yet.": "暂无已复核的通话。",
    (
        "Per rule and department: the share of findings on reviewed calls (signed off, or "
        "overridden) that reviewers left as the checker had them."
    ): "按规则和部门统计：已复核通话（已标记复核或有人工修正）中，质检员维持系统判定的比例。",
    "Chinese": "中文",
    "English": "英文",
    "Korean": "韩文",
    "ascending": "升序",
    "descending": "降序",
    "{rule}: {status}.": "{rule}：{status}。",
    "Passed: the score reaches the pass mark and no critical rule failed.": (
        "通过：得分达到及格线，且没有关键规则未通过。"
    ),
    "Process again": "重新处理",
    "Processing failed": "处理失败",
    "Received": "已接收",
    "Review queue": "待复核队列",
    "Reviewed": "已复核",
    "Reviewed by": "复核人",
    "Reviewed score": "复核后得分",
    "Scores are the reviewed scores: reviewers' overrides are applied.": (
        "得分为复核后得分：已计入质检员的人工修正。"
    ),
    (
        "Scores are the reviewed scores: reviewers' overrides are "
        "applied. A call passes with at least the pass mark and no "
        "critical rule failed."
    ): (
        "得分为复核后得分：已计入质检员的人工修正。得分达到及格线且没有关键规则未通过的通话为通过。"
    ),
    "Sort by": "排序",
    "Sort order": "排序方向",
    "Still uncertain: {rules}.": "仍不确定：{rules}。",
    "The call was queued to be processed again.": "已重新排队处理此通话。",
    "The call's department or script no longer exists.": "此通话的部门或脚本已不存在。",
    "The department's script or the settings are invalid.": "部门脚本或系统设置有误。",
    "The recording could not be downloaded.": "录音下载失败。",
    "The recording is not readable audio.": "录音文件不是可读取的音频。",
    "The transcript could not be read.": "无法读取通话文本。",
    "The worker stopped during this call several times.": "处理进程在处理此通话时多次中断。",
    "This call has no recording to process again.": "此通话没有可重新处理的录音。",
    "This call is already being processed.": "此通话正在处理中。",
    "Transcribing": "转写中",
    "Twilio kept no recording of this call.": "Twilio 没有保存此通话的录音。",
    "Uncertain": "不确定",
    "Uncertain findings": "有不确定项",
    "Yes": "是",
    "being transcribed": "转写中",
    "checker": "系统",
    "critical": "关键",
    "critical rule failed": "关键规则未通过",
    "near the pass mark": "接近及格线",
    "no start time": "没有开始时间",
    "not scored": "未评分",
    "processing failed": "处理失败",
    "then the next call in the queue": "然后打开队列中的下一通",
    "voicemails (not scored)": "语音留言（不评分）",
    "waiting to be transcribed": "等待转写",
    "“{value}” is not {hint}.": "“{value}”不是{hint}。",
    "“{value}” is not one of: {allowed}.": "“{value}”不是以下取值之一：{allowed}。",
    # The live page
    "agent": "坐席",
    "Live assist": "实时辅助",
    "Checklist": "检查清单",
    "met": "已完成",
    "open": "未完成",
    "broken": "违规",
    "missed": "未做到",
    "ended": "已结束",
    "dropped": "已中断",
    "Live assist is unavailable for this call": "本通话暂无实时辅助",
    "No call right now.": "当前没有通话。",
    "listening…": "识别中…",
    "Agents see their own calls on the live page only.": "坐席只能在实时辅助页面查看自己的通话。",
    "Live and final verdicts": "实时与最终结论",
    "The live check during the call and the check of the recording agree.": (
        "通话中的实时检查与录音检查结论一致。"
    ),
    "The live check during the call differed from the check of the recording on:": (
        "通话中的实时检查与录音检查结论不同的规则："
    ),
    "live": "通话中",
}


def gettext(text: str, **values: object) -> str:
    """`text` in the current page's language, with `{name}` filled from `values`."""
    translated = ZH.get(text, text) if current_language() == "zh" else text
    return translated.format(**values) if values else translated


def current_language() -> str:
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return _browser_language(request.accept_languages)


def _browser_language(accepted: LanguageAccept) -> str:
    """The first of the browser's languages we have, by quality: zh-CN, zh-TW, en-GB all count."""
    for value, _quality in accepted:  # werkzeug keeps them sorted by quality
        code = language_code(value)
        if code in LANGUAGES:
            return code
    return "zh"
