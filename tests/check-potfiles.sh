#!/bin/sh
# check-potfiles.sh SOURCE_ROOT
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when a source file with translatable strings is missing from po/POTFILES.in, or when
# POTFILES.in names a file that no longer exists: either way a string would silently stay in
# English.
set -eu

top="$(cd "${1:?usage: check-potfiles.sh SOURCE_ROOT}" && pwd)"
cd "$top"

listed="$(mktemp)"
found="$(mktemp)"
trap 'rm -f "$listed" "$found"' EXIT

grep -v -e '^#' -e '^[[:space:]]*$' po/POTFILES.in | sort -u > "$listed"

find app ui -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' \) -print |
  LC_ALL=C sort |
  while read -r f; do
    if grep -q -E '(^|[^A-Za-z0-9_])(N?C?_|g_dn?gettext|g_dpgettext2|ngettext) ?\(|translatable="yes"' "$f"; then
      echo "$f"
    fi
  done | sort -u > "$found"

status=0
for f in $(comm -13 "$listed" "$found"); do
  echo "not ok: $f has translatable strings but is not in po/POTFILES.in"
  status=1
done
while read -r f; do
  if [ ! -f "$f" ]; then
    echo "not ok: po/POTFILES.in lists $f, which does not exist"
    status=1
  fi
done < "$listed"

if [ "$status" -eq 0 ]; then
  echo "ok: po/POTFILES.in lists all $(wc -l < "$found") source files with translatable strings"
fi
exit "$status"
