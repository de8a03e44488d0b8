/* cli-sync.c — `motcua enrol`, `motcua sync`, `motcua outbox`, `motcua requeue`, `motcua upload-file` */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli-common.h"
#include "cli-signals.h"
#include "mc-sync.h"

/* Exit codes of the sync commands for an error (docs/cli.md). */
static int
sync_exit_code (GError *error)
{
  if (error->domain == MC_SYNC_ERROR)
    {
      switch ((McSyncError) error->code)
        {
        case MC_SYNC_ERROR_NOT_ENROLLED:
        case MC_SYNC_ERROR_TOKEN_FILE:
          return MC_EXIT_CONFIG;
        case MC_SYNC_ERROR_BAD_URL:
          return MC_EXIT_DATAERR;
        case MC_SYNC_ERROR_UNREACHABLE:
          return MC_EXIT_TEMPFAIL;
        case MC_SYNC_ERROR_BLOCKED:
          return MC_EXIT_NOPERM;
        case MC_SYNC_ERROR_SERVER:
        default:
          return MC_EXIT_FAILURE;
        }
    }
  if (error->domain == G_TLS_ERROR)
    return MC_EXIT_NOPERM;
  return -1;
}

static int
sync_fail (const char *command,
           GError     *error)
{
  int code = sync_exit_code (error);

  if (code < 0)
    return mc_cli_fail (command, error);
  g_printerr ("motcua %s: %s\n", command, error->message);
  return code;
}

/* --- enrol ------------------------------------------------------------ */

static char *
read_token (const char  *path,
            GError     **error)
{
  g_autofree char *contents = NULL;

  if (g_strcmp0 (path, "-") == 0)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      char buf[1024];
      size_t n;

      while ((n = fread (buf, 1, sizeof buf, stdin)) > 0 && s->len < 65536)
        g_string_append_len (s, buf, n);
      if (ferror (stdin))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("The token cannot be read from standard input"));
          return NULL;
        }
      contents = g_string_free (g_steal_pointer (&s), FALSE);
    }
  else if (!g_file_get_contents (path, &contents, NULL, error))
    {
      g_prefix_error (error, _("Token file: "));
      return NULL;
    }
  g_strstrip (contents);
  if (*contents == '\0')
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_TOKEN_FILE,
                   _("Token file “%s” is empty: it must hold the token the province issued"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

int
mc_cli_enrol (int    argc,
              char **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *ca_file = NULL;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The server's base address, e.g. https://motcua.example.gov.vn/"), N_("URL") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, N_("File holding the access token (“-”: standard input)"), N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("The province's certificate authority (PEM), trusted instead of the system's"), N_("FILE") },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *label = NULL;
  g_autofree char *url = NULL;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "enrol", "--server URL --token-file FILE [--ca-file FILE]",
                     _("Connect this PC to the province's server. The token is read from a file, never from "
                       "the command line, checked against the server (GET /api/v1/info, which must name this "
                       "PC's unit and station), and kept in the data folder in a file only you can read."),
                     entries))
    return MC_EXIT_USAGE;
  if (argc != 1)
    return mc_cli_usage ("enrol", _("unexpected argument"));
  if (server == NULL || token_file == NULL)
    return mc_cli_usage ("enrol", _("--server and --token-file are required"));

  token = read_token (token_file, &error);
  if (token == NULL)
    return sync_fail ("enrol", error);

  store = mc_cli_open_store ("enrol", &code);
  if (store == NULL)
    return code;

  if (!mc_sync_enrol (store, server, token, ca_file, MC_SYNC_TOKEN_FILE, NULL, &label, &error))
    return sync_fail ("enrol", error);

  url = mc_sync_get_server_url (store);
  g_printerr (_("motcua enrol: warning: the token is kept in the file “%s/sync-token” (readable only by you), "
                "not in the keyring; use Preferences → Sync in MotCua Desk to keep it in the keyring\n"),
              mc_store_get_data_dir (store));
  if (label != NULL)
    g_print (_("Enrolled with %s as station “%s”\n"), url, label);
  else
    g_print (_("Enrolled with %s\n"), url);
  return MC_EXIT_OK;
}

/* --- sync ------------------------------------------------------------- */

static void
on_status_cb (McSyncEngine *engine,
              McSyncStatus *status,
              gpointer      data)
{
  g_autofree char *sent = NULL;
  g_autofree char *total = NULL;

  (void) engine;
  (void) data;
  switch (status->phase)
    {
    case MC_SYNC_PHASE_UPLOADING:
      sent = g_format_size (status->bytes_sent);
      total = g_format_size (status->bytes_total);
      g_printerr (_("Uploading: %u of %u dossiers, %s of %s\n"),
                  status->batch_done, status->batch_total, sent, total);
      break;
    case MC_SYNC_PHASE_OFFLINE:
      g_printerr (_("Server not reachable%s%s\n"), status->message ? ": " : "", status->message ? status->message : "");
      break;
    case MC_SYNC_PHASE_WAITING:
      g_printerr (_("Waiting to retry: %u dossiers\n"), status->queued);
      break;
    case MC_SYNC_PHASE_BLOCKED:
      g_printerr (_("Blocked: %s\n"), status->message ? status->message : "");
      break;
    case MC_SYNC_PHASE_IDLE:
      g_printerr (_("All uploaded\n"));
      break;
    case MC_SYNC_PHASE_NOT_ENROLLED:
    case MC_SYNC_PHASE_PAUSED:
    default:
      break;
    }
}

/* UUIDs of the dossiers with items not yet acknowledged; @attention
 * counts those with an item that needs the clerk. */
static GHashTable *
pending_dossiers (McStore  *store,
                  guint    *attention,
                  GError  **error)
{
  g_autoptr(GPtrArray) items = mc_store_list_outbox (store, error);
  g_autoptr(GHashTable) needing = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *uuids;

  if (items == NULL)
    return NULL;
  uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      McOutboxItem *item = g_ptr_array_index (items, i);

      g_hash_table_add (uuids, g_strdup (item->uuid));
      if (item->state == MC_OUTBOX_NEEDS_ATTENTION)
        g_hash_table_add (needing, item->uuid);
    }
  if (attention != NULL)
    *attention = g_hash_table_size (needing);
  return uuids;
}

static void
print_summary (GHashTable *before,
               GHashTable *after,
               guint       attention,
               const char *why)
{
  GHashTableIter iter;
  gpointer uuid;
  guint sent = 0, waiting;
  g_autoptr(GString) line = g_string_new (NULL);

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &uuid, NULL))
    if (!g_hash_table_contains (after, uuid))
      sent++;
  waiting = g_hash_table_size (after) - attention;

  g_string_append_printf (line, g_dngettext (GETTEXT_PACKAGE, "Sent %u dossier", "Sent %u dossiers", sent), sent);
  if (waiting > 0)
    {
      g_string_append (line, "; ");
      if (why != NULL)
        g_string_append_printf (line, g_dngettext (GETTEXT_PACKAGE, "%u still waiting: %s", "%u still waiting: %s",
                                                   waiting), waiting, why);
      else
        g_string_append_printf (line, g_dngettext (GETTEXT_PACKAGE, "%u still waiting", "%u still waiting",
                                                   waiting), waiting);
    }
  if (attention > 0)
    {
      g_string_append (line, "; ");
      g_string_append_printf (line, g_dngettext (GETTEXT_PACKAGE, "%u needs attention (see “motcua outbox”)",
                                                 "%u need attention (see “motcua outbox”)", attention), attention);
    }
  g_printerr ("%s\n", line->str);
}

static int
outcome_exit_code (McSyncOutcome outcome)
{
  switch (outcome)
    {
    case MC_SYNC_OUTCOME_DONE: return MC_EXIT_OK;
    case MC_SYNC_OUTCOME_REMAINING: return MC_EXIT_TEMPFAIL;
    case MC_SYNC_OUTCOME_ATTENTION: return MC_EXIT_FAILURE;
    case MC_SYNC_OUTCOME_BLOCKED: return MC_EXIT_NOPERM;
    default: return MC_EXIT_FAILURE;
    }
}

int
mc_cli_sync (int    argc,
             char **argv)
{
  gboolean once = FALSE, verbose = FALSE;
  const GOptionEntry entries[] = {
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("One pass: send what is due now, do not wait for retry times"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Print progress on standard error"), NULL },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(McSyncEngine) engine = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *why = NULL;
  McCliSignals *signals;
  McSyncOutcome outcome;
  guint attention = 0;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "sync", "[--once] [--verbose]",
                     _("Upload the dossiers waiting in the outbox, oldest first, then fetch status changes. "
                       "Exit 0: nothing left to send; 75: some remain (server unreachable or busy); "
                       "1: some need attention; 77: this station is blocked; 78: not enrolled."),
                     entries))
    return MC_EXIT_USAGE;
  if (argc != 1)
    return mc_cli_usage ("sync", _("unexpected argument"));

  store = mc_cli_open_store ("sync", &code);
  if (store == NULL)
    return code;
  engine = mc_sync_engine_new (store, &error);
  if (engine == NULL)
    return sync_fail ("sync", error);
  if (verbose)
    g_signal_connect (engine, "status", G_CALLBACK (on_status_cb), NULL);

  before = pending_dossiers (store, NULL, &error);
  if (before == NULL)
    return mc_cli_fail ("sync", error);

  /* SIGINT/SIGTERM cancel the run (an upload in flight resumes next time). */
  signals = mc_cli_signals_watch (cancellable);
  outcome = mc_sync_engine_run (engine, once, cancellable, &error);
  mc_cli_signals_unwatch (signals);

  after = pending_dossiers (store, &attention, NULL);
  if (error != NULL)
    why = g_strdup (error->message);
  else if (outcome == MC_SYNC_OUTCOME_REMAINING)
    why = g_strdup (_("waiting to retry"));
  if (after != NULL)
    print_summary (before, after, attention, why);

  if (g_cancellable_is_cancelled (cancellable))
    return MC_EXIT_FAILURE;
  if (after == NULL && error != NULL)
    g_printerr ("motcua sync: %s\n", error->message);
  if (error != NULL && error->domain == MC_SYNC_ERROR && error->code == MC_SYNC_ERROR_NOT_ENROLLED)
    return MC_EXIT_CONFIG;
  return outcome_exit_code (outcome);
}

/* --- outbox ----------------------------------------------------------- */

/* RFC 3339 in Vietnam time, or NULL for "now" (0). */
static char *
format_attempt_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) t = NULL;

  if (unix_seconds <= 0)
    return NULL;
  t = g_date_time_new_from_unix_utc (unix_seconds);
  return t != NULL ? mc_core_format_time (t) : NULL;
}

static void
print_outbox_json (GPtrArray *items)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    {
      McOutboxItem *item = g_ptr_array_index (items, i);
      g_autofree char *next = format_attempt_time (item->next_attempt_at);
      gboolean is_revision = g_strcmp0 (item->kind, "revision") == 0;

      json_builder_begin_object (b);
      mc_json_add_string_or_null (b, "uuid", item->uuid);
      mc_json_add_string_or_null (b, "code", item->code);
      mc_json_add_string_or_null (b, "kind", item->kind);
      json_builder_set_member_name (b, "revision");
      if (is_revision)
        json_builder_add_int_value (b, item->revision);
      else
        json_builder_add_null_value (b);
      mc_json_add_string_or_null (b, "action", is_revision ? NULL : item->action);
      mc_json_add_string_or_null (b, "state", mc_outbox_state_to_string (item->state));
      json_builder_set_member_name (b, "attempts");
      json_builder_add_int_value (b, item->attempts);
      mc_json_add_string_or_null (b, "next_attempt_at", next);
      mc_json_add_string_or_null (b, "last_error", item->last_error);
      mc_json_add_string_or_null (b, "last_error_field", item->last_error_field);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  mc_cli_print_json (root);
}

static void
print_outbox_table (GPtrArray *items)
{
  if (items->len == 0)
    {
      g_print ("%s\n", _("Nothing is waiting to be uploaded."));
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      McOutboxItem *item = g_ptr_array_index (items, i);
      g_autofree char *what = NULL;
      g_autofree char *next = format_attempt_time (item->next_attempt_at);
      g_autoptr(GString) line = g_string_new (NULL);

      if (g_strcmp0 (item->kind, "revision") == 0)
        what = g_strdup_printf (_("revision %d"), item->revision);
      else
        what = g_strdup_printf (_("action %s"), item->action != NULL ? item->action : "?");
      g_string_append_printf (line, "%s  %-18s  %s", item->code, what, mc_outbox_state_get_label (item->state));
      if (item->attempts > 0)
        g_string_append_printf (line, g_dngettext (GETTEXT_PACKAGE, "  (%u attempt)", "  (%u attempts)",
                                                   item->attempts), item->attempts);
      /* Also a queued item held back by the server's Retry-After. */
      if (next != NULL && item->state != MC_OUTBOX_NEEDS_ATTENTION)
        g_string_append_printf (line, _("  next try %s"), next);
      if (item->last_error != NULL)
        {
          g_string_append (line, "  — ");
          if (item->last_error_field != NULL)
            g_string_append_printf (line, "%s: ", item->last_error_field);
          g_string_append (line, item->last_error);
        }
      g_print ("%s\n", line->str);
    }
}

int
mc_cli_outbox (int    argc,
               char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "outbox", "[--json]",
                     _("List what is waiting to be uploaded, oldest dossier first: each dossier revision and "
                       "desk decision not yet acknowledged by the server, with its state and last error."),
                     entries))
    return MC_EXIT_USAGE;
  if (argc != 1)
    return mc_cli_usage ("outbox", _("unexpected argument"));

  store = mc_cli_open_store ("outbox", &code);
  if (store == NULL)
    return code;
  items = mc_store_list_outbox (store, &error);
  if (items == NULL)
    return mc_cli_fail ("outbox", error);
  if (as_json)
    print_outbox_json (items);
  else
    print_outbox_table (items);
  return MC_EXIT_OK;
}

/* --- requeue ---------------------------------------------------------- */

/* Does dossier @uuid_or_code have an item that needs attention? */
static gboolean
needs_attention (GPtrArray  *items,
                 const char *uuid_or_code)
{
  for (guint i = 0; i < items->len; i++)
    {
      McOutboxItem *item = g_ptr_array_index (items, i);

      if ((g_strcmp0 (item->uuid, uuid_or_code) == 0 || g_strcmp0 (item->code, uuid_or_code) == 0) &&
          item->state == MC_OUTBOX_NEEDS_ATTENTION)
        return TRUE;
    }
  return FALSE;
}

int
mc_cli_requeue (int    argc,
                char **argv)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "requeue", "UUID|CODE",
                     _("Send a dossier that needs attention again, once what the server's message asks for is "
                       "corrected (see “motcua outbox”). A revision the server refused is rebuilt from the "
                       "dossier as it now is. Exit 65 when the dossier has nothing that needs attention."),
                     NULL))
    return MC_EXIT_USAGE;
  if (argc != 2)
    return mc_cli_usage ("requeue", _("give one dossier code or UUID"));

  store = mc_cli_open_store ("requeue", &code);
  if (store == NULL)
    return code;
  dossier = mc_store_load_dossier (store, argv[1], &error);
  if (dossier == NULL)
    return mc_cli_fail ("requeue", error);
  items = mc_store_list_outbox (store, &error);
  if (items == NULL)
    return mc_cli_fail ("requeue", error);
  if (!needs_attention (items, argv[1]))
    {
      g_printerr (_("motcua requeue: dossier %s has nothing that needs attention; "
                    "“motcua outbox” lists what waits to be uploaded\n"), mc_dossier_get_code (dossier));
      return MC_EXIT_DATAERR;
    }
  if (!mc_store_requeue (store, argv[1], mc_core_get_actor (), &error))
    return mc_cli_fail ("requeue", error);
  g_print (_("Dossier %s is queued again: it goes with the next “motcua sync”\n"), mc_dossier_get_code (dossier));
  return MC_EXIT_OK;
}

/* --- upload-file ------------------------------------------------------ */

int
mc_cli_upload_file (int    argc,
                    char **argv)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *location = NULL;
  McCliSignals *signals;

  if (!mc_cli_parse (&argc, &argv, "upload-file", "URL FILE",
                     _("Upload one file to a tus 1.0 creation endpoint (with the sha256 checksum when the "
                       "server offers it), resuming at the server's offset after a cut, and print the "
                       "upload's URL. The enrolled token is sent only to the enrolled server."),
                     NULL))
    return MC_EXIT_USAGE;
  if (argc != 3)
    return mc_cli_usage ("upload-file", _("give the tus endpoint URL, then one file"));

  /* The store only supplies the token: do not create a data dir for it. */
  dir = mc_cli_data_dir ();
  db = g_build_filename (dir, "motcua.db", NULL);
  if (g_file_test (db, G_FILE_TEST_EXISTS))
    {
      store = mc_store_open (dir, &error);
      if (store == NULL)
        return mc_cli_fail ("upload-file", error);
    }

  signals = mc_cli_signals_watch (cancellable);
  location = mc_sync_upload_file (store, argv[1], argv[2], cancellable, &error);
  mc_cli_signals_unwatch (signals);
  if (location == NULL)
    return sync_fail ("upload-file", error);
  g_print ("%s\n", location);
  return MC_EXIT_OK;
}
