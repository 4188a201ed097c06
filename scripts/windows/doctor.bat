@echo off
rem Run the add-in doctor with the Python that huitoukan was installed into.
chcp 65001 >nul
setlocal EnableExtensions
title 回头看 诊断

call :find_python
if errorlevel 1 goto :no_python
%PY% -c "import xladdin" >nul 2>nul
if errorlevel 1 goto :not_installed
echo 正在检查回头看和 Excel 加载项（Python：%PY%）…
echo.
%PY% -m xladdin addin doctor
echo.
echo 每行开头：【正常】没有问题；【提示】值得留意；【问题】需要按该行的说明处理。
goto :end

:no_python
echo 【问题】没有找到可用的 Python（需要 64 位的 Python 3.11、3.12 或 3.13）。
echo 请按“使用说明.txt”请信息部门安装 Python，然后双击“安装.bat”。
goto :end

:not_installed
echo 【问题】%PY% 中还没有安装回头看。请先双击“安装.bat”。
goto :end

:end
echo.
pause
endlocal
exit /b
