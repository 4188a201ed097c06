"""How the 实事求是 text checks scale on rounds the benchmark workbooks do not have.

    python -m bench.text_stress            # 100 and 1,000 branches, each scenario
    python -m bench.text_stress --sizes 3000

The benchmark workbooks (bench/make_books.py) re-mix six sample reports, so
their answers are mostly exact copies: grouped into a hundred distinct texts.
These synthetic rounds are the other cases, timed in-process on plain answers
(CPU seconds of find_text_issues alone, best of three):

- own: every branch writes its own words (a large random vocabulary with stock
  phrases between); nothing should be flagged;
- edited: the sample's answers, each branch's copies lightly edited at random
  (two words of two characters replaced), so every answer is a near copy of
  dozens of others;
- one text: a single answer passed around every branch, each lightly edited.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from xladdin.sample import SAMPLE_VALUES

from xladdin.core.checks.text import TEXT_FIELDS
from xladdin.core.textcheck import Answer, find_text_issues
from xladdin.spec import form

_HAN = [chr(c) for c in range(0x4E00, 0x9FA5)]
_STOCK = ("高度重视", "精心组织", "全体党员", "创先争优活动", "取得明显成效", "进一步加强", "认真学习")


def _edited(rng: random.Random, text: str) -> str:
    """A light edit, as people make them: two words of two characters replaced."""
    chars = list(text)
    for _ in range(2):
        at = rng.randrange(max(1, len(chars) - 1))
        chars[at:at + 2] = [rng.choice(_HAN), rng.choice(_HAN)]
    return "".join(chars)


def _own(rng: random.Random) -> str:
    words = ["".join(rng.choice(_HAN) for _ in range(rng.choice((2, 2, 3, 4)))) for _ in range(rng.randint(6, 14))]
    return "".join(w + ("，" if rng.random() < 0.3 else "") + (rng.choice(_STOCK) if rng.random() < 0.1 else "")
                   for w in words) + "。"


def round_of(scenario: str, branches: int, seed: int = 2010) -> list[Answer]:
    rng = random.Random(seed)
    pool = [v for values in SAMPLE_VALUES.values() for k, v in values.items()
            if k in TEXT_FIELDS and isinstance(v, str) and len(v) >= 15]
    passed = rng.choice(pool)
    answers = []
    for b in range(branches):
        for name in TEXT_FIELDS[:12]:
            text = {"own": lambda: _own(rng), "edited": lambda: _edited(rng, rng.choice(pool)),
                    "one text": lambda: _edited(rng, passed)}[scenario]()
            answers.append(Answer(f"支部{b:04d}", name, form.FIELDS_BY_NAME[name].cell, text, True))
    return answers


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000")
    args = ap.parse_args(argv)
    print("| scenario | branches | answers | CPU s (best of 3) | hits |")
    print("|---|---|---|---|---|")
    for scenario in ("own", "edited", "one text"):
        for size in (int(s) for s in args.sizes.split(",")):
            answers = round_of(scenario, size)
            names = [f"支部{b:04d}" for b in range(size)]
            best = float("inf")
            for _ in range(3):
                start = time.process_time()
                hits = find_text_issues(answers, names=names)
                best = min(best, time.process_time() - start)
            counts = ", ".join(f"{k} {v}" for k, v in Counter(h.code for h in hits).most_common())
            print(f"| {scenario} | {size} | {len(answers)} | {best:.2f} | {counts or '—'} |")


if __name__ == "__main__":
    main()
