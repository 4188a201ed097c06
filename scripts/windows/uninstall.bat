@echo off
rem Remove the Excel add-in, then the huitoukan package. Other packages stay: other programs may use them.
chcp 65001 >nul
setlocal EnableExtensions
title 回头看 卸载

call :find_python
if errorlevel 1 goto :no_python
%PY% -c "import xladdin" >nul 2>nul
if errorlevel 1 goto :not_installed

echo [1/2] 正在删除 Excel 加载项…
%PY% -m xladdin addin remove
if errorlevel 1 goto :addin_failed
echo [2/2] 正在从 Python 中卸载回头看…
%PY% -m pip uninstall --disable-pip-version-check -y huitoukan
if errorlevel 1 goto :pip_failed
echo.
echo 【完成】已删除 Excel 加载项，并卸载了回头看。
echo 随回头看安装的 xlwings、pandas 等软件包仍保留在 Python 中（其他程序可能用到）。
goto :end

:no_python
echo 【提示】没有找到 Python 3.11～3.13，回头看应当没有安装，无需卸载。
goto :end

:not_installed
echo 【提示】%PY% 中没有安装回头看，无需卸载。
if exist "%APPDATA%\Microsoft\Excel\XLSTART\xladdin.xlam" (
    del "%APPDATA%\Microsoft\Excel\XLSTART\xladdin.xlam" && echo 已删除遗留的加载项文件 xladdin.xlam。
)
goto :end

:addin_failed
echo.
echo 【问题】加载项没有删掉，原因见上一行。请关闭所有 Excel 窗口后，再双击一次“卸载.bat”。
goto :end

:pip_failed
echo.
echo 【问题】加载项已删除，但从 Python 中卸载回头看失败，见上面的英文提示。
goto :end

:end
echo.
pause
endlocal
exit /b
