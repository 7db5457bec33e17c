/* herald-signal-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "herald-signal-group.h"

void
herald_signal_group_connect_notifies (GSignalGroup *group,
                                      const char *const *properties,
                                      GCallback callback,
                                      gpointer data)
{
  for (guint i = 0; properties[i] != NULL; i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", properties[i], NULL);

      g_signal_group_connect_object (group, signal, callback, data, G_CONNECT_SWAPPED);
    }
}
