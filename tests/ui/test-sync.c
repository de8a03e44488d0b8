/* test-sync.c — uploads as the clerk sees them, with a real motcua-server
 * (under Xvfb)
 *
 * The desk is enrolled as `motcua enrol` would do it (URL in the store's
 * settings, token in the 0600 file) while the server is down: dossiers
 * taken in through the form show "Waiting" and the header says offline.
 * The server comes up on that port: they upload by themselves and the
 * header says all uploaded. The province asks for a supplement: the list
 * and the details show it. A dossier the server refuses needs attention:
 * its details say why and which field; corrected and sent again, it goes.
 *
 * MOTCUA_SERVER is the motcua-server executable (tests/ui/meson.build).
 */
#include "sync-util.h"
#include "ui-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "mc-application.h"
#include "mc-dossier-row.h"
#include "mc-intake-page.h"
#include "mc-sync-indicator.h"
#include "mc-sync-text.h"
#include "mc-window.h"

#define AGENCY "000.00.12.H29"
#define REJECT_WORD "Kiemthu"

static McApplication *app;
static McWindow *window;
static char *data_dir;
static char *server_dir;
static McServer *server;
static char *codes[3];

static GtkWidget *
win (void)
{
  return GTK_WIDGET (window);
}

static gboolean english (void);

/* With $MOTCUA_SCREENSHOT_DIR (and ImageMagick's import): NAME.png, or
 * NAME-vi.png in Vietnamese. */
static void
snap (const char *name)
{
  const char *dir = g_getenv ("MOTCUA_SCREENSHOT_DIR");
  g_autofree char *lang = english () ? NULL : g_strndup (setlocale (LC_MESSAGES, NULL), 2);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (dir == NULL)
    return;
  mc_ui_settle (600);
  path = g_strdup_printf ("%s/%s%s%s.png", dir, name, lang != NULL ? "-" : "", lang != NULL ? lang : "");
  {
    const char *argv[] = { "import", "-window", "root", path, NULL };
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("screenshot %s: %s", path, error->message);
  }
}

static gboolean
on_page (const char *page)
{
  return g_strcmp0 (mc_window_get_page (window), page) == 0;
}

/* The indicator of the list's header bar. */
static McSyncIndicator *
list_indicator (void)
{
  GtkWidget *view = mc_ui_get (win (), "dossiers_view");

  return MC_SYNC_INDICATOR (mc_ui_get (view, "sync_indicator"));
}

static const char *
indicator_text (void)
{
  return gtk_label_get_label (GTK_LABEL (mc_ui_get (GTK_WIDGET (list_indicator ()), "sync_label")));
}

/* What the indicator says for @phase with @queued waiting and @attention
 * refused, in the locale the test runs in. */
static char *
expected (McSyncPhase phase,
          guint       queued,
          guint       attention)
{
  McSyncStatus status = { .phase = phase, .queued = queued, .attention = attention };
  g_auto(McSyncSummary) summary = { 0 };

  mc_sync_summarize (&status, 0, &summary);
  return g_steal_pointer (&summary.text);
}

static gboolean
english (void)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);

  return messages == NULL || g_str_has_prefix (messages, "C") || g_str_has_prefix (messages, "en");
}

static gboolean
indicator_says (const char *text)
{
  return g_strcmp0 (indicator_text (), text) == 0;
}

/* Waits, failing with what the indicator said last. */
#define wait_indicator(text, seconds)                                                   \
  G_STMT_START {                                                                       \
    gint64 _end = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;                \
    while (!indicator_says (text))                                                     \
      {                                                                                \
        if (g_get_monotonic_time () > _end)                                            \
          g_error ("the indicator says “%s”, not “%s”", indicator_text (), text);      \
        g_main_context_iteration (NULL, FALSE);                                        \
        g_usleep (1000);                                                               \
      }                                                                                \
  } G_STMT_END

static GListModel *
list_model (void)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (mc_ui_get (win (), "list_view"))));
}

static McDossierRow *
find_row (const char *code)
{
  GListModel *model = list_model ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McDossierRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (mc_dossier_row_get_code (row), code) == 0)
        return row;   /* the model keeps it */
    }
  return NULL;
}

static gboolean
row_badge_is (const char *code,
              const char *badge)
{
  McDossierRow *row = find_row (code);

  return row != NULL && g_strcmp0 (mc_dossier_row_get_sync_label (row), badge) == 0;
}

static gboolean
row_state_is (const char *code,
              const char *state)
{
  McDossierRow *row = find_row (code);

  return row != NULL && g_strcmp0 (mc_dossier_row_get_state (row), state) == 0;
}

/* Takes a dossier in through the form, as test-desk does; its code. */
static char *
take_in (const char *name,
         const char *id_number)
{
  GtkWidget *intake, *save, *entry, *code_label;
  char *code;

  gtk_widget_activate_action (win (), "win.new-dossier", NULL);
  mc_ui_wait_until (on_page ("intake"), 10, "the intake page");
  intake = mc_ui_find_type (win (), MC_TYPE_INTAKE_PAGE);
  save = mc_ui_get (intake, "save_button");
  entry = mc_ui_get (intake, "procedure_entry");

  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "khai sinh");
  mc_ui_settle (400);
  g_signal_emit_by_name (entry, "activate");
  mc_ui_settle (100);
  mc_ui_type (intake, "full_name_row", name);
  mc_ui_type (intake, "date_of_birth_row", "02/03/1985");
  mc_ui_type (intake, "address_row", "Thôn 3, xã Tân Lập");
  mc_ui_type (intake, "phone_row", "0912 345 678");
  mc_ui_type (intake, "id_number_row", id_number);
  /* Every required paper handed in (Ctrl+T): saving does not ask. */
  gtk_widget_activate_action (intake, "intake.tick-required", NULL);
  mc_ui_wait_until (gtk_widget_get_sensitive (save), 5, "Save to be enabled");

  code_label = mc_ui_get (intake, "result_code_label");
  /* The page keeps the last receipt's code until the next one. */
  g_autofree char *before = g_strdup (gtk_label_get_label (GTK_LABEL (code_label)));
  gtk_widget_activate (save);
  mc_ui_wait_until (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (code_label)), AGENCY "-") &&
                    g_strcmp0 (gtk_label_get_label (GTK_LABEL (code_label)), before) != 0, 20,
                    "the dossier code");
  code = g_strdup (gtk_label_get_label (GTK_LABEL (code_label)));
  gtk_widget_activate (mc_ui_get (intake, "done_button"));
  mc_ui_wait_until (on_page ("dossiers"), 10, "the list after Done");
  return code;
}

/* The words, without a window. */
static void
test_summaries (void)
{
  McSyncStatus offline = { .phase = MC_SYNC_PHASE_OFFLINE, .queued = 12 };
  McSyncStatus uploading = { .phase = MC_SYNC_PHASE_UPLOADING, .queued = 12, .batch_total = 12, .batch_done = 2,
                             .bytes_total = 9800000, .bytes_sent = 4200000, .seconds_left = 65 };
  McSyncStatus idle = { .phase = MC_SYNC_PHASE_IDLE };
  McSyncStatus attention = { .phase = MC_SYNC_PHASE_IDLE, .attention = 2 };
  McSyncStatus not_enrolled = { .phase = MC_SYNC_PHASE_NOT_ENROLLED, .queued = 3 };
  McSyncStatus blocked = { .phase = MC_SYNC_PHASE_BLOCKED, .message = (char *) "the token was refused" };
  McSyncStatus connecting = { .phase = MC_SYNC_PHASE_CONNECTING, .queued = 3 };
  g_auto(McSyncSummary) s1 = { 0 };
  g_auto(McSyncSummary) s2 = { 0 };
  g_auto(McSyncSummary) s3 = { 0 };
  g_auto(McSyncSummary) s4 = { 0 };
  g_auto(McSyncSummary) s5 = { 0 };
  g_auto(McSyncSummary) s6 = { 0 };
  g_auto(McSyncSummary) s7 = { 0 };
  McDossierState local;

  mc_sync_summarize (&offline, 0, &s1);
  g_assert_cmpstr (s1.text, ==, "Offline · 12 waiting");
  g_assert_false (s1.warning);
  mc_sync_summarize (&uploading, 0, &s2);
  g_assert_cmpstr (s2.text, ==, "Uploading 3 of 12 · 4.2\u00a0MB of 9.8\u00a0MB · about 1 minute left");
  g_assert_true (s2.busy);
  mc_sync_summarize (&idle, 0, &s3);
  g_assert_cmpstr (s3.text, ==, "All uploaded");
  mc_sync_summarize (&attention, 0, &s4);
  g_assert_cmpstr (s4.text, ==, "2 need attention");
  g_assert_true (s4.warning);
  mc_sync_summarize (&not_enrolled, 0, &s5);
  g_assert_cmpstr (s5.text, ==, "Not connected · 3 waiting");
  mc_sync_summarize (&blocked, 0, &s6);
  g_assert_cmpstr (s6.text, ==, "Uploads blocked: the token was refused");
  g_assert_true (s6.warning);
  /* At start-up, before the first look at the server: not "Offline". */
  mc_sync_summarize (&connecting, 0, &s7);
  g_assert_cmpstr (s7.text, ==, "Connecting… · 3 waiting");
  g_assert_false (s7.warning);

  g_assert_cmpstr (mc_sync_field_get_label ("applicant.id_number"), ==, "ID number");
  g_assert_cmpstr (mc_sync_field_get_label ("papers[2].name"), ==, "Papers");
  g_assert_null (mc_sync_field_get_label ("received_at"));
  g_assert_cmpstr (mc_sync_server_state_label (6), ==, "Payment requested");
  g_assert_true (mc_sync_server_state_local (6, &local));
  g_assert_cmpint (local, ==, MC_DOSSIER_STATE_PROCESSING);
  g_assert_false (mc_sync_server_state_local (11, &local));
}

/* Server down: the dossiers wait, the header says so. */
static void
test_offline (void)
{
  mc_ui_wait_until (on_page ("dossiers"), 20, "the dossier list");
  codes[0] = take_in ("Đặng Thị Ánh", "001185012345");
  codes[1] = take_in ("Trần Văn Bình", "001085012345");

  g_autofree char *offline = expected (MC_SYNC_PHASE_OFFLINE, 2, 0);
  const char *waiting = mc_sync_outbox_badge_label (MC_OUTBOX_QUEUED);

  mc_ui_wait_until (row_badge_is (codes[0], waiting) && row_badge_is (codes[1], waiting), 15,
                    "both rows to show “Waiting”");
  wait_indicator (offline, 20);
  /* Always there, also over the form. */
  gtk_widget_activate_action (win (), "win.new-dossier", NULL);
  mc_ui_wait_until (on_page ("intake"), 10, "the intake page");
  {
    GtkWidget *intake = mc_ui_find_type (win (), MC_TYPE_INTAKE_PAGE);
    GtkWidget *other = mc_ui_get (intake, "sync_indicator");

    g_assert_cmpstr (mc_sync_indicator_get_text (MC_SYNC_INDICATOR (other)), ==, offline);
    snap ("sync-intake-offline");
    gtk_widget_activate_action (intake, "intake.cancel", NULL);
  }
  mc_ui_wait_until (on_page ("dossiers"), 10, "the list after Cancel");

  snap ("sync-offline");
  gtk_menu_button_popup (GTK_MENU_BUTTON (mc_ui_get (GTK_WIDGET (list_indicator ()), "menu_button")));
  snap ("sync-popover-offline");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (mc_ui_get (GTK_WIDGET (list_indicator ()), "menu_button")));
}

static gboolean
server_has (JsonArray  *dossiers,
            const char *code)
{
  for (guint i = 0; i < json_array_get_length (dossiers); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (dossiers, i), "code"), code) == 0)
      return TRUE;
  return FALSE;
}

/* Server up: they go by themselves. */
static void
test_upload_on_reconnect (void)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *all = expected (MC_SYNC_PHASE_IDLE, 0, 0);
  JsonArray *dossiers;

  g_assert_nonnull (codes[1]);
  mc_server_restart (server, MC_SYNC_ARGS ("--seed", "1"));
  wait_indicator (all, 30);

  node = mc_server_dossiers (server_dir);
  dossiers = json_node_get_array (node);
  g_assert_true (server_has (dossiers, codes[0]));
  g_assert_true (server_has (dossiers, codes[1]));
  g_assert_cmpuint (json_array_get_length (dossiers), ==, 2);
  mc_ui_wait_until (row_state_is (codes[0], "uploaded") && row_state_is (codes[1], "uploaded") &&
                    row_badge_is (codes[0], NULL) && row_badge_is (codes[1], NULL), 15,
                    "both rows to show “Uploaded”");
  snap ("sync-uploaded");
}

/* Polls /changes with "Sync Now" until @cond, at most @seconds. */
#define sync_until(cond, seconds, what)                                                 \
  G_STMT_START {                                                                       \
    gint64 _end = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;                \
    gint64 _next = 0;                                                                  \
    while (!(cond))                                                                    \
      {                                                                                \
        if (g_get_monotonic_time () > _end)                                            \
          g_error ("timed out waiting for %s", what);                                  \
        if (g_get_monotonic_time () > _next)                                           \
          {                                                                            \
            gtk_widget_activate_action (win (), "win.sync-now", NULL);                 \
            _next = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;                      \
          }                                                                            \
        g_main_context_iteration (NULL, FALSE);                                        \
        g_usleep (1000);                                                               \
      }                                                                                \
  } G_STMT_END

static gboolean
history_mentions (GtkWidget  *view,
                  const char *text)
{
  GtkWidget *list = mc_ui_get (view, "history_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row) &&
        strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text) != NULL)
      return TRUE;
  return FALSE;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static void
open_details (const char *code)
{
  GtkWidget *view = mc_ui_get (win (), "dossiers_view");
  GtkLabel *code_label = GTK_LABEL (mc_ui_get (view, "details_code_label"));
  GListModel *model = list_model ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McDossierRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (mc_dossier_row_get_code (row), code) == 0)
        {
          g_signal_emit_by_name (mc_ui_get (view, "list_view"), "activate", i);
          break;
        }
    }
  mc_ui_wait_until (g_strcmp0 (gtk_label_get_label (code_label), code) == 0, 10, "the details of the dossier");
}

/* The province asks for a supplement: the row and the details say so. */
static void
test_server_status (void)
{
  GtkWidget *view = mc_ui_get (win (), "dossiers_view");
  const char *message = "Bổ sung bản sao giấy chứng sinh";
  McResult r;

  r = mc_server_cmd (server_dir, 30000, MC_SYNC_ARGS ("set-status", codes[0], "supplement_requested",
                                                      "--message", message));
  if (r.status != 0)
    g_error ("motcua-server set-status: exit %d: %s", r.status, r.err);
  mc_result_clear (&r);
  r = mc_server_cmd (server_dir, 30000, MC_SYNC_ARGS ("set-status", codes[1], "payment_requested"));
  g_assert_cmpint (r.status, ==, 0);
  mc_result_clear (&r);

  /* No changes poll hook: "Sync Now" pulls them. */
  sync_until (row_state_is (codes[0], "supplement_requested") && row_state_is (codes[1], "processing"), 30,
              "the server's states in the list");
  g_assert_cmpstr (mc_dossier_row_get_server_label (find_row (codes[1])), ==, mc_sync_server_state_label (6));
  g_assert_null (mc_dossier_row_get_server_label (find_row (codes[0])));

  open_details (codes[0]);
  mc_ui_wait_until (history_mentions (view, message), 10, "the server's message in the history");
  g_assert_true (gtk_widget_get_visible (mc_ui_get (view, "server_state_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (mc_ui_get (view, "server_state_row"))), ==, message);
  snap ("sync-server-status");
}

/* A window of its own (a dialog) holding the widget @id. */
static GtkWidget *
visible_toplevel_with (const char *id)
{
  GtkWidget *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (found == NULL && gtk_widget_get_visible (l->data) && mc_ui_find (l->data, id) != NULL)
      found = l->data;
  return found;
}

/* Refused by the server: needs attention, with its message and field;
 * corrected and sent again, it goes. */
static void
test_needs_attention (void)
{
  GtkWidget *view = mc_ui_get (win (), "dossiers_view");
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *name = g_strdup ("Lê " REJECT_WORD " Hoa");
  g_autofree char *one = expected (MC_SYNC_PHASE_IDLE, 0, 1);
  g_autofree char *all = expected (MC_SYNC_PHASE_IDLE, 0, 0);
  guint n_history;

  mc_server_stop (server);
  mc_server_restart (server, MC_SYNC_ARGS ("--seed", "1", "--fault", "reject=" REJECT_WORD));
  codes[2] = take_in (name, "001185012346");

  wait_indicator (one, 30);
  mc_ui_wait_until (row_state_is (codes[2], "needs_attention"), 10, "the row to need attention");
  open_details (codes[2]);
  mc_ui_wait_until (gtk_widget_get_visible (mc_ui_get (view, "attention_box")), 10, "the attention banner");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (mc_ui_get (view, "attention_field"))),
                           mc_sync_field_get_label ("applicant.full_name")));
  n_history = count_children (mc_ui_get (view, "history_list"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mc_ui_get (view, "attention_message"))), !=, "");
  snap ("sync-attention");
  gtk_menu_button_popup (GTK_MENU_BUTTON (mc_ui_get (GTK_WIDGET (list_indicator ()), "menu_button")));
  snap ("sync-popover-attention");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (mc_ui_get (GTK_WIDGET (list_indicator ()), "menu_button")));

  /* "Show Dossiers Needing Attention": just that one. */
  gtk_widget_activate_action (win (), "win.show-attention", NULL);
  mc_ui_wait_until (g_list_model_get_n_items (list_model ()) == 1 && find_row (codes[2]) != NULL, 10,
                    "the list filtered to the dossier needing attention");
  gtk_widget_activate_action (view, "dossiers.clear-filters", NULL);

  /* Correct… opens the dialog on the field the server named. */
  gtk_widget_activate_action (mc_ui_get (view, "details"), "details.correct-field", "s", "applicant.full_name");
  {
    GtkWidget *dialog = NULL;
    GtkWidget *name_row;

    mc_ui_wait_until ((dialog = visible_toplevel_with ("name_row")) != NULL, 5, "the correction dialog");
    name_row = mc_ui_get (dialog, "name_row");
    mc_ui_wait_until (gtk_widget_has_focus (name_row) || gtk_widget_is_focus (name_row) ||
                      gtk_widget_get_focus_child (name_row) != NULL, 5, "the name field to have the focus");
    snap ("sync-correct");
    gtk_editable_set_text (GTK_EDITABLE (name_row), "Lê Thị Hoa");
    gtk_editable_set_text (GTK_EDITABLE (mc_ui_get (dialog, "reason_row")), "Sai chính tả");
    mc_ui_settle (50);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
    /* A click on the button also closes it; the response alone does not. */
    gtk_window_close (GTK_WINDOW (dialog));
  }

  /* Corrected and sent again: the server takes it. */
  mc_ui_wait_until (count_children (mc_ui_get (view, "history_list")) > n_history, 10,
                    "the correction in the history");
  mc_ui_settle (500);
  if (gtk_widget_get_visible (mc_ui_get (view, "attention_box")))
    gtk_widget_activate_action (mc_ui_get (view, "details"), "details.send-again", NULL);
  wait_indicator (all, 30);
  node = mc_server_dossiers (server_dir);
  g_assert_true (server_has (json_node_get_array (node), codes[2]));
}

/* Preferences → Sync, as the clerk finds it from the popover. */
static void
test_preferences (void)
{
  GtkWidget *prefs = NULL;

  gtk_widget_activate_action (win (), "win.sync-settings", NULL);
  mc_ui_settle (300);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_PREFERENCES_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      prefs = l->data;
  g_assert_nonnull (prefs);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==, "sync");
  mc_ui_wait_until (gtk_widget_get_visible (mc_ui_get (prefs, "disconnect_button")), 10, "the enrolment shown");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mc_ui_get (prefs, "server_row"))), ==, server->url);
  /* The token is never shown back. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mc_ui_get (prefs, "token_row"))), ==, "");

  /* A plain-http address that is not this PC is refused before any network. */
  gtk_editable_set_text (GTK_EDITABLE (mc_ui_get (prefs, "server_row")), "http://motcua.example.gov.vn/");
  gtk_editable_set_text (GTK_EDITABLE (mc_ui_get (prefs, "token_row")), "mct_not-a-real-token");
  mc_ui_settle (50);
  gtk_widget_activate (mc_ui_get (prefs, "connect_button"));
  mc_ui_wait_until (gtk_widget_get_visible (mc_ui_get (prefs, "sync_error_label")), 5, "the address's error");
  snap ("sync-preferences");

  /* No keyring in this session (main () leaves no session bus): the desk
   * was enrolled through the token file, and the page says where the token is. */
  g_assert_true (gtk_widget_get_visible (mc_ui_get (prefs, "keyring_note_label")));

  /* Connecting again with another token works all the same: the token
   * goes to the 0600 file, the page says so, and no error shows. (A new
   * token of the same station: one of another station would find this
   * PC's station number taken by t1's binding, §4.1.) */
  {
    g_autofree char *other = mc_server_token (server_dir, "t1");
    g_autofree char *token_path = g_build_filename (data_dir, "sync-token", NULL);
    g_autofree char *stored = NULL;
    GtkWidget *error_label = mc_ui_get (prefs, "sync_error_label");
    GStatBuf st;

    gtk_editable_set_text (GTK_EDITABLE (mc_ui_get (prefs, "server_row")), server->url);
    gtk_editable_set_text (GTK_EDITABLE (mc_ui_get (prefs, "token_row")), other);
    mc_ui_settle (50);
    gtk_widget_activate (mc_ui_get (prefs, "connect_button"));
    mc_ui_wait_until (*gtk_editable_get_text (GTK_EDITABLE (mc_ui_get (prefs, "token_row"))) == '\0', 20,
                      "the connection with the new token");
    g_assert_false (gtk_widget_get_visible (error_label));
    g_assert_true (gtk_widget_get_visible (mc_ui_get (prefs, "keyring_note_label")));
    g_assert_true (g_file_get_contents (token_path, &stored, NULL, NULL));
    g_assert_cmpstr (g_strstrip (stored), ==, other);
    g_assert_cmpint (g_stat (token_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    snap ("sync-preferences-keyring");
  }

  /* A token of another station, with this PC's station number already
   * enrolled (by the token above): refused, saying what to change (§4.1),
   * and the enrolment stays the one before. */
  {
    g_autofree char *third = mc_server_token (server_dir, "t3");
    g_autofree char *token_path = g_build_filename (data_dir, "sync-token", NULL);
    g_autofree char *stored = NULL;
    GtkWidget *error_label = mc_ui_get (prefs, "sync_error_label");

    gtk_editable_set_text (GTK_EDITABLE (mc_ui_get (prefs, "server_row")), server->url);
    gtk_editable_set_text (GTK_EDITABLE (mc_ui_get (prefs, "token_row")), third);
    mc_ui_settle (50);
    gtk_widget_activate (mc_ui_get (prefs, "connect_button"));
    mc_ui_wait_until (gtk_widget_get_visible (error_label), 20, "the station-taken error");
    if (english ())
      g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)),
                                "Another PC is already enrolled with the server as station"));
    else
      g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Tùy chỉnh → Bàn tiếp nhận"));
    g_assert_true (g_file_get_contents (token_path, &stored, NULL, NULL));
    g_assert_cmpstr (g_strstrip (stored), !=, third);
    snap ("sync-preferences-station-taken");
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
  mc_ui_settle (50);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

/* What `motcua enrol --token-file` does, without the server up: the URL in
 * the store's settings, the token in the 0600 file. */
static void
set_up_desk (const char *url,
             const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (data_dir, &error);
  g_autofree char *token_path = g_build_filename (data_dir, "sync-token", NULL);
  g_autofree char *contents = g_strdup_printf ("%s\n", token);

  g_assert_no_error (error);
  g_assert_true (mc_store_set_station (store, AGENCY, "UBND xã Tân Lập", 1, &error));
  g_assert_true (mc_store_set_setting (store, "sync.server", url, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents_full (token_path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *token = NULL;
  g_autofree char *runtime_dir = NULL;
  guint port;
  int status;

  /* Short waits (docs/sync-protocol.md, test hooks), set before the agent starts. */
  g_setenv ("MOTCUA_SYNC_PROBE_CAP_MS", "300", FALSE);
  g_setenv ("MOTCUA_SYNC_BACKOFF_BASE_MS", "100", FALSE);
  g_setenv ("MOTCUA_SYNC_BACKOFF_CAP_MS", "1000", FALSE);
  /* A desktop without a keyring (no Secret Service): no session bus at
   * all, and a runtime dir of our own, so that none is found there. */
  runtime_dir = mc_test_make_tmp_dir ();
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  mc_core_init_i18n ();

  if (g_getenv ("MOTCUA_SERVER") == NULL || !g_file_test (g_getenv ("MOTCUA_SERVER"), G_FILE_TEST_IS_EXECUTABLE))
    g_error ("MOTCUA_SERVER must name the motcua-server executable (set by tests/ui/meson.build); it is “%s”",
             g_getenv ("MOTCUA_SERVER") != NULL ? g_getenv ("MOTCUA_SERVER") : "(unset)");

  data_dir = mc_test_make_tmp_dir ();
  server_dir = mc_test_make_tmp_dir ();
  token = mc_server_token (server_dir, "t1");
  port = free_port ();
  server = g_new0 (McServer, 1);
  server->data_dir = g_strdup (server_dir);
  server->listen = g_strdup_printf ("127.0.0.1:%u", port);
  server->url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  server->port = port;
  set_up_desk (server->url, token);

  window = mc_ui_start_app ("io.github.motcua.Desk.TestSync", data_dir, &app);
  if (g_getenv ("MOTCUA_SCREENSHOT_DIR") != NULL)
    gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);

  /* The exact words are checked in the source language; under another
   * locale (screenshots in Vietnamese) the flow tests still run. */
  if (english ())
    g_test_add_func ("/sync/summaries", test_summaries);
  g_test_add_func ("/sync/offline", test_offline);
  g_test_add_func ("/sync/upload-on-reconnect", test_upload_on_reconnect);
  g_test_add_func ("/sync/server-status", test_server_status);
  g_test_add_func ("/sync/needs-attention", test_needs_attention);
  g_test_add_func ("/sync/preferences", test_preferences);
  status = g_test_run ();

  mc_window_prepare_quit (window);
  gtk_window_destroy (GTK_WINDOW (window));
  mc_ui_settle (50);
  g_clear_object (&app);
  mc_server_free (server);
  mc_test_rm_rf (data_dir);
  mc_test_rm_rf (server_dir);
  mc_test_rm_rf (runtime_dir);
  g_free (data_dir);
  g_free (server_dir);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_free (codes[i]);
  return mc_sync_done (status);
}
