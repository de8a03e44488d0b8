/* mc-outbox-state.c — the names of where an outbox item stands
 *
 * In the domain so that the dossier model can name its upload state
 * without reaching into the store's outbox tables.
 */
#define G_LOG_DOMAIN "motcua-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-text.h"
#include "mc-outbox-state.h"

static const char *outbox_state_names[] = {
  [MC_OUTBOX_QUEUED] = "queued",
  [MC_OUTBOX_SENDING] = "sending",
  [MC_OUTBOX_RETRY_WAIT] = "retry_wait",
  [MC_OUTBOX_NEEDS_ATTENTION] = "needs_attention",
};

const char *
mc_outbox_state_to_string (McOutboxState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (outbox_state_names), NULL);
  return outbox_state_names[state];
}

gboolean
mc_outbox_state_from_string (const char    *str,
                             McOutboxState *out)
{
  int i = mc_text_index_of ((const char * const *) outbox_state_names, G_N_ELEMENTS (outbox_state_names), str);

  if (i >= 0)
    *out = (McOutboxState) i;
  return i >= 0;
}

const char *
mc_outbox_state_get_label (McOutboxState state)
{
  switch (state)
    {
    case MC_OUTBOX_QUEUED: return _("Waiting to upload");
    case MC_OUTBOX_SENDING: return _("Uploading");
    case MC_OUTBOX_RETRY_WAIT: return _("Waiting to retry");
    case MC_OUTBOX_NEEDS_ATTENTION: return _("Needs attention");
    default: g_return_val_if_reached (NULL);
    }
}
