"""实事求是 text checks: copied answers, answers that echo the notice, repeated and vague answers.

Pure: imports only the standard library, rapidfuzz and the spec, so it runs on
the `check` path. The rules and their tuning are described in docs/text-checks.md.
"""

from __future__ import annotations

from xladdin.core.textcheck.rules import COPIED, ECHOES, REPEATED, VAGUE, Answer, TextHit, compared, find_text_issues
from xladdin.core.textcheck.words import echoes_notice

__all__ = ["COPIED", "ECHOES", "REPEATED", "VAGUE", "Answer", "TextHit", "compared", "echoes_notice",
           "find_text_issues"]
