#!/usr/bin/env bash
# Install the system packages huitoukan needs on Debian/Ubuntu, if any are missing:
# a CJK font for the charts; LibreOffice (Calc and Writer) and poppler for the rendering tests;
# Chromium (with its driver and Chinese language pack) for the web page's browser tests.
# Usage: scripts/system-packages.sh [--tests]
set -euo pipefail

need=()
missing_deb() { command -v dpkg-query >/dev/null && ! dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
fc-list :lang=zh 2>/dev/null | grep -qi "noto" || need+=(fonts-noto-cjk fontconfig)
if [[ "${1:-}" == "--tests" ]]; then
    command -v soffice >/dev/null || need+=(libreoffice-calc libreoffice-core)
    # Writer renders the Word report; Liberation Serif has Times New Roman's metrics, so its digits lay out as in Word.
    missing_deb libreoffice-writer && need+=(libreoffice-writer)
    fc-list 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation2)
    command -v pdftoppm >/dev/null || need+=(poppler-utils)
    [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || need+=(chromium chromium-driver)
    # Chromium's own widgets ("选择文件") speak Chinese only with the language pack.
    [[ -f /usr/lib/chromium/locales/zh-CN.pak ]] || need+=(chromium-l10n)
fi
python3 -m venv --help >/dev/null 2>&1 || need+=(python3-venv)
if [[ ${#need[@]} -eq 0 ]]; then
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "缺少系统软件包：${need[*]}。请用本系统的包管理器安装后重试。" >&2
    exit 2
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
