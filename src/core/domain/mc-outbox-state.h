/* mc-outbox-state.h — where an outbox item stands
 *
 * A domain name: the dossier model shows its upload state with it; the
 * store's outbox tables (store/mc-store-outbox.h) keep it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MC_OUTBOX_QUEUED,           /* waiting its turn */
  MC_OUTBOX_SENDING,          /* being uploaded now (or when the desk stopped) */
  MC_OUTBOX_RETRY_WAIT,       /* transient failure; next_attempt_at says when */
  MC_OUTBOX_NEEDS_ATTENTION,  /* the server refused it; the clerk must fix and re-queue */
} McOutboxState;

const char *mc_outbox_state_to_string   (McOutboxState state);  /* "queued", "sending", "retry_wait", "needs_attention" */
gboolean    mc_outbox_state_from_string (const char *str, McOutboxState *out);  /* FALSE for "done" and unknown */
const char *mc_outbox_state_get_label   (McOutboxState state);  /* translated */

G_END_DECLS
