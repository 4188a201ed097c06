"""The local web page's own words: its form fields, their help, and its refusals.

The page speaks to an office clerk in a browser: it names no command, option, parameter or
server path. Where a message shared with the command line tells how to run a command, the
page says what to do on the page or in the spreadsheet instead.
"""

from __future__ import annotations

# -- the office's form: the round's dates, as the command line's --date and feedback --by give them
REPORT_DATE_LABEL = "报告日期"
REPORT_DATE_HINT = "用于判断补课是否逾期，也是情况报告的成文日期；默认今天。"
REPLY_BY_LABEL = "报回期限"
REPLY_BY_HINT = ("写进发给各支部的退回修改意见：“请于某月某日前报回”。一次拖入多个报回文件时才生成退回修改意见；"
                 "不填则写“尽快报回”。")
BAD_DATE = "{label}“{value}”无法识别。请写成 2010-09-12 或 2010年9月12日（须写明年份），或不填。"
REPLY_BY_TOO_EARLY = "报回期限{by}早于报告日期{day}，支部无法按期报回。请把报回期限改为报告日期当天或以后，或不填。"

# -- the result page: which dates the round used, so the clerk can see them before sending anything out
USED_REPORT_DATE = "报告日期：{day}"
USED_REPLY_BY = "退回修改意见的报回期限：{by}"
NO_REPLY_BY = "退回修改意见的报回期限：未填写（写的是“尽快报回”）"
