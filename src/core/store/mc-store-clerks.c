/* mc-store-clerks.c — the names of the clerks who received at this desk
 * lately, offered by the desk's quick switch (mc-clerks.h); one setting,
 * no schema change */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include "mc-clerks.h"
#include "mc-store-private.h"

#define RECENT_SETTING "recent_clerks"

GStrv
mc_store_get_recent_clerks (McStore *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  text = mc_store_get_setting (self, RECENT_SETTING);
  return mc_clerks_parse (text, MC_CLERKS_RECENT_MAX);
}

gboolean
mc_store_remember_clerk (McStore     *self,
                         const char  *full_name,
                         GError     **error)
{
  g_autofree char *name = NULL;
  g_auto(GStrv) recent = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);

  name = mc_clerk_name_normalize (full_name, error);
  if (name == NULL)
    return FALSE;
  /* Read and written under the store's lock: two saves keep both names. */
  locker = g_rec_mutex_locker_new (&self->lock);
  recent = mc_store_get_recent_clerks (self);
  names = mc_clerks_remember ((const char * const *) recent, name, MC_CLERKS_RECENT_MAX);
  text = mc_clerks_to_text ((const char * const *) names);
  return mc_store_set_setting (self, RECENT_SETTING, text, error);
}
