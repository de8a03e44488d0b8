/* mc-context-clerk.c — who is receiving at this desk
 *
 * The clerk in effect is the process's (mc_core_set_clerk ()): the actor
 * of every history entry, desk action and upload the desk records, and the
 * name printed under "Người tiếp nhận hồ sơ"; $MOTCUA_ACTOR still wins for
 * scripts. The default is kept in the store (Setup, Preferences); a quick
 * switch changes the clerk for this session only. Both run on the worker,
 * in order with the saves: a dossier asked to be saved before a switch is
 * recorded under the clerk who took it in.
 */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include "mc-context-private.h"

typedef struct
{
  char     *name;      /* normalised; NULL: forget the default */
  gboolean  persist;   /* the default (TRUE) or this session only */
} ClerkData;

typedef struct
{
  char  *default_clerk;
  GStrv  recent;
} ClerkResult;

static void
clerk_data_free (ClerkData *d)
{
  g_free (d->name);
  g_free (d);
}

static void
clerk_result_free (ClerkResult *r)
{
  g_free (r->default_clerk);
  g_strfreev (r->recent);
  g_free (r);
}

static gpointer
set_clerk_func (McContext     *self,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  ClerkData *d = data;
  ClerkResult *r;

  if (d->persist)
    {
      /* Sets the process's clerk too. */
      if (!mc_store_set_clerk (self->store, d->name, error))
        return NULL;
    }
  else
    mc_core_set_clerk (d->name);
  /* Offered next time; a failure here loses only the suggestion. */
  if (d->name != NULL && !mc_store_remember_clerk (self->store, d->name, NULL))
    g_debug ("The clerk's name was not kept among the recent ones");

  r = g_new0 (ClerkResult, 1);
  r->default_clerk = mc_store_get_clerk (self->store);
  r->recent = mc_store_get_recent_clerks (self->store);
  return r;
}

static void
set_clerk (McContext           *self,
           const char          *full_name,
           gboolean             persist,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  ClerkData *d;

  g_return_if_fail (MC_IS_CONTEXT (self));

  d = g_new0 (ClerkData, 1);
  d->persist = persist;
  if (full_name != NULL && *full_name != '\0')
    {
      d->name = mc_clerk_name_normalize (full_name, &error);
      if (d->name == NULL)
        {
          g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

          g_task_set_source_tag (task, mc_context_run_async);
          g_task_return_error (task, g_steal_pointer (&error));
          clerk_data_free (d);
          return;
        }
    }
  else if (!persist)
    {
      /* A session needs someone: the default comes back. */
      d->name = g_strdup (self->default_clerk);
    }
  mc_context_run_async (self, set_clerk_func, d, (GDestroyNotify) clerk_data_free,
                        (GDestroyNotify) clerk_result_free, cancellable, callback, user_data);
}

void
mc_context_set_default_clerk_async (McContext           *self,
                                    const char          *full_name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  set_clerk (self, full_name, TRUE, cancellable, callback, user_data);
}

void
mc_context_switch_clerk_async (McContext           *self,
                               const char          *full_name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  set_clerk (self, full_name, FALSE, cancellable, callback, user_data);
}

gboolean
mc_context_set_clerk_finish (McContext     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  ClerkResult *r = mc_context_run_finish (self, result, error);

  if (r == NULL)
    return FALSE;
  g_free (self->default_clerk);
  self->default_clerk = g_steal_pointer (&r->default_clerk);
  g_strfreev (self->recent_clerks);
  self->recent_clerks = g_steal_pointer (&r->recent);
  clerk_result_free (r);
  _mc_context_emit_clerk_changed (self);
  return TRUE;
}

const char *
mc_context_get_clerk (McContext *self)
{
  g_return_val_if_fail (MC_IS_CONTEXT (self), NULL);
  return mc_core_get_clerk ();
}

const char *
mc_context_get_default_clerk (McContext *self)
{
  g_return_val_if_fail (MC_IS_CONTEXT (self), NULL);
  return self->default_clerk;
}

const char * const *
mc_context_get_recent_clerks (McContext *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (MC_IS_CONTEXT (self), NULL);
  return self->recent_clerks != NULL ? (const char * const *) self->recent_clerks : none;
}
