/* herald-lint-clients.c: the client-support rule. Which HTML elements, attributes and CSS
 * features the template uses that the library's chosen email clients lack or only partly
 * support, from the caniemail snapshot. One finding per feature, at its first use in the
 * source, listing the clients. A client whose "partial" notes all concern cases the template
 * does not have is left out (herald-lint-client-notes.c); the rule records each use's element
 * and value for that (herald-lint-clients-uses.c collects the uses). The Clients view asks the
 * same per client (herald_lint_client_losses), so that it and the checks never disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "herald-lint"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "herald-client-support.h"
#include "herald-css.h"
#include "herald-html-lang.h"
#include "herald-lint-clients.h"
#include "herald-lint-clients-private.h"
#include "herald-lint-private.h"

/* Whether text[0, length) is all ASCII: eight bytes at a time. */
static gboolean
is_ascii (const char *text, gsize length)
{
  guint64 high = 0;
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      high |= word;
    }
  for (; i < length; i++)
    high |= (guchar) text[i];
  return (high & G_GUINT64_CONSTANT (0x8080808080808080)) == 0;
}

static void
position_of (const char *text, GArray *line_starts, gsize offset, guint *line, guint *column)
{
  guint low = _herald_lint_line_index (line_starts, offset);
  gsize start = g_array_index (line_starts, gsize, low);

  *line = low + 1;
  /* An email's lines are long (inline styles) and mostly ASCII, where a byte is a character:
   * g_utf8_strlen() counts the others. */
  if (is_ascii (text + start, offset - start))
    *column = (guint) (offset - start) + 1;
  else
    *column = (guint) g_utf8_strlen (text + start, offset - start) + 1;
}

/* A copy of text, kept until the collection is cleared. */
static char *
keep_string (Collect *collect, const char *text)
{
  gsize size = strlen (text) + 1;

  return memcpy (herald_arena_alloc_aligned (&collect->arena, size, 1), text, size);
}

/* The labels, joined by commas, kept until the collection is cleared. */
static char *
join_labels (Collect *collect, GPtrArray *labels)
{
  gsize length = 0;
  char *text;
  char *p;

  for (guint i = 0; i < labels->len; i++)
    length += strlen (labels->pdata[i]) + 2;
  p = text = herald_arena_alloc_aligned (&collect->arena, length + 1, 1);
  for (guint i = 0; i < labels->len; i++)
    {
      if (i > 0)
        p = g_stpcpy (p, ", ");
      p = g_stpcpy (p, labels->pdata[i]);
    }
  *p = '\0';
  return text;
}

static HeraldSupport
support_in (Collect *collect, HeraldFeatureKind kind, const char *name, const char *client)
{
  GPtrArray *features = herald_client_support_lookup (collect->support, kind, name);

  if (features == NULL || features->len == 0)
    return HERALD_SUPPORT_UNKNOWN;
  return herald_feature_get_support (g_ptr_array_index (features, 0), client, NULL);
}

/* The zeroed table of n_items items in *table, made by the first caller of the run; the
 * snapshot is the default one for the whole run, so its sizes do not change. Threads that
 * race here agree on one table. */
static gpointer
run_wide_table (gpointer *table, gsize n_items, gsize item_size)
{
  gpointer made = g_atomic_pointer_get (table);

  if (made != NULL)
    return made;
  made = g_malloc0_n (n_items, item_size);
  if (!g_atomic_pointer_compare_and_exchange (table, NULL, made))
    {
      g_free (made);
      made = g_atomic_pointer_get (table);
    }
  return made;
}

/* What the client at index in the snapshot's clients skips: the snapshot's answer, found
 * once per run (0 until then), as every template asks it of the same clients. */
static Reading
reading_of (Collect *collect, const char *client, gint index)
{
  static gpointer readings;
  Reading *all = run_wide_table (&readings, herald_client_support_get_n_clients (collect->support),
                                 sizeof (Reading));
  Reading reading;

  reading = (Reading) g_atomic_int_get ((gint *) &all[index]);
  if (reading == 0)
    {
      reading = READING_KNOWN;
      if (support_in (collect, HERALD_FEATURE_AT_RULE, "media", client) == HERALD_SUPPORT_NO &&
          support_in (collect, HERALD_FEATURE_AT_RULE, "supports", client) == HERALD_SUPPORT_NO)
        reading |= READING_NO_MEDIA;
      if (support_in (collect, HERALD_FEATURE_MEDIA_FEATURE, "prefers-color-scheme", client) ==
          HERALD_SUPPORT_NO)
        reading |= READING_NO_DARK;
      /* Threads that race here find the same answer. */
      g_atomic_int_set ((gint *) &all[index], (gint) reading);
    }
  return reading;
}

/* Whether a client with this reading reads a use: a client without @media and @supports
 * never applies the rules inside them, one without prefers-color-scheme never applies the
 * dark rules, so their support of what those rules use does not matter. */
static gboolean
reads (Reading reading, const HeraldLintUse *use)
{
  return !(((reading & READING_NO_MEDIA) != 0 && (use->flags & HERALD_LINT_USE_IN_MEDIA)) ||
           ((reading & READING_NO_DARK) != 0 && (use->flags & HERALD_LINT_USE_IN_DARK)));
}

/* Which of Use.reached and Use.first_reached hold what a client with this reading reads. */
static guint
reached_slot (Reading reading)
{
  G_STATIC_ASSERT (READING_NO_MEDIA >> 1 == 1 && READING_NO_DARK >> 1 == 2);

  return (reading & (READING_NO_MEDIA | READING_NO_DARK)) >> 1;
}

/* The uses a client with this reading reads, for the notes (borrowed until the next call on
 * another feature): one array per reading, filled again for each feature asked about. */
static GArray *
reached_uses (Collect *collect, Use *use, Reading reading)
{
  guint slot = reached_slot (reading);
  GArray *reached = collect->reached[slot];
  guint n = 0;

  if (collect->reached_use[slot] == use)
    return reached;
  if (reached == NULL)
    reached = collect->reached[slot] = g_array_new (FALSE, FALSE, sizeof (HeraldLintUse));
  g_array_set_size (reached, use->n_items);
  for (guint i = 0; i < use->n_items; i++)
    if (reads (reading, &use->items[i]))
      g_array_index (reached, HeraldLintUse, n++) = use->items[i];
  g_array_set_size (reached, n);
  collect->reached_use[slot] = use;
  return reached;
}

/* The offset of the first use a client with this reading reads, G_MAXSIZE for none: found
 * once per use and reading, without copying them, as most clients a feature is checked in
 * have no note on it. */
static gsize
first_reached (Use *use, Reading reading)
{
  guint slot = reached_slot (reading);
  gsize first = G_MAXSIZE;

  if (use->first_found & (1u << slot))
    return use->first_reached[slot];
  for (guint u = 0; u < use->n_items; u++)
    {
      const HeraldLintUse *one = &use->items[u];

      if (reads (reading, one))
        first = MIN (first, one->offset);
    }
  use->first_reached[slot] = first;
  use->first_found |= 1u << slot;
  return first;
}

/* How one client loses a feature, before its position is known. */
typedef struct
{
  HeraldSupport support;
  /* Those that concern the template, NULL-terminated; the strings are the snapshot's, the
   * array Collect.applying, until the next find_loss() */
  const char *const *notes;
  gsize offset; /* where one of them applies, or the first use the client reads; G_MAXSIZE when
                 * neither is known */
} Loss;

/* Whether a note on a feature concerns one of its uses. Clients with the same support and
 * the same reading share the note's answer (the Gmail and Outlook apps share most notes), so
 * the answers for one feature are kept with its uses (Use.answers). */
struct _NoteAnswer
{
  const char *note; /* the snapshot's: it outlives the collection */
  HeraldSupport support;
  Reading reading;
  gboolean applies;
  gsize at;
};

/* _herald_lint_note_narrowings() of a feature, found once per run by the feature's index (a
 * look-up by its slug each time cost more than the answer), as every template asks about the
 * notes of the same features. */
static guint
narrowings_of (Collect *collect, const HeraldFeature *feature)
{
  /* Each is one more than the answer once found, 0 before. */
  static gpointer found;
  guint *all = run_wide_table (&found, herald_client_support_get_n_features (collect->support),
                               sizeof (guint));
  guint index = herald_feature_get_index (feature);
  guint first;

  first = (guint) g_atomic_int_get ((gint *) &all[index]);
  if (first == 0)
    {
      first = _herald_lint_note_narrowings (herald_feature_get_slug (feature)) + 1;
      /* Threads that race here find the same answer. */
      g_atomic_int_set ((gint *) &all[index], (gint) first);
    }
  return first - 1;
}

static gboolean
note_applies (
    Collect *collect, Use *use, const char *note, HeraldSupport support, Reading reading, gsize *at)
{
  NoteAnswer answer = { note, support, reading, FALSE, G_MAXSIZE };

  for (guint i = 0; i < use->n_answers; i++)
    {
      const NoteAnswer *known = &use->answers[i];

      if (known->support == support && known->reading == reading &&
          (known->note == note || g_str_equal (known->note, note)))
        {
          *at = known->at;
          return known->applies;
        }
    }
  answer.applies = _herald_lint_note_applies_from (
      narrowings_of (collect, use->feature), herald_feature_get_slug (use->feature), note, support,
      reached_uses (collect, use, reading), &answer.at);
  *at = answer.at;
  if (use->n_answers == use->n_answers_allocated)
    {
      NoteAnswer *old = use->answers;

      use->n_answers_allocated = MAX (8, 2 * use->n_answers_allocated);
      use->answers = herald_arena_alloc_aligned (
          &collect->arena, use->n_answers_allocated * sizeof (NoteAnswer), 16);
      if (use->n_answers > 0)
        memcpy (use->answers, old, use->n_answers * sizeof (NoteAnswer));
    }
  use->answers[use->n_answers++] = answer;
  return answer.applies;
}

/* Whether client (at index in the snapshot's clients), which lacks or only partly supports
 * the feature of use (support, with the notes all), loses it in what it reads of the
 * template. A client whose every note concerns something the template does not do loses
 * nothing. */
/* Whether a client with this support of a feature may lose it: most support it. */
static gboolean
lacks (HeraldSupport support)
{
  return support == HERALD_SUPPORT_NO || support == HERALD_SUPPORT_PARTIAL;
}

/* What the snapshot says of the feature of use in the client at index (-1: unknown), with
 * its notes; answers: herald_feature_get_answers() of the feature, or NULL. */
static HeraldSupport
support_at (Collect *collect,
            Use *use,
            const HeraldClientAnswer *const *answers,
            gint index,
            const char *const **notes)
{
  /* Another thread may set the slot: it is read as the snapshot writes it. */
  const HeraldClientAnswer *answer =
      answers != NULL && index >= 0
          ? g_atomic_pointer_get ((const HeraldClientAnswer **) &answers[index])
          : NULL;

  if (answer == NULL)
    return herald_feature_get_support_at (use->feature, collect->support, index, notes);
  *notes = (const char *const *) answer->notes;
  return answer->support;
}

static gboolean
find_loss (Collect *collect,
           Use *use,
           HeraldSupport support,
           const char *const *all,
           const char *client,
           gint index,
           Loss *loss)
{
  const char **applying;
  guint n_all;
  guint n = 0;
  Reading reading;
  gsize first;

  reading = reading_of (collect, client, index);
  first = first_reached (use, reading);
  if (use->n_items > 0 && first == G_MAXSIZE)
    return FALSE;

  n_all = g_strv_length ((char **) all);
  if (n_all + 1 > collect->n_applying_allocated)
    {
      collect->n_applying_allocated = MAX (8, n_all + 1);
      collect->applying = g_renew (const char *, collect->applying, collect->n_applying_allocated);
    }
  applying = collect->applying;
  if (all[0] != NULL)
    {
      first = G_MAXSIZE;
      for (guint i = 0; all[i] != NULL; i++)
        {
          gsize at;

          if (note_applies (collect, use, all[i], support, reading, &at))
            {
              applying[n++] = all[i];
              first = MIN (first, at);
            }
        }
      if (n == 0)
        return FALSE;
    }
  applying[n] = NULL;

  loss->support = support;
  loss->notes = applying;
  loss->offset = first;
  return TRUE;
}

static char *format_message (Collect *collect, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* g_strdup_printf() of a message whose directives are all "%s", as this rule's are in English
 * and in the translations, kept until the collection is cleared: each finding makes two, and
 * GLib's printf is slow at putting a few strings in place. Any other directive (a
 * translation's "%2$s") is left to printf. */
static char *
format_message (Collect *collect, const char *format, ...)
{
  const char *args[4];
  gsize length = 0;
  guint n = 0;
  va_list ap;
  char *text;
  char *p;

  for (const char *c = strchr (format, '%'); c != NULL; c = strchr (c + 2, '%'))
    if (c[1] != 's' || n++ == G_N_ELEMENTS (args))
      {
        g_autofree char *printed = NULL;

        va_start (ap, format);
        printed = g_strdup_vprintf (format, ap);
        va_end (ap);
        return keep_string (collect, printed);
      }
  va_start (ap, format);
  for (guint i = 0; i < n; i++)
    {
      args[i] = va_arg (ap, const char *);
      if (args[i] == NULL)
        args[i] = "(null)";
      length += strlen (args[i]);
    }
  va_end (ap);
  p = text = herald_arena_alloc_aligned (&collect->arena, strlen (format) - 2 * n + length + 1, 1);
  for (guint i = 0;; i++)
    {
      const char *c = strchr (format, '%');

      if (c == NULL)
        break;
      memcpy (p, format, (gsize) (c - format));
      p = g_stpcpy (p + (c - format), args[i]);
      format = c + 2;
    }
  strcpy (p, format);
  return text;
}

/* A finding, before its position is known; it and its texts are the collection's. */
typedef struct
{
  gsize offset;
  HeraldSeverity severity;
  char *message;
  char *fix;
} Report;

/* The finding on a feature, or NULL. It is placed at the first use one of its clients reads
 * and one of their notes concerns: the rule inside @media that Outlook skips, or the
 * display:none Outlook supports, is not where Outlook's problem is. */
static Report *
describe_use (Collect *collect, Use *use, const char *const *clients, const gint *indices)
{
  GPtrArray *missing = collect->missing;
  GPtrArray *partial = collect->partial;
  GString *notes = collect->notes;
  GString *note = collect->note;
  const char *missing_text;
  const char *partial_text;
  const char *title = herald_feature_get_title (use->feature);
  const HeraldClientAnswer *const *answers = herald_feature_get_answers (use->feature);
  Report *report;
  gsize first = G_MAXSIZE;

  g_ptr_array_set_size (missing, 0);
  g_ptr_array_set_size (partial, 0);
  g_string_truncate (notes, 0);
  for (guint i = 0; clients[i] != NULL; i++)
    {
      const char *const *all;
      HeraldSupport support = support_at (collect, use, answers, indices[i], &all);
      Loss loss;
      const char *label;

      /* Most clients support most features: find_loss() is called for the others. */
      if (!lacks (support) ||
          !find_loss (collect, use, support, all, clients[i], indices[i], &loss))
        continue;
      label = herald_client_support_get_client_label (collect->support, indices[i]);
      g_ptr_array_add (loss.support == HERALD_SUPPORT_NO ? missing : partial, (gpointer) label);
      first = MIN (first, loss.offset);
      g_string_truncate (note, 0);
      for (guint n = 0; loss.notes[n] != NULL; n++)
        {
          if (n > 0)
            g_string_append_c (note, ' ');
          g_string_append (note, loss.notes[n]);
        }
      if (note->len > 0 && strstr (notes->str, note->str) == NULL)
        {
          if (notes->len > 0)
            g_string_append_c (notes, ' ');
          g_string_append (notes, label);
          g_string_append (notes, ": ");
          g_string_append_len (notes, note->str, note->len);
        }
    }
  if (missing->len == 0 && partial->len == 0)
    return NULL;

  report = herald_arena_alloc_aligned (&collect->arena, sizeof (Report), 16);
  report->offset = first != G_MAXSIZE ? first : use->offset;
  missing_text = join_labels (collect, missing);
  partial_text = join_labels (collect, partial);
  if (partial->len == 0)
    report->message =
        format_message (collect, _ ("%s is not supported in %s"), title, missing_text);
  else if (missing->len == 0)
    report->message =
        format_message (collect, _ ("%s is only partly supported in %s"), title, partial_text);
  else
    report->message =
        format_message (collect, _ ("%s is not supported in %s, and only partly in %s"), title,
                        missing_text, partial_text);
  /* Partial support is a note: what is left of it after the narrowings may still concern
   * a use Herald cannot tell apart (an account type, a rendering mode). */
  report->severity = missing->len > 0 ? HERALD_SEVERITY_WARNING : HERALD_SEVERITY_INFO;
  if (notes->len > 0)
    report->fix = keep_string (collect, notes->str);
  else
    report->fix = format_message (collect, _ ("See %s for workarounds"),
                                  herald_feature_get_url (use->feature));
  return report;
}

static void
add_reports (HeraldLintContext *lint, const char *html, GPtrArray *reports)
{
  GArray *line_starts = _herald_lint_get_html_line_starts (lint);

  /* By offset, then in the order they were made: each is made at its feature's first use
   * or near it, and the features are in order of first use. */
  _herald_lint_sort_by_offset (reports, G_STRUCT_OFFSET (Report, offset));
  for (guint i = 0; i < reports->len; i++)
    {
      Report *report = g_ptr_array_index (reports, i);
      guint line;
      guint column;

      position_of (html, line_starts, report->offset, &line, &column);
      herald_diagnostic_set_fix (_herald_lint_add (lint, "client-support", report->severity,
                                                   HERALD_PART_HTML, line, column, NULL, "%s",
                                                   report->message),
                                 report->fix);
    }
}

void
_herald_lint_rule_client_support (HeraldLintContext *lint)
{
  const char *html = herald_template_get_part (lint->tmpl, HERALD_PART_HTML);
  const char *const *clients =
      lint->clients != NULL ? lint->clients : herald_client_support_get_default_clients ();
  /* The reports and their texts are the collection's, freed with it. */
  g_autoptr (GPtrArray) reports = g_ptr_array_new ();
  g_autofree gint *indices = NULL;
  Collect collect;

  _herald_lint_clients_collect_uses (&collect, html, lint);
  collect.missing = g_ptr_array_new ();
  collect.partial = g_ptr_array_new ();
  collect.notes = g_string_new (NULL);
  collect.note = g_string_new (NULL);
  /* Each client is found in the snapshot once, not once per feature. */
  indices = g_new (gint, g_strv_length ((char **) clients) + 1);
  for (guint i = 0; clients[i] != NULL; i++)
    indices[i] = herald_client_support_find_client (collect.support, clients[i]);
  for (guint i = 0; i < collect.order->len; i++)
    {
      Report *report =
          describe_use (&collect, g_ptr_array_index (collect.order, i), clients, indices);

      if (report != NULL)
        g_ptr_array_add (reports, report);
    }
  add_reports (lint, html, reports);
  _herald_lint_clients_collect_clear (&collect);
}

static void
client_loss_clear (gpointer data)
{
  g_free (((HeraldClientLoss *) data)->notes);
}

static int
compare_losses (gconstpointer a, gconstpointer b)
{
  const HeraldClientLoss *la = a;
  const HeraldClientLoss *lb = b;

  if (la->line != lb->line)
    return la->line < lb->line ? -1 : 1;
  return la->column < lb->column ? -1 : la->column > lb->column;
}

/* What one client loses among the collected uses, where it first reads each. */
static GArray *
client_losses (Collect *collect, GArray *line_starts, const char *client)
{
  GArray *losses = g_array_new (FALSE, FALSE, sizeof (HeraldClientLoss));
  gint index = herald_client_support_find_client (collect->support, client);

  g_array_set_clear_func (losses, client_loss_clear);
  for (guint i = 0; i < collect->order->len; i++)
    {
      Use *use = g_ptr_array_index (collect->order, i);
      HeraldClientLoss found = { use->feature, HERALD_SUPPORT_NO, NULL, 0, 0 };
      const char *const *all;
      HeraldSupport support = support_at (collect, use, NULL, index, &all);
      Loss loss;

      if (!lacks (support) || !find_loss (collect, use, support, all, client, index, &loss))
        continue;
      found.support = loss.support;
      if (loss.notes[0] != NULL)
        found.notes = g_strjoinv (" ", (char **) loss.notes);
      position_of (collect->html, line_starts, loss.offset != G_MAXSIZE ? loss.offset : use->offset,
                   &found.line, &found.column);
      g_array_append_val (losses, found);
    }
  /* Stable: features first used at the same place keep their order. */
  g_array_sort (losses, compare_losses);
  return losses;
}

GPtrArray *
herald_lint_client_losses (const char *html, const char *const *clients)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr (GArray) line_starts = _herald_lint_line_starts (html);
  Collect collect;

  if (clients == NULL)
    clients = herald_client_support_get_default_clients ();
  _herald_lint_clients_collect_uses (&collect, html, NULL);
  for (guint i = 0; clients[i] != NULL; i++)
    g_ptr_array_add (all, client_losses (&collect, line_starts, clients[i]));
  _herald_lint_clients_collect_clear (&collect);
  return all;
}
