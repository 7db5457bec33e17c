/* fuzz-fatal-log.h: GLib criticals and warnings end a fuzz run as a crash.
 *
 * A g_critical() (a failed g_return_if_fail() in json-glib or GLib) or a g_warning() is a
 * bug the input found. g_log_set_always_fatal() would stop on it with SIGTRAP, which
 * libFuzzer does not catch: no crash file, no stack. abort() is caught and reported as any
 * other crash, with the input saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdlib.h>

#include <glib.h>

static GLogWriterOutput
fuzz_abort_on_warning (GLogLevelFlags log_level,
                       const GLogField *fields,
                       gsize n_fields,
                       gpointer user_data)
{
  GLogWriterOutput output = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return output;
}

static inline void
fuzz_make_logs_fatal (void)
{
  g_log_set_writer_func (fuzz_abort_on_warning, NULL, NULL);
}

/* libFuzzer's entry points. Each target includes this header once and defines
 * LLVMFuzzerTestOneInput(); the initialisation, the same for all, is here. */
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_make_logs_fatal ();
  return 0;
}
