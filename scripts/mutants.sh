#!/usr/bin/env bash
# The planted-bug round (docs/testing.md): apply each scripts/mutants/NN-name.patch on its own,
# run only the tests its "# tests:" line names, and report the bugs the tests let through.
#
#   bash scripts/mutants.sh            # every patch
#   bash scripts/mutants.sh 06 24      # only the patches whose names start with these numbers
#
# First the named tests run once on the clean tree: a failure there would pass for a caught bug.
# Exit 0: every planted bug was caught. 1: survivors. 2: refused, the tests fail without a bug,
# or a patch no longer applies (the code it targets has moved: rewrite the patch).
# Not part of CI. It edits tracked files, so it refuses a dirty tree and always restores it.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTEST=(.venv/bin/python -m pytest -q -x -p no:cacheprovider --hypothesis-seed=0)
if [ -n "$(git status --porcelain)" ]; then
    echo "mutants: the working tree has changes; commit them first (the round edits tracked files)." >&2
    exit 2
fi

log=$(mktemp)
applied=""
restore() {
    # Put back exactly the files the current patch touched (the tree was clean before it).
    if [ -n "$applied" ]; then
        git apply --numstat "$applied" | cut -f3 | xargs -r git checkout -q --
        applied=""
    fi
}
finish() {
    restore
    rm -f "$log"
    if [ -n "$(git status --porcelain)" ]; then
        echo "mutants: the tree is not clean after the round; see git status" >&2
    fi
}
trap finish EXIT
trap 'exit 130' INT TERM

shopt -s nullglob
patches=(scripts/mutants/*.patch)
if [ $# -gt 0 ]; then
    chosen=()
    for p in "${patches[@]}"; do
        for n in "$@"; do
            if [[ $(basename "$p") == "$n"* ]]; then chosen+=("$p"); fi
        done
    done
    patches=("${chosen[@]}")
fi
if [ ${#patches[@]} -eq 0 ]; then
    echo "mutants: no patches match" >&2
    exit 2
fi

tests_of() { sed -n 's/^# tests: *//p' "$1" | head -n 1; }

# The baseline: every distinct tests line passes on the clean tree.
declare -A seen=()
for patch in "${patches[@]}"; do
    tests=$(tests_of "$patch")
    if [ -z "$tests" ]; then
        echo "mutants: $(basename "$patch") has no '# tests:' line" >&2
        exit 2
    fi
    [ -n "${seen[$tests]:-}" ] && continue
    seen[$tests]=1
    # shellcheck disable=SC2086  # the tests line is a list of pytest arguments
    if ! "${PYTEST[@]}" $tests >"$log" 2>&1; then
        echo "mutants: these tests fail without any planted bug: $tests" >&2
        tail -n 20 "$log" >&2
        exit 2
    fi
done
echo "baseline: ${#seen[@]} test selections pass on the clean tree"

killed=0
survivors=()
broken=()
for patch in "${patches[@]}"; do
    name=$(basename "$patch" .patch)
    tests=$(tests_of "$patch")
    bug=$(sed -n 's/^# bug: *//p' "$patch" | head -n 1)
    if ! git apply "$patch" 2>"$log"; then
        broken+=("$name: does not apply ($(head -n 1 "$log"))")
        printf 'BROKEN    %s (does not apply)\n' "$name"
        continue
    fi
    applied=$patch
    start=$SECONDS
    set +e
    # shellcheck disable=SC2086
    "${PYTEST[@]}" $tests >"$log" 2>&1
    rc=$?
    set -e
    restore
    case $rc in
        1) killed=$((killed + 1)); printf 'killed    %s (%ss)\n' "$name" $((SECONDS - start)) ;;
        0) survivors+=("$name: $bug"); printf 'SURVIVED  %s: %s\n' "$name" "$bug" ;;
        *) broken+=("$name: pytest exit $rc"); printf 'BROKEN    %s (pytest exit %s)\n' "$name" "$rc"
           tail -n 5 "$log" ;;
    esac
done

echo
echo "planted ${#patches[@]}, killed $killed, survived ${#survivors[@]}, broken ${#broken[@]}"
for s in "${survivors[@]}"; do echo "  survivor: $s"; done
for b in "${broken[@]}"; do echo "  broken:   $b"; done
[ ${#broken[@]} -eq 0 ] || exit 2
[ ${#survivors[@]} -eq 0 ] || exit 1
