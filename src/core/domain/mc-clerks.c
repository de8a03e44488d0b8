/* mc-clerks.c — the receiving clerks' names (mc-clerks.h) */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-clerks.h"
#include "mc-text.h"
#include "mc-validate.h"

char *
mc_clerk_name_normalize (const char  *name,
                         GError     **error)
{
  g_autoptr(GError) invalid = NULL;

  if (!mc_validate_full_name (name, &invalid))
    {
      /* Translators: "%s" says what is wrong with the name. */
      g_set_error (error, MC_VALIDATE_ERROR, invalid->code, _("Receiving clerk: %s"), invalid->message);
      return NULL;
    }
  return mc_text_normalize (name);
}

static gboolean
contains_folded (GPtrArray  *names,
                 const char *folded)
{
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *other = mc_text_fold (g_ptr_array_index (names, i));

      if (g_strcmp0 (other, folded) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Appends @name unless it is there already or the list is full. */
static void
add_unique (GPtrArray  *names,
            const char *name,
            guint       max)
{
  g_autofree char *folded = mc_text_fold (name);

  if (names->len >= max || *folded == '\0' || contains_folded (names, folded))
    return;
  g_ptr_array_add (names, g_strdup (name));
}

static GStrv
to_strv (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (names, FALSE);
}

GStrv
mc_clerks_remember (const char * const *recent,
                    const char         *name,
                    guint               max)
{
  GPtrArray *names = g_ptr_array_new ();

  g_return_val_if_fail (name != NULL, NULL);

  add_unique (names, name, max);
  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    add_unique (names, recent[i], max);
  return to_strv (names);
}

GStrv
mc_clerks_parse (const char *text,
                 guint       max)
{
  GPtrArray *names = g_ptr_array_new ();
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL && names->len < max; i++)
    {
      g_autofree char *name = mc_clerk_name_normalize (lines[i], NULL);

      if (name != NULL)
        add_unique (names, name, max);
    }
  return to_strv (names);
}

char *
mc_clerks_to_text (const char * const *names)
{
  return g_strjoinv ("\n", (GStrv) names);
}
