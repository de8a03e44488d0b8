/* mc-sync-text.c — the words the desk uses for uploads */
#define G_LOG_DOMAIN "motcua-sync-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-sync-text.h"

void
mc_sync_summary_clear (McSyncSummary *summary)
{
  g_clear_pointer (&summary->text, g_free);
  g_clear_pointer (&summary->details, g_free);
  g_clear_pointer (&summary->clock_warning, g_free);
}

char *
mc_sync_format_time_left (gint64 seconds)
{
  gint64 minutes, hours;

  if (seconds < 0)
    return NULL;
  if (seconds < 60)
    /* TRANSLATORS: the time an upload still needs, under a minute */
    return g_strdup (_("less than a minute left"));
  minutes = (seconds + 30) / 60;
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u minute left", "about %u minutes left",
                                         (gulong) minutes), (guint) minutes);
  hours = (minutes + 30) / 60;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %u hour left", "about %u hours left",
                                       (gulong) hours), (guint) hours);
}

char *
mc_sync_format_unix_time (gint64 unix_time)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_time <= 0)
    return NULL;
  tz = mc_core_vietnam_tz ();
  utc = g_date_time_new_from_unix_utc (unix_time);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}

/* "in 3 minutes" for the next automatic try. */
static char *
format_next_attempt (gint64 at,
                     gint64 now)
{
  gint64 wait = at - now;

  if (at <= 0)
    return NULL;
  if (wait <= 0)
    return g_strdup (_("Next attempt: now"));
  if (wait < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Next attempt in %u second", "Next attempt in %u seconds",
                                         (gulong) wait), (guint) wait);
  if (wait < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Next attempt in %u minute", "Next attempt in %u minutes",
                                         (gulong) ((wait + 59) / 60)), (guint) ((wait + 59) / 60));
  {
    g_autofree char *when = mc_sync_format_unix_time (at);
    /* TRANSLATORS: when the desk tries to upload again, e.g. "Next attempt at 24/11/2026 08:00" */
    return g_strdup_printf (_("Next attempt at %s"), when);
  }
}

/* @format: a translated "… %u waiting" for @queued; @without_count when none wait. */
static char *
waiting_text (const char *without_count,
              guint       queued,
              const char *format)
{
  if (queued == 0)
    return g_strdup (without_count);
  return g_strdup_printf (format, queued);
}

static char *
uploading_text (const McSyncStatus *status)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *left = mc_sync_format_time_left (status->seconds_left);
  guint done = MIN (status->batch_done + 1, MAX (status->batch_total, 1));

  /* TRANSLATORS: the dossier being uploaded and the dossiers of the batch, e.g. "Uploading 3 of 12" */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Uploading %u of %u", "Uploading %u of %u",
                                             MAX (status->batch_total, 1)),
                          done, MAX (status->batch_total, 1));
  if (status->bytes_total > 0)
    {
      g_autofree char *sent = g_format_size (MIN (status->bytes_sent, status->bytes_total));
      g_autofree char *total = g_format_size (status->bytes_total);

      /* TRANSLATORS: appended to "Uploading 3 of 12": the bytes sent of the batch, e.g. " · 4.2 MB of 9.8 MB" */
      g_string_append_printf (text, _(" · %s of %s"), sent, total);
    }
  if (left != NULL)
    /* TRANSLATORS: appended to "Uploading 3 of 12 · 4.2 MB of 9.8 MB": e.g. " · about 1 minute left" */
    g_string_append_printf (text, _(" · %s"), left);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
attention_text (guint attention)
{
  /* TRANSLATORS: dossiers the server refused: the clerk must correct them and send them again */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u needs attention", "%u need attention", attention),
                          attention);
}

/* §9.6: the desk's clock is too far from the server's (the receipts print
 * the desk's time). NULL when within limits.clock_skew_warning. */
static char *
clock_skew_text (const McSyncStatus *status)
{
  gint64 limit = status->clock_skew_warning > 0 ? status->clock_skew_warning : 300;
  gint64 off = ABS (status->clock_skew);
  gulong minutes;

  if (off <= limit)
    return NULL;
  minutes = (gulong) ((off + 30) / 60);
  /* TRANSLATORS: the PC's clock differs from the province's server by this many minutes */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "This computer's clock is %lu minute off the server's",
                                       "This computer's clock is %lu minutes off the server's", minutes),
                          minutes);
}

static void
add_line (GString    *lines,
          const char *line)
{
  if (line == NULL || *line == '\0')
    return;
  if (lines->len > 0)
    g_string_append_c (lines, '\n');
  g_string_append (lines, line);
}

void
mc_sync_summarize (const McSyncStatus *status,
                   gint64              now,
                   McSyncSummary      *out)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *phase_text = NULL;
  g_autofree char *next = NULL;
  g_autofree char *last = NULL;

  g_return_if_fail (status != NULL && out != NULL);

  memset (out, 0, sizeof *out);
  switch (status->phase)
    {
    case MC_SYNC_PHASE_NOT_ENROLLED:
      /* TRANSLATORS: no server set up yet; the number of dossiers kept until then (short: the sidebar is narrow) */
      phase_text = waiting_text (_("Not connected"), status->queued,
                                 g_dngettext (GETTEXT_PACKAGE, "Not connected · %u waiting",
                                              "Not connected · %u waiting", status->queued));
      out->icon_name = "network-server-symbolic";
      add_line (details, _("Dossiers are kept on this PC. Connect to the province’s server in Sync Settings "
                           "to upload them."));
      break;
    case MC_SYNC_PHASE_PAUSED:
      /* TRANSLATORS: the clerk paused uploads; the number of dossiers waiting */
      phase_text = waiting_text (_("Uploads paused"), status->queued,
                                 g_dngettext (GETTEXT_PACKAGE, "Uploads paused · %u waiting",
                                              "Uploads paused · %u waiting", status->queued));
      out->icon_name = "media-playback-pause-symbolic";
      break;
    case MC_SYNC_PHASE_OFFLINE:
      /* TRANSLATORS: the server does not answer; the number of dossiers waiting to be uploaded */
      phase_text = waiting_text (_("Offline"), status->queued,
                                 g_dngettext (GETTEXT_PACKAGE, "Offline · %u waiting", "Offline · %u waiting",
                                              status->queued));
      out->icon_name = "network-offline-symbolic";
      add_line (details, _("The province’s server cannot be reached. Dossiers are kept and uploaded by themselves "
                           "once it answers."));
      break;
    case MC_SYNC_PHASE_BLOCKED:
      phase_text = status->message != NULL && *status->message != '\0'
                   /* TRANSLATORS: uploads cannot go on; the reason follows */
                   ? g_strdup_printf (_("Uploads blocked: %s"), status->message)
                   : g_strdup (_("Uploads blocked"));
      out->icon_name = "dialog-error-symbolic";
      out->warning = TRUE;
      break;
    case MC_SYNC_PHASE_UPLOADING:
      phase_text = uploading_text (status);
      out->icon_name = "emblem-synchronizing-symbolic";
      out->busy = TRUE;
      break;
    case MC_SYNC_PHASE_WAITING:
      /* TRANSLATORS: the upload failed for a moment; dossiers wait for the next attempt */
      phase_text = waiting_text (_("Waiting to retry"), status->queued,
                                 g_dngettext (GETTEXT_PACKAGE, "Waiting to retry · %u waiting",
                                              "Waiting to retry · %u waiting", status->queued));
      out->icon_name = "alarm-symbolic";
      break;
    case MC_SYNC_PHASE_CONNECTING:
      /* TRANSLATORS: the desk has just started and is looking for the server; the number of dossiers waiting */
      phase_text = waiting_text (_("Connecting…"), status->queued,
                                 g_dngettext (GETTEXT_PACKAGE, "Connecting… · %u waiting",
                                              "Connecting… · %u waiting", status->queued));
      out->icon_name = "network-server-symbolic";
      break;
    case MC_SYNC_PHASE_IDLE:
    default:
      phase_text = status->queued > 0
                   ? waiting_text ("", status->queued,
                                  g_dngettext (GETTEXT_PACKAGE, "%u waiting to upload", "%u waiting to upload",
                                               status->queued))
                   : g_strdup (_("All uploaded"));
      out->icon_name = status->queued > 0 ? "document-send-symbolic" : "emblem-ok-symbolic";
      break;
    }

  if (status->attention > 0)
    {
      g_autofree char *attention = attention_text (status->attention);

      out->warning = TRUE;
      /* Progress stays in sight while uploading; otherwise what the clerk must do comes first. */
      if (status->phase == MC_SYNC_PHASE_UPLOADING || status->phase == MC_SYNC_PHASE_BLOCKED ||
          status->phase == MC_SYNC_PHASE_NOT_ENROLLED)
        {
          out->text = g_steal_pointer (&phase_text);
          add_line (details, attention);
        }
      else
        {
          out->text = g_steal_pointer (&attention);
          out->icon_name = "dialog-warning-symbolic";
          add_line (details, _("Open them, correct what the server’s message says, then send them again."));
          if (status->phase == MC_SYNC_PHASE_IDLE && status->queued == 0)
            add_line (details, _("All the others are uploaded."));
          else
            add_line (details, phase_text);
        }
    }
  else
    out->text = g_steal_pointer (&phase_text);

  /* Not enrolled, the line above says what to do; the core's message
   * also names the CLI's command, which is not for a clerk. */
  if (status->message != NULL && status->phase != MC_SYNC_PHASE_BLOCKED &&
      status->phase != MC_SYNC_PHASE_NOT_ENROLLED)
    add_line (details, status->message);
  out->clock_warning = clock_skew_text (status);
  next = format_next_attempt (status->next_attempt_at, now);
  if (status->phase != MC_SYNC_PHASE_NOT_ENROLLED && status->phase != MC_SYNC_PHASE_PAUSED &&
      status->phase != MC_SYNC_PHASE_UPLOADING)
    add_line (details, next);
  last = mc_sync_format_unix_time (status->last_success_at);
  if (last != NULL)
    {
      /* TRANSLATORS: when the server last acknowledged an upload, e.g. "Last upload: 23/11/2026 09:15" */
      g_autofree char *line = g_strdup_printf (_("Last upload: %s"), last);
      add_line (details, line);
    }

  out->details = details->len > 0 ? g_string_free (g_steal_pointer (&details), FALSE) : NULL;
}

const char *
mc_sync_outbox_badge_label (McOutboxState state)
{
  switch (state)
    {
    case MC_OUTBOX_QUEUED: return C_("upload badge", "Waiting");
    case MC_OUTBOX_SENDING: return C_("upload badge", "Uploading");
    case MC_OUTBOX_RETRY_WAIT: return C_("upload badge", "Retry");
    case MC_OUTBOX_NEEDS_ATTENTION: return C_("upload badge", "Needs attention");
    default: return NULL;
    }
}

const char *
mc_sync_outbox_badge_class (McOutboxState state)
{
  switch (state)
    {
    case MC_OUTBOX_SENDING: return "accent";
    case MC_OUTBOX_NEEDS_ATTENTION: return "warning";
    case MC_OUTBOX_QUEUED:
    case MC_OUTBOX_RETRY_WAIT:
    default: return NULL;
    }
}

const char *
mc_sync_server_state_label (int code)
{
  switch (code)
    {
    case 1: return C_("server state", "Registered");
    case 2: return C_("server state", "Accepted");
    case 3: return C_("server state", "Refused");
    case 4: return C_("server state", "Processing");
    case 5: return C_("server state", "Supplement requested");
    case 6: return C_("server state", "Payment requested");
    case 7: return C_("server state", "Withdrawn");
    case 8: return C_("server state", "Stopped");
    case 9: return C_("server state", "Done");
    case 10: return C_("server state", "Returned");
    default: return NULL;
    }
}

gboolean
mc_sync_server_state_local (int             code,
                            McDossierState *out)
{
  static const McDossierState local[] = {
    MC_DOSSIER_STATE_UPLOADED, MC_DOSSIER_STATE_UPLOADED, MC_DOSSIER_STATE_REJECTED,
    MC_DOSSIER_STATE_PROCESSING, MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED, MC_DOSSIER_STATE_PROCESSING,
    MC_DOSSIER_STATE_WITHDRAWN, MC_DOSSIER_STATE_STOPPED, MC_DOSSIER_STATE_DONE, MC_DOSSIER_STATE_RETURNED,
  };

  if (code < 1 || code > (int) G_N_ELEMENTS (local))
    return FALSE;
  *out = local[code - 1];
  return TRUE;
}

const char *
mc_sync_field_get_label (const char *path)
{
  static const struct { const char *path; const char *label; } fields[] = {
    { "applicant.full_name", N_("Full name") },
    { "applicant.id_kind", N_("ID kind") },
    { "applicant.id_number", N_("ID number") },
    { "applicant.date_of_birth", N_("Date of birth") },
    { "applicant.phone", N_("Phone") },
    { "applicant.address", N_("Address") },
    { "applicant.email", N_("Email") },
    { "notes", N_("Notes") },
    { "sets", N_("Sets") },
    { "papers", N_("Papers") },
    { "attachments", N_("Attachments") },
  };
  gsize len;

  if (path == NULL)
    return NULL;
  /* "papers[2].name" is about the papers. */
  len = strcspn (path, "[");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strlen (fields[i].path) == len && strncmp (fields[i].path, path, len) == 0)
      return _(fields[i].label);
  return NULL;
}
