/* mc-intake-id-card.c — the citizen's ID card QR in the intake form
 *
 * Clerks hold the card under a USB 2D reader, which types the QR line
 * (mc-id-card.h) like a keyboard into whatever field has the focus, then
 * Enter. A field whose text takes a "|" is holding such a line: it is not
 * copied into the form (so never into a draft), and once the line is over
 * (Enter, the focus leaving, or a pause after the issue date for readers
 * that send no Enter) the field gets back what it held and the card fills
 * the applicant at once, with an undo toast. A refused line fills nothing
 * and says why above the applicant's fields. The same from the "Scan ID
 * Card" popover (Ctrl+I) and from a photo of the card (ZBar, on a worker
 * thread).
 */
#define G_LOG_DOMAIN "motcua-intake"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-intake-form-id-card.h"
#include "mc-intake-page-private.h"

/* Readers type a line in well under a second; a pause this long after the
 * issue date means one that sends no Enter has finished. */
#define COMPLETE_PAUSE_MS   300
/* A line cut short (reader unplugged, card pulled away) is given up. */
#define INCOMPLETE_PAUSE_MS 3000
/* Keys closer than this are one burst: a reader's line, not the clerk's
 * typing (a reader types a key every few ms, a person every 100 or more). */
#define BURST_GAP_MS        500

/* What a field held before the keys now coming in fast: the reader
 * usually types over it (the text is selected when the field takes the
 * focus), so it is not what is left once the line is taken out. */
typedef struct
{
  gint64  last;      /* monotonic µs of the last change */
  guint   changes;   /* since the burst began */
  char   *start;     /* the text before it */
} Burst;

static void
burst_free (Burst *b)
{
  g_free (b->start);
  g_free (b);
}

static Burst *
get_burst (GtkWidget *field)
{
  Burst *b = g_object_get_data (G_OBJECT (field), "mc-id-card-burst");

  if (b == NULL)
    {
      b = g_new0 (Burst, 1);
      g_object_set_data_full (G_OBJECT (field), "mc-id-card-burst", b, (GDestroyNotify) burst_free);
    }
  return b;
}

struct _McIntakeIdCard
{
  GtkWidget   *button;        /* GtkMenuButton, the applicant group's header suffix */
  GtkPopover  *popover;
  GtkEditable *entry;
  GtkLabel    *popover_error;
  GtkWidget   *error_row;     /* first row of the applicant group */
  GtkLabel    *error;
  AdwToast    *toast;         /* weak: the undo of the last fill */
  GtkWidget   *pending;       /* weak: the field a line is being typed into */
  guint        pending_id;
};

static void take_payload (McIntakePage *self,
                          GtkWidget    *field,
                          const char   *payload);

/* ---- the message ------------------------------------------------------ */

static void
show_refusal (McIntakePage *self,
              GtkWidget    *field,
              const char   *reason)
{
  McIntakeIdCard *ic = self->id_card;
  g_autofree char *why = g_strdup (reason);
  g_autofree char *text = NULL;

  /* The reasons are phrases without a full stop; the sentence after needs one. */
  if (g_str_has_suffix (why, "."))
    why[strlen (why) - 1] = '\0';
  text = g_strdup_printf (_("%s. Nothing was filled in."), why);

  gtk_label_set_text (ic->error, text);
  gtk_widget_set_visible (ic->error_row, TRUE);
  gtk_label_set_text (ic->popover_error, text);
  gtk_widget_set_visible (GTK_WIDGET (ic->popover_error), TRUE);
  if (field != NULL && field != GTK_WIDGET (ic->entry))
    gtk_widget_add_css_class (field, "error");
}

static void
hide_refusal (McIntakePage *self)
{
  McIntakeIdCard *ic = self->id_card;

  gtk_widget_set_visible (ic->error_row, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (ic->popover_error), FALSE);
}

/* ---- filling and undoing ---------------------------------------------- */

static void
sync_id_kind (McIntakePage *self)
{
  gboolean was_loading = self->loading;

  /* The combo is the one applicant widget the form does not echo to. */
  self->loading = TRUE;
  adw_combo_row_set_selected (self->id_kind_row, mc_intake_form_get_id_kind (self->form));
  self->loading = was_loading;
}

static void
on_undo_clicked_cb (AdwToast     *toast,
                    McIntakePage *self)
{
  McFormApplicant *before = g_object_get_data (G_OBJECT (toast), "mc-before");

  /* Only on the form it filled (not on the next dossier's). */
  if (g_object_get_data (G_OBJECT (toast), "mc-form") != self->form || before == NULL)
    return;
  g_debug ("Undoing the fill from an ID card");
  mc_intake_form_restore_applicant (self->form, before);
  sync_id_kind (self);
  hide_refusal (self);
}

static void
offer_undo (McIntakePage    *self,
            McFormApplicant *before)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    {
      mc_form_applicant_free (before);
      return;
    }
  /* One card after another: only the last can be undone (the earlier
   * undo would bring back what the last one replaced, not the clerk's). */
  if (self->id_card->toast != NULL)
    adw_toast_dismiss (self->id_card->toast);
  toast = adw_toast_new (_("Filled in from the ID card"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "mc-before", before, (GDestroyNotify) mc_form_applicant_free);
  g_object_set_data_full (G_OBJECT (toast), "mc-form", g_object_ref (self->form), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self, 0);
  g_set_weak_pointer (&self->id_card->toast, toast);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* Fills the applicant from @payload, or says why not. @field: where it
 * was typed (nullable: from an image). */
static void
take_payload (McIntakePage *self,
              GtkWidget    *field,
              const char   *payload)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McIdCard) card = mc_id_card_parse (payload, -1, NULL, &error);
  McFormApplicant *before;

  if (card == NULL)
    {
      /* Not the message: it quotes the citizen's number and dates. */
      g_debug ("ID card QR refused (%s %d)", g_quark_to_string (error->domain), error->code);
      show_refusal (self, field, error->message);
      return;
    }
  hide_refusal (self);
  g_debug ("Filling the applicant from an ID card");
  before = mc_intake_form_fill_from_id_card (self->form, card);
  sync_id_kind (self);
  offer_undo (self, before);
  if (self->id_card->popover != NULL)
    gtk_popover_popdown (self->id_card->popover);
}

/* ---- typed into a field ----------------------------------------------- */

static void
clear_pending (McIntakePage *self)
{
  g_clear_handle_id (&self->id_card->pending_id, g_source_remove);
  g_clear_weak_pointer (&self->id_card->pending);
}

gboolean
_mc_intake_page_id_card_finish (McIntakePage *self,
                                GtkWidget    *field)
{
  g_autofree char *kept = NULL;
  g_autofree char *payload = NULL;
  Burst *b;
  gsize digits;

  if (self->id_card == NULL ||
      !mc_intake_split_id_card_text (gtk_editable_get_text (GTK_EDITABLE (field)), &kept, &payload, NULL))
    return FALSE;
  if (self->id_card->pending == field)
    clear_pending (self);

  /* The burst began with the line's first digit or before: the field
   * held its start (typed over or not). Else, slow keys: what is left. */
  b = get_burst (field);
  digits = strcspn (payload, "|");
  if (b->start != NULL && b->changes >= digits)
    {
      g_free (kept);
      kept = g_steal_pointer (&b->start);
    }
  b->changes = 0;
  b->last = 0;

  if (field == GTK_WIDGET (self->id_card->entry))
    gtk_editable_set_text (GTK_EDITABLE (field), "");
  else
    /* Echoed to the form by the field's "changed": what it held before. */
    gtk_editable_set_text (GTK_EDITABLE (field), kept);
  take_payload (self, field, payload);
  return TRUE;
}

/* Notes the burst @field's change is part of; @before: its text before. */
static void
note_change (GtkWidget  *field,
             const char *before)
{
  Burst *b = get_burst (field);
  gint64 now = g_get_monotonic_time ();

  if (b->start == NULL || now - b->last > BURST_GAP_MS * 1000)
    {
      g_free (b->start);
      b->start = g_strdup (before);
      b->changes = 0;
    }
  b->changes++;
  b->last = now;
}

static gboolean
pending_timeout_cb (gpointer user_data)
{
  McIntakePage *self = user_data;
  GtkWidget *field = self->id_card->pending;

  self->id_card->pending_id = 0;
  if (field != NULL)
    _mc_intake_page_id_card_finish (self, field);
  return G_SOURCE_REMOVE;
}

gboolean
_mc_intake_page_id_card_typed (McIntakePage *self,
                               GtkWidget    *field)
{
  McIntakeIdCard *ic = self->id_card;
  gboolean complete = FALSE;

  if (ic == NULL)
    return FALSE;
  if (!mc_intake_split_id_card_text (gtk_editable_get_text (GTK_EDITABLE (field)), NULL, NULL, &complete))
    {
      /* The form still has the text from before this change. */
      if (field != GTK_WIDGET (ic->entry) && self->form != NULL)
        note_change (field, mc_intake_form_get_text (self->form, (McFormField) GPOINTER_TO_INT (
                              g_object_get_data (G_OBJECT (field), "mc-field"))));
      if (ic->pending == field)
        clear_pending (self);
      /* The clerk typing on: the last refusal is old news. */
      if (field != GTK_WIDGET (ic->entry))
        hide_refusal (self);
      return FALSE;
    }

  get_burst (field)->last = g_get_monotonic_time ();
  /* The form holds the field's text with the line's first digits until
   * the line is over: a draft written meanwhile would keep them. */
  if (self->autosave_id != 0)
    _mc_intake_page_schedule_autosave (self);
  if (ic->pending != field)
    {
      clear_pending (self);
      g_set_weak_pointer (&ic->pending, field);
    }
  g_clear_handle_id (&ic->pending_id, g_source_remove);
  ic->pending_id = g_timeout_add (complete ? COMPLETE_PAUSE_MS : INCOMPLETE_PAUSE_MS, pending_timeout_cb, self);
  return TRUE;
}

static void
on_entry_changed_cb (GtkEditable  *entry,
                     McIntakePage *self)
{
  _mc_intake_page_id_card_typed (self, GTK_WIDGET (entry));
}

static void
on_entry_activate_cb (GtkEntry     *entry,
                      McIntakePage *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (_mc_intake_page_id_card_finish (self, GTK_WIDGET (entry)))
    return;
  /* Not even the shape of a card's line: the parser says what is wrong. */
  if (*g_strstrip (text) != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      take_payload (self, GTK_WIDGET (entry), text);
    }
}

/* ---- from an image ---------------------------------------------------- */

static void
decode_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  char *payload = mc_scan_decode_qr_file (task_data, NULL, &error);

  if (payload == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, payload, g_free);
}

static void
decode_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  McIntakePage *self = MC_INTAKE_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->form == NULL)
    return;
  if (payload == NULL)
    show_refusal (self, NULL, error->message);
  else
    take_payload (self, NULL, payload);
}

void
mc_intake_page_read_id_card_image (McIntakePage *self,
                                   GFile        *file)
{
  g_autoptr(GTask) task = NULL;
  char *path;

  g_return_if_fail (MC_IS_INTAKE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_refusal (self, NULL, _("Only a file on this computer can be read."));
      return;
    }
  task = g_task_new (self, self->cancellable, decode_done_cb, NULL);
  g_task_set_source_tag (task, mc_intake_page_read_id_card_image);
  g_task_set_task_data (task, path, g_free);
  g_task_run_in_thread (task, decode_thread);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        McIntakePage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        mc_intake_page_read_id_card_image (self, file);
    }
  g_object_unref (chooser);
}

static void
on_image_clicked_cb (McIntakePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_popover_popdown (self->id_card->popover);
  chooser = gtk_file_chooser_native_new (_("Photo of the ID Card"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Read"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the popover ------------------------------------------------------ */

static void
scan_id_card_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McIntakePage *self = MC_INTAKE_PAGE (widget);

  if (!_mc_intake_page_showing_form (self) || self->busy)
    return;
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->id_card->button));
  gtk_widget_grab_focus (GTK_WIDGET (self->id_card->entry));
}

static void
on_popover_shown_cb (McIntakePage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->id_card->entry));
}

void
_mc_intake_page_class_id_card_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "intake.scan-id-card", NULL, scan_id_card_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "intake.scan-id-card", NULL);
}

void
_mc_intake_page_init_id_card (McIntakePage *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/motcua/Desk/mc-intake-id-card.ui");
  McIntakeIdCard *ic = g_new0 (McIntakeIdCard, 1);
  GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (self->full_name_row), ADW_TYPE_PREFERENCES_GROUP);
  GtkWidget *list = gtk_widget_get_parent (GTK_WIDGET (self->full_name_row));

  g_return_if_fail (group != NULL && GTK_IS_LIST_BOX (list));

  self->id_card = ic;
  ic->button = GTK_WIDGET (gtk_builder_get_object (builder, "id_card_button"));
  ic->popover = GTK_POPOVER (gtk_builder_get_object (builder, "id_card_popover"));
  ic->entry = GTK_EDITABLE (gtk_builder_get_object (builder, "id_card_entry"));
  ic->popover_error = GTK_LABEL (gtk_builder_get_object (builder, "id_card_popover_error"));
  ic->error_row = GTK_WIDGET (gtk_builder_get_object (builder, "id_card_error_row"));
  ic->error = GTK_LABEL (gtk_builder_get_object (builder, "id_card_error"));

  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), ic->button);
  /* Out of the Tab order (Enter on the procedure goes on to the name, the
   * keys counted by tests/ui/test-desk.c); Ctrl+I reaches it. Its toggle
   * only: can-focus would keep the focus out of the popover too. */
  for (GtkWidget *child = gtk_widget_get_first_child (ic->button); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_widget_set_focusable (child, FALSE);
  gtk_list_box_insert (GTK_LIST_BOX (list), ic->error_row, 0);
  /* Screen readers read the reason with the fields it is about. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->full_name_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->full_name_error, ic->error, NULL, -1);

  g_signal_connect (ic->entry, "changed", G_CALLBACK (on_entry_changed_cb), self);
  g_signal_connect (ic->entry, "activate", G_CALLBACK (on_entry_activate_cb), self);
  g_signal_connect_swapped (ic->popover, "show", G_CALLBACK (on_popover_shown_cb), self);
  g_signal_connect_swapped (gtk_builder_get_object (builder, "id_card_image_button"), "clicked",
                            G_CALLBACK (on_image_clicked_cb), self);
}

void
_mc_intake_page_dispose_id_card (McIntakePage *self)
{
  if (self->id_card == NULL)
    return;
  clear_pending (self);
  g_clear_weak_pointer (&self->id_card->toast);
  g_clear_pointer (&self->id_card, g_free);
}
