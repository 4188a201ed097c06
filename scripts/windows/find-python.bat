rem ---------------------------------------------------------------------------
rem Sets PY to a command that runs 64-bit CPython 3.11, 3.12 or 3.13: the wheels
rem in this bundle are for those only. The py launcher first (it is installed
rem with Python even when python.exe is not on PATH), then python on PATH.
:find_python
set "PY="
for %%V in (3.13 3.12 3.11) do (
    if not defined PY (
        py -%%V -c "import struct, sys; sys.exit(struct.calcsize('P') != 8)" >nul 2>nul && set "PY=py -%%V"
    )
)
if not defined PY (
    python -c "import struct, sys; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 13) and struct.calcsize('P') == 8))" >nul 2>nul && set "PY=python"
)
if defined PY exit /b 0
exit /b 1
