#!/usr/bin/env bash
# Install huitoukan into .venv and play one office round on the bundled sample, into out/:
# 下发 (split the sample per branch), 回收 (five of six files come back; 运二 never replies),
# 汇总与退回修改 (run on the inbox: merged workbook, marked copy, summary, 情况报告, feedback files),
# 整改台账 (the ledger of every 补课 item).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q .
hk=.venv/bin/huitoukan
round="out/第一轮_$(date +%Y%m%d-%H%M%S)"  # a fresh folder each time: nothing earlier is replaced
mkdir -p "$round/收件"

# Exit 1 only says the sample has gaps (and one branch has not reported), which it is meant to have.
ok() { local status=0; "$@" || status=$?; [[ $status -le 1 ]] || exit $status; }

echo "== 下发：每个支部一个文件"
ok "$hk" split workbook/sample.xlsx -o "$round/下发"
for f in "$round"/下发/*.xlsx; do
    [[ "$(basename "$f")" == 运二_* ]] || cp "$f" "$round/收件/"  # 运二 never sends its file back
done

echo "== 回收、校验、汇总、退回修改（报告日期 2010年9月12日）"
ok "$hk" run "$round/收件" -o "$round/输出" --date 2010-09-12

echo "== 整改台账：每个补课事项一行，跟踪到销号"
ok "$hk" ledger "$round/输出/回头看填报表_合并.xlsx" -o "$round/输出/整改台账.xlsx" --date 2010-09-12

echo
echo "结果在 $round："
find "$round" -type f | sort
