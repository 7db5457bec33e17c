#!/bin/sh
# check-po-complete.sh SOURCE_ROOT LANG…
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each po/LANG.po must pass `msgfmt --check` fully translated, with no fuzzy entry, both as it
# is and merged with a translation template extracted now from po/POTFILES.in, so that a
# string added to the code without a translation fails here rather than showing up in
# English.
set -eu

top="$(cd "${1:?usage: check-po-complete.sh SOURCE_ROOT LANG…}" && pwd)"
shift
cd "$top/po"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# The same extraction as meson's i18n.gettext (preset: 'glib').
xgettext --package-name=herald --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  -D "$top" -f POTFILES.in -o "$scratch/herald.pot"

check () {
  # msgfmt prints "N translated messages." and, when not complete, ", N fuzzy translations"
  # or ", N untranslated messages".
  if ! msgfmt --check --statistics -o /dev/null "$2" 2> "$scratch/stats"; then
    cat "$scratch/stats"
    echo "not ok: $1 does not pass msgfmt --check"
    return 1
  fi
  cat "$scratch/stats"
  if grep -q -e fuzzy -e untranslated "$scratch/stats" ||
     ! grep -q '^[0-9][0-9]* translated messages\?\.$' "$scratch/stats"; then
    echo "not ok: $1 is not 100 % translated"
    return 1
  fi
  echo "ok: $1 is 100 % translated"
}

status=0
for lang in "$@"; do
  check "po/$lang.po" "$lang.po" || status=1
  msgmerge --quiet -o "$scratch/$lang.po" "$lang.po" "$scratch/herald.pot"
  check "po/$lang.po merged with the current sources" "$scratch/$lang.po" || status=1
done
exit "$status"
