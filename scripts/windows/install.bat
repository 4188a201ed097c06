@echo off
rem Install huitoukan from the wheels beside this file (no network), then the Excel add-in.
rem No administrator rights: pip installs for the current user when it cannot write for all users.
chcp 65001 >nul
setlocal EnableExtensions
title 回头看 安装
set "WHEELS=%~dp0wheels"

if not exist "%WHEELS%\" goto :not_extracted
call :find_python
if errorlevel 1 goto :no_python
echo 使用的 Python：
%PY% -c "import sys; print(sys.executable, sys.version.split()[0])"
echo.

%PY% -m pip --version >nul 2>nul
if errorlevel 1 %PY% -m ensurepip --upgrade --user >nul 2>nul

echo [1/2] 正在从本文件夹安装回头看及其依赖（不需要联网，约需 1～3 分钟）…
%PY% -m pip install --disable-pip-version-check --no-index --find-links "%WHEELS%" --upgrade huitoukan
if errorlevel 1 goto :pip_failed
echo.

echo [2/2] 正在安装 Excel 加载项…
%PY% -m xladdin addin install
if errorlevel 1 goto :addin_failed
echo.
echo 【完成】回头看已安装到上面这个 Python，Excel 加载项也已安装。
echo 请重新打开 Excel，功能区会出现“回头看”选项卡。
echo 要检查安装是否正常，请双击“诊断.bat”。
echo 命令行用法：%PY% -m xladdin check 填报表.xlsx
goto :end

:not_extracted
echo 【问题】没有找到 wheels 文件夹："%WHEELS%"
echo 请先把压缩包解压（右键 → 全部解压缩），再双击解压出的“安装.bat”。
goto :end

:no_python
echo 【问题】没有找到可用的 Python（需要 64 位的 Python 3.11、3.12 或 3.13）。
echo 请按“使用说明.txt”请信息部门安装 Python，然后再双击“安装.bat”。
goto :end

:pip_failed
echo.
echo 【问题】安装回头看失败，见上面的英文提示。没有改动 Excel。
echo 请把本窗口截图发给维护人员。
goto :end

:addin_failed
echo.
echo 【问题】回头看已装入 Python，但 Excel 加载项没有装好，原因见上一行。
echo 请关闭所有 Excel 窗口后，再双击一次“安装.bat”。
goto :end

:end
echo.
pause
endlocal
exit /b
