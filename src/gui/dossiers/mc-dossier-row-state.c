/* mc-dossier-row-state.c — a dossier's state in words and colours: the
 * state pill, the upload badge and the server's label the dossier views
 * show */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-dossier-row-private.h"
#include "mc-sync-text.h"

/* The pill's colour: where the dossier stands, at a glance. */
const char *
_mc_dossier_row_state_color_class (McDossierState state)
{
  switch (state)
    {
    case MC_DOSSIER_STATE_RECEIVED:
    case MC_DOSSIER_STATE_UPLOADING:
    case MC_DOSSIER_STATE_RETRY_WAIT:
      return "accent";
    case MC_DOSSIER_STATE_NEEDS_ATTENTION:
    case MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED:
      return "warning";
    case MC_DOSSIER_STATE_REJECTED:
    case MC_DOSSIER_STATE_STOPPED:
      return "error";
    case MC_DOSSIER_STATE_DONE:
    case MC_DOSSIER_STATE_RETURNED:
      return "success";
    case MC_DOSSIER_STATE_DRAFT:
    case MC_DOSSIER_STATE_UPLOADED:
    case MC_DOSSIER_STATE_PROCESSING:
    case MC_DOSSIER_STATE_WITHDRAWN:
    default:
      return NULL;
    }
}

/* The lifecycle state already says it: no badge. */
static gboolean
state_says_sync (McDossierState state,
                 McOutboxState  sync)
{
  return (state == MC_DOSSIER_STATE_UPLOADING && sync == MC_OUTBOX_SENDING) ||
         (state == MC_DOSSIER_STATE_RETRY_WAIT && sync == MC_OUTBOX_RETRY_WAIT) ||
         (state == MC_DOSSIER_STATE_NEEDS_ATTENTION && sync == MC_OUTBOX_NEEDS_ATTENTION);
}

void
mc_dossier_row_sync_badge (McDossier   *dossier,
                           const char **label,
                           const char **css_class)
{
  McDossierState state = mc_dossier_get_state (dossier);
  McOutboxState sync;

  *label = NULL;
  *css_class = NULL;
  if (mc_dossier_get_sync_state (dossier, &sync))
    {
      if (!state_says_sync (state, sync))
        {
          *label = mc_sync_outbox_badge_label (sync);
          *css_class = mc_sync_outbox_badge_class (sync);
        }
      return;
    }
  /* Nothing pending and the province has it: said only where the state
   * does not (a dossier refused or stopped before it went up). */
  if (mc_dossier_get_server_state_code (dossier) > 0 &&
      (state == MC_DOSSIER_STATE_REJECTED || state == MC_DOSSIER_STATE_STOPPED))
    {
      *label = C_("upload badge", "Uploaded");
      *css_class = "success";
    }
}

const char *
mc_dossier_row_server_label (McDossier *dossier)
{
  int code = mc_dossier_get_server_state_code (dossier);
  McDossierState local;

  if (!mc_sync_server_state_local (code, &local))
    return NULL;
  /* 6 is shown as processing; 1 and 2 as uploaded: say what the server
   * says when it is more, or when the desk holds back its state (an
   * action of ours not yet acknowledged). */
  if (code == 6 || local != mc_dossier_get_state (dossier))
    {
      if ((code == 1 || code == 2) && mc_dossier_get_state (dossier) != MC_DOSSIER_STATE_UPLOADED)
        return NULL;
      return mc_sync_server_state_label (code);
    }
  return NULL;
}

const char *
mc_dossier_row_state_label (McDossierState state)
{
  switch (state)
    {
    case MC_DOSSIER_STATE_DRAFT: return C_("dossier state", "Draft");
    case MC_DOSSIER_STATE_RECEIVED: return C_("dossier state", "Received");
    case MC_DOSSIER_STATE_UPLOADING: return C_("dossier state", "Uploading");
    case MC_DOSSIER_STATE_RETRY_WAIT: return C_("dossier state", "Waiting to retry");
    case MC_DOSSIER_STATE_NEEDS_ATTENTION: return C_("dossier state", "Needs attention");
    case MC_DOSSIER_STATE_UPLOADED: return C_("dossier state", "Uploaded");
    case MC_DOSSIER_STATE_PROCESSING: return C_("dossier state", "Processing");
    case MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED: return C_("dossier state", "Supplement requested");
    case MC_DOSSIER_STATE_REJECTED: return C_("dossier state", "Rejected");
    case MC_DOSSIER_STATE_DONE: return C_("dossier state", "Done");
    case MC_DOSSIER_STATE_RETURNED: return C_("dossier state", "Returned");
    case MC_DOSSIER_STATE_WITHDRAWN: return C_("dossier state", "Withdrawn");
    case MC_DOSSIER_STATE_STOPPED: return C_("dossier state", "Stopped");
    /* A state added to the core later: its own, longer, label. */
    default: return mc_dossier_state_get_label (state);
    }
}
