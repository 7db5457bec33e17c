/* herald-test-files.h: files and folders for the tests and benchmarks, every failure fatal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdarg.h>

G_BEGIN_DECLS

/* A new empty folder in the temporary folder, named after @tmpl as g_dir_make_tmp does
 * ("herald-test-XXXXXX"). */
char *herald_test_make_temp_dir (const char *tmpl);

/* Writes @contents to @dir/@relative, making the folders on the way. */
void herald_test_write_file (const char *dir, const char *relative, const char *contents);

/* The contents of @dir/@relative. */
char *herald_test_read_file (const char *dir, const char *relative);

/* Removes @path and everything below it; links are removed, never followed. */
void herald_test_remove_tree (const char *path);
/* The figure in KiB that follows key (such as "Rss:" or "VmHWM:") in a /proc file of this
 * process (such as "/proc/self/smaps_rollup"); the test fails when there is none. */
gsize herald_test_proc_kib (const char *path, const char *key);

/* Copies the folder @from and everything below it to @to, made if missing (a sample library
 * the test may then change). */
void herald_test_copy_tree (const char *from, const char *to);

/* A copy of the folder @from, under its own name, in a new temporary folder named after
 * @tmpl: the copy's path. */
char *herald_test_copy_to_temp (const char *from, const char *tmpl);

/* Replaces @old with @replacement in the file @path, where @old must stand exactly once. */
void herald_test_replace_once (const char *path, const char *old, const char *replacement);

/* Runs @argv (its first word looked up in PATH) in @envp (NULL: this process's) and waits
 * for it. Its standard output goes to @out, or to /dev/null when @out is NULL; its standard
 * error to @err, or to this process's when @err is NULL. Fails the test unless it ran and
 * exited; returns its exit status. */
int herald_test_spawn (const char *const *argv, const char *const *envp, char **out, char **err);

/* What a run of herald-cli printed, and its exit status. */
typedef struct
{
  char *out;
  char *err;
  int status;
} HeraldTestRun;

void herald_test_run_clear (HeraldTestRun *run);

/* Runs $HERALD_CLI with the arguments from @first to a NULL, in this process's environment
 * with the "NAME=value" entries of @env (NULL-terminated, or NULL) added, under `timeout 60`
 * so that a hang ends as status 124. */
HeraldTestRun herald_test_run_cli_va (const char *const *env, const char *first, va_list args);
HeraldTestRun
herald_test_run_cli (const char *const *env, const char *first, ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
