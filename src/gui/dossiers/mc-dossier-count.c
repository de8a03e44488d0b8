/* mc-dossier-count.c — how the dossier list shows its counts */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-dossier-count.h"

#define NO_BREAK_SPACE "\u00a0"

char *
mc_dossier_count_format_number (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, n < 0 ? -n : n);
  gsize len = strlen (digits);
  GString *out = g_string_new (n < 0 ? "-" : NULL);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, NO_BREAK_SPACE);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static gboolean
over_cap (gint64 count,
          gint64 cap)
{
  return cap > 0 && count > cap;
}

char *
mc_dossier_count_label (gint64 count,
                        gint64 cap)
{
  g_autofree char *number = NULL;

  if (over_cap (count, cap))
    {
      number = mc_dossier_count_format_number (cap);
      /* TRANSLATORS: the number of dossiers found when there are too many to count, e.g. "More than 10 000 dossiers" */
      return g_strdup_printf (_("More than %s dossiers"), number);
    }
  number = mc_dossier_count_format_number (count);
  /* TRANSLATORS: the number of dossiers found, e.g. "12 dossiers"; the number is already formatted */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s dossier", "%s dossiers", (gulong) MAX (count, 0)), number);
}

char *
mc_dossier_count_item (const char *label,
                       gint64      count,
                       gint64      cap)
{
  g_autofree char *number = NULL;
  g_autofree char *shown = NULL;

  if (count < 0)
    return g_strdup (label);
  number = mc_dossier_count_format_number (over_cap (count, cap) ? cap : count);
  if (over_cap (count, cap))
    /* TRANSLATORS: a count too big to count in full, in the state filter: "more than 10 000" */
    shown = g_strdup_printf (_("more than %s"), number);
  else
    shown = g_steal_pointer (&number);
  /* TRANSLATORS: an item of the state filter with its number of dossiers, e.g. "Received (12)" */
  return g_strdup_printf (_("%s (%s)"), label, shown);
}
