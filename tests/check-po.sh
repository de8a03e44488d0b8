#!/usr/bin/env bash
# Checks the translations: po/POTFILES.in lists every source file with
# translatable strings, and vi.po is complete (no untranslated or fuzzy
# message) and valid (msgfmt --check: placeholders match).
set -euo pipefail
src=${1:?source dir}
cd "$src"
fail=0

while IFS= read -r f; do
  if ! grep -qxF "$f" po/POTFILES.in; then
    echo "po/POTFILES.in lacks $f, which has translatable strings"
    fail=1
  fi
done < <( (grep -rlE '\b(N_|_|C_|g_dngettext) ?\(' src --include='*.c'; grep -rl 'translatable="yes"' ui) | sort)

while IFS= read -r f; do
  case "$f" in ''|'#'*) continue ;; esac
  [ -f "$f" ] || { echo "po/POTFILES.in names $f, which does not exist"; fail=1; }
done < po/POTFILES.in

for po in po/*.po; do
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "$po: $stats"; fail=1; continue; }
  echo "$po: $stats"
  if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
    echo "$po is not complete"
    fail=1
  fi
done

# vi.po must cover the current sources, not an older extraction.
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
xgettext --files-from=<(grep -v '^#' po/POTFILES.in) --from-code=UTF-8 --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 -o "$pot" 2>/dev/null
missing=$(msgcmp --use-untranslated po/vi.po "$pot" 2>&1 | grep -c 'this message is used but not defined' || true)
if [ "$missing" -ne 0 ]; then
  echo "po/vi.po lacks $missing messages of the current sources: run msgmerge and translate them"
  fail=1
fi

exit $fail
